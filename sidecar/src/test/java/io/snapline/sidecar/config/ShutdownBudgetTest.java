package io.snapline.sidecar.config;

import static io.snapline.sidecar.config.ConfigFixtures.MAX_HEAP;
import static io.snapline.sidecar.config.ConfigFixtures.VALID_START;
import static io.snapline.sidecar.config.ConfigFixtures.errors;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.snapline.engine.ring.Pipeline;
import io.snapline.sidecar.ops.DaemonThreads;
import io.snapline.tailer.TailerLoop;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * The timeouts of a stop's parts must add up to no more than {@code shutdown.timeout}: reader
 * stop, drain, ring thread joins, the sidecar's threads, closing the queue. A config whose parts
 * do not fit is refused at the key that made it so, and the defaults fit.
 */
class ShutdownBudgetTest {


    @Test
    void shouldFitTheDefaultStopBudgetsInTheDefaultShutdownTimeout() throws Exception {
        SnaplineConfig config = ConfigLoader.parse(VALID_START, "defaults.yaml", Map.of(), MAX_HEAP);

        ShutdownBudget budget = new ShutdownBudget(config.engine().drainTimeout());
        assertTrue(budget.fitsIn(config.shutdownTimeout()),
                budget.describe() + " must fit in " + config.shutdownTimeout());
    }

    @Test
    void shouldSumEveryPartFromTheConstantsTheComponentsUse() {
        ShutdownBudget budget = new ShutdownBudget(Duration.ofSeconds(10));

        Duration expected = TailerLoop.STOP_TIMEOUT.multipliedBy(2).plus(Duration.ofSeconds(10))
                .plus(Pipeline.JOIN_TIMEOUT).plus(DaemonThreads.STOP_TIMEOUT.multipliedBy(4))
                .plus(ShutdownBudget.CLOSE_ALLOWANCE);
        assertEquals(expected, budget.total());
        assertEquals("reader stop 10s + engine.drain_timeout 10s + ring thread joins 5s + sidecar threads 8s"
                + " + closing the queue 2s = 35s", budget.describe());
    }

    /** Accepted before: a drain of 10s fitted a shutdown of 10s, with the reader's 10s and the joins on top. */
    @Test
    void shouldRefuseAShutdownTimeoutThatDoesNotHoldTheStopBudgets() {
        assertEquals(List.of(new ConfigError("shutdown.timeout", 8, "expected at least 35s (the stop budgets add up"
                + " to reader stop 10s + engine.drain_timeout 10s + ring thread joins 5s + sidecar threads 8s"
                + " + closing the queue 2s = 35s), got 10s; raise it or lower engine.drain_timeout")),
                errors(VALID_START + """
                        shutdown:
                          timeout: 10s
                        """));
    }

    @Test
    void shouldRefuseADrainTimeoutThatLeavesTheOtherPartsNoRoom() {
        assertEquals(List.of(new ConfigError("engine.drain_timeout", 8, "expected at most 15s for shutdown.timeout"
                + " (40s by default): the stop budgets add up to reader stop 10s + engine.drain_timeout 20s"
                + " + ring thread joins 5s + sidecar threads 8s + closing the queue 2s = 45s; lower it or set"
                + " shutdown.timeout to at least 45s")),
                errors(VALID_START + """
                        engine:
                          drain_timeout: 20s
                        """));
    }

    @Test
    void shouldAcceptALongerDrainWithAShutdownTimeoutThatHoldsIt() throws Exception {
        SnaplineConfig config = ConfigLoader.parse(VALID_START + """
                engine:
                  drain_timeout: 60s
                shutdown:
                  timeout: 85s
                """, "long-drain.yaml", Map.of(), MAX_HEAP);

        assertEquals(Duration.ofSeconds(60), config.engine().drainTimeout());
        assertEquals(Duration.ofSeconds(85), config.shutdownTimeout());
    }

}
