package io.snapline.sidecar.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.snapline.testkit.Resources;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The status line from meters the test registers under the engine's names, on a clock the test moves. */
class StatusLoggerTest {

    private final MeterRegistry registry = new SimpleMeterRegistry();
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

    private void advance(long seconds) {
        nanos.addAndGet(TimeUnit.SECONDS.toNanos(seconds));
    }

    @Test
    void shouldPrintZerosForMetersThatAreNotThere() {
        StatusLogger status = new StatusLogger(registry, Duration.ofSeconds(10), nanos::get, false);
        advance(10);
        assertEquals("lines/s 0 | records/s 0 | dead letters 0 (+0) | batch lines p50 0 max 0 mean 0 | ring 0 | lag 0 B"
                + " | heap 0 B", status.line());
    }

    @Test
    void shouldReportRatesAndDeadLettersOfTheIntervalAndTheGaugesNow() {
        AtomicLong linesRead = new AtomicLong(5_000_000); // before the logger started: not in its first interval
        FunctionCounter.builder("snapline.lines.read", linesRead, AtomicLong::get).register(registry);
        Counter statuses = Counter.builder("snapline.records.written").tag("type", "order_status").register(registry);
        Counter fills = Counter.builder("snapline.records.written").tag("type", "fill").register(registry);
        Counter malformed = Counter.builder("snapline.dead.letters").tag("reason", "malformed_json").register(registry);
        Counter tooLong = Counter.builder("snapline.dead.letters").tag("reason", "line_too_long").register(registry);
        DistributionSummary batches = DistributionSummary.builder("snapline.batch.lines")
                .publishPercentiles(0.5, 0.99).register(registry);
        AtomicLong occupancy = new AtomicLong(3);
        Gauge.builder("snapline.ring.occupancy", occupancy, AtomicLong::get).register(registry);
        Gauge.builder("snapline.ring.slots", () -> 16).register(registry);
        Gauge.builder("snapline.lag.unread", () -> 3L << 30).register(registry);
        Gauge.builder("jvm.memory.used", () -> 200L << 20).tag("area", "heap").tag("id", "G1 Old Gen").register(registry);
        Gauge.builder("jvm.memory.used", () -> 112L << 20).tag("area", "heap").tag("id", "G1 Eden Space").register(registry);
        Gauge.builder("jvm.memory.used", () -> 50L << 20).tag("area", "nonheap").tag("id", "Metaspace").register(registry);
        malformed.increment(7);

        StatusLogger status = new StatusLogger(registry, Duration.ofSeconds(10), nanos::get, false);
        linesRead.addAndGet(1_823_400);
        statuses.increment(1_500_000);
        fills.increment(312_070);
        malformed.increment(2);
        tooLong.increment();
        for (int i = 0; i < 100; i++) {
            batches.record(4096);
        }
        batches.record(8192);
        advance(10);
        String first = status.line();
        double p50 = batches.takeSnapshot().percentileValues()[0].value();
        assertEquals("lines/s 182340 | records/s 181207 | dead letters 10 (+3) | batch lines p50 " + Math.round(p50)
                + " max 8192 mean 4137 | ring 3/16 | lag 3.0 GiB | heap 312 MiB", first);
        assertTrue(Math.abs(p50 - 4096) < 4096 * 0.05, "p50 from the summary's snapshot: " + p50);

        occupancy.set(0);
        linesRead.addAndGet(100);
        batches.record(100);
        advance(20);
        String second = status.line();
        assertTrue(second.startsWith("lines/s 5 | records/s 0 | dead letters 10 (+0) | batch lines p50 "),
                "the second interval counts from the first line: " + second);
        assertTrue(second.contains(" mean 100 | ring 0/16 |"), second);
        advance(10);
        assertTrue(status.line().contains(" mean 0 | "), "an interval without batches has no mean");
    }

    @Test
    void shouldLogOneInfoLinePerIntervalOnItsOwnThreadUntilClosed() {
        Set<Thread> before = Resources.threadsNamed(StatusLogger.THREAD_NAME);
        try (LogCapture log = new LogCapture(StatusLogger.LOGGER)) {
            StatusLogger status = new StatusLogger(registry, Duration.ofMillis(50));
            assertTrue(Resources.await(() -> log.lines().size() >= 2, Duration.ofSeconds(10)), "lines: " + log.lines());
            assertTrue(log.lines().get(0).startsWith("INFO lines/s 0 | records/s 0 |"), log.lines().get(0));
            assertTrue(Resources.threadsNamed(StatusLogger.THREAD_NAME).stream().allMatch(Thread::isDaemon));
            status.close();
            assertTrue(Resources.await(() -> Resources.newThreadsNamed(StatusLogger.THREAD_NAME, before).isEmpty(),
                    Duration.ofSeconds(10)), "no status thread after close");
            int logged = log.lines().size();
            Resources.await(() -> false, Duration.ofMillis(200));
            assertEquals(logged, log.lines().size(), "nothing logged after close");
        }
    }
}
