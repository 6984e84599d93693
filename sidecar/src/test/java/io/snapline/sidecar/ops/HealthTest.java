package io.snapline.sidecar.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Health from the engine's running state, failure, written count and lag, on a clock the test moves. */
class HealthTest {

    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong lag = new AtomicLong();
    private final AtomicLong nanos = new AtomicLong(123_456_789L);
    private final AtomicReference<HealthStatus> condition = new AtomicReference<>();
    private final AtomicReference<HealthStatus> otherCondition = new AtomicReference<>();
    private final Health health = new Health(running::get, failure::get, written::get, lag::get,
            Duration.ofSeconds(60), nanos::get, List.of(condition::get, otherCondition::get));

    private void advance(long seconds) {
        nanos.addAndGet(TimeUnit.SECONDS.toNanos(seconds));
    }

    @Test
    void shouldBeHealthyWhileRunningAndWriting() {
        assertEquals(HealthStatus.OK, health.check());
        lag.set(10_000);
        for (int i = 0; i < 5; i++) {
            advance(30);
            written.addAndGet(100);
            assertEquals(HealthStatus.OK, health.check(), "lag is being worked off");
        }
    }

    @Test
    void shouldBeHealthyWhenCaughtUpAndIdleForLong() {
        advance(3600);
        assertEquals(HealthStatus.OK, health.check(), "no lag: nothing to write is not a stall");
        lag.set(500); // new data just arrived after an hour of quiet
        assertEquals(HealthStatus.OK, health.check(), "the stall clock starts when lag appears, not at the last write");
        advance(59);
        assertEquals(HealthStatus.OK, health.check());
    }

    @Test
    void shouldReportStalledWhenLagStandsAndNothingIsWrittenForStallAfter() {
        lag.set(4096);
        assertEquals(HealthStatus.OK, health.check());
        advance(59);
        assertTrue(health.check().healthy());
        advance(16);
        assertEquals(HealthStatus.unhealthy("stalled: 4096 bytes unread and nothing written for 75 s"), health.check());

        written.incrementAndGet();
        assertEquals(HealthStatus.OK, health.check(), "a write ends the stall");
        advance(61);
        assertEquals("stalled: 4096 bytes unread and nothing written for 61 s", health.check().reason());
        lag.set(0);
        assertEquals(HealthStatus.OK, health.check(), "caught up ends the stall");
    }

    @Test
    void shouldReportNotRunning() {
        running.set(false);
        assertEquals(HealthStatus.unhealthy("not running"), health.check());
    }

    @Test
    void shouldReportTheFailureBeforeNotRunning() {
        running.set(false);
        failure.set(new IOException("queue directory full"));
        assertEquals(HealthStatus.unhealthy("failed: queue directory full"), health.check());
        failure.set(new IllegalStateException());
        assertEquals("failed: java.lang.IllegalStateException", health.check().reason(), "no message: the type says something");
    }

    @Test
    void shouldNameAHeldBackStreamRatherThanCallItStalled() {
        lag.set(10_000);
        condition.set(HealthStatus.unhealthy("intake paused: 10 MiB free on the queue's filesystem"));
        advance(120);
        assertEquals("intake paused: 10 MiB free on the queue's filesystem", health.check().reason());
        assertFalse(health.check().healthy());
    }

    @Test
    void shouldStayHealthyButSayWhatIsDegraded() {
        otherCondition.set(HealthStatus.degraded("1 file unreadable"));
        HealthStatus status = health.check();
        assertTrue(status.healthy());
        assertEquals("degraded: 1 file unreadable", status.reason());
        condition.set(HealthStatus.unhealthy("intake paused"));
        assertEquals(HealthStatus.unhealthy("intake paused"), health.check(), "held back outranks degraded");
        condition.set(null);
        otherCondition.set(null);
        assertEquals(HealthStatus.OK, health.check());
    }

    /**
     * The bytes that stand unread may be an unreadable file's (a chmod 000 hour file on a quiet
     * node): "stalled" must still say so, or the operator looks for a stuck writer.
     */
    @Test
    void shouldNameWhatIsDegradedWhenItReportsAStall() {
        lag.set(4096);
        otherCondition.set(HealthStatus.degraded("1 file unreadable: /hl/data/x/5 (Permission denied)"));
        assertEquals("degraded: 1 file unreadable: /hl/data/x/5 (Permission denied)", health.check().reason());
        advance(61);
        assertEquals(HealthStatus.unhealthy("stalled: 4096 bytes unread and nothing written for 61 s;"
                + " degraded: 1 file unreadable: /hl/data/x/5 (Permission denied)"), health.check());
    }

    @Test
    void shouldPutTheEnginesOwnFailureFirst() {
        condition.set(HealthStatus.unhealthy("intake paused"));
        failure.set(new IllegalStateException("writer died"));
        assertEquals("failed: writer died", health.check().reason());
    }
}
