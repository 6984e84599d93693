package io.snapline.sidecar.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.snapline.sidecar.ops.MemoryWatchdog.Limits;
import io.snapline.sidecar.ops.MemoryWatchdog.State;
import io.snapline.testkit.Resources;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;

/**
 * The watchdog against the real heap with thresholds far below or above it, and against samples
 * the test feeds for the transitions, the logging and the reader's wait.
 */
class MemoryWatchdogTest {

    private static final long MIB = 1L << 20;
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Duration HOUR = Duration.ofHours(1);

    private final MeterRegistry registry = new SimpleMeterRegistry();
    private final AtomicReference<WatchdogSample> sample = new AtomicReference<>(heap(50));

    private static WatchdogSample heap(long mib) {
        return new WatchdogSample(mib * MIB, mib * MIB * 2, 400 * MIB);
    }

    private MemoryWatchdog fed(Limits limits) {
        return new MemoryWatchdog(registry, limits, HOUR, sample::get, () -> { }, Duration.ofSeconds(5));
    }

    private double state() {
        return registry.get("snapline.memory.state").gauge().value();
    }

    @Test
    void shouldGoCriticalWithAThresholdBelowTheRealHeapAndStayOkWithOneAbove() {
        try (MemoryWatchdog low = new MemoryWatchdog(registry, new Limits(0, 1, 0, 0))) {
            assertTrue(low.critical(), "any live heap is above 1 byte");
            assertEquals(2, state());
            assertTrue(registry.get("snapline.memory.heap.after.gc").gauge().value() > 0);
            assertTrue(registry.get("snapline.memory.rss").gauge().value() > low.heapAfterGcBytes() / 2,
                    "RSS read from /proc/self/status");
            assertEquals(low.rssBytes(), registry.get("snapline.memory.rss").gauge().value());
        }
        long huge = Long.MAX_VALUE / 4;
        try (MemoryWatchdog high = new MemoryWatchdog(registry, new Limits(huge, huge, huge, huge))) {
            assertFalse(high.critical());
            assertEquals(State.OK, high.state());
            assertEquals(0, state());
        }
        try (MemoryWatchdog rss = new MemoryWatchdog(registry, new Limits(0, 0, 1, 0))) {
            assertEquals(State.WARNING, rss.state(), "RSS alone can warn");
        }
    }

    @Test
    void shouldMoveBetweenStatesWithHysteresisAndLogOnlyTheChanges() {
        try (LogCapture log = new LogCapture(MemoryWatchdog.class);
             MemoryWatchdog watchdog = fed(new Limits(100 * MIB, 115 * MIB, 0, 0))) {
            assertEquals(State.OK, watchdog.state());
            sample.set(heap(100));
            watchdog.sampleNow();
            assertEquals(State.WARNING, watchdog.state());
            assertEquals(1, state());
            sample.set(heap(118));
            for (int i = 0; i < 10; i++) {
                watchdog.sampleNow();
            }
            assertTrue(watchdog.critical());
            assertEquals(2, state());
            sample.set(heap(112));
            watchdog.sampleNow();
            assertTrue(watchdog.critical(), "112 MiB is above 95% of 115 MiB: still critical");
            sample.set(heap(100));
            watchdog.sampleNow();
            assertEquals(State.WARNING, watchdog.state());
            sample.set(heap(96));
            watchdog.sampleNow();
            assertEquals(State.WARNING, watchdog.state(), "96 MiB is above 95% of 100 MiB: still warning");
            sample.set(heap(90));
            watchdog.sampleNow();
            assertEquals(State.OK, watchdog.state());

            assertEquals(List.of(
                    "WARN memory warning: heap after GC 100 MiB above warning 100 MiB",
                    "WARN intake paused: heap after GC 118 MiB above critical 115 MiB; the reader waits until it falls",
                    "INFO intake resumed, memory still at warning: heap after GC 100 MiB above warning 100 MiB",
                    "INFO memory ok: heap after GC 90 MiB, RSS 400 MiB"), log.lines());
        }
    }

    @Test
    void shouldTellHealthzWhyIntakeIsPaused() {
        try (MemoryWatchdog watchdog = fed(new Limits(100 * MIB, 115 * MIB, 0, 0))) {
            assertEquals(null, watchdog.health(), "nothing to say while memory is ok");
            sample.set(heap(100));
            watchdog.sampleNow();
            assertEquals(HealthStatus.degraded("memory warning: heap after GC 100 MiB above warning 100 MiB"),
                    watchdog.health(), "/healthz: 200, with the reason");
            sample.set(heap(118));
            watchdog.sampleNow();
            assertEquals(HealthStatus.unhealthy("intake paused: heap after GC 118 MiB above critical 115 MiB"),
                    watchdog.health(), "/healthz: 503 while intake is paused");
            sample.set(heap(90));
            watchdog.sampleNow();
            assertEquals(null, watchdog.health());
        }
    }

    @Test
    void shouldNameRssWhenItIsWhatCrossed() {
        try (LogCapture log = new LogCapture(MemoryWatchdog.class);
             MemoryWatchdog watchdog = fed(new Limits(0, 0, 0, 300 * MIB))) {
            assertTrue(watchdog.critical());
            sample.set(new WatchdogSample(50 * MIB, 60 * MIB, 200 * MIB));
            watchdog.sampleNow();
            assertEquals(List.of(
                    "WARN intake paused: RSS 400 MiB above critical 300 MiB; the reader waits until it falls",
                    "INFO intake resumed, memory ok: heap after GC 50 MiB, RSS 200 MiB"), log.lines());
        }
    }

    /** The reader's wait is timed by this clock, which only the test moves. */
    private final AtomicLong nanos = new AtomicLong();

    private MemoryWatchdog fedAndTimed(Limits limits, Runnable gcRequest, Duration gcEvery, LongSupplier engineHeld) {
        return new MemoryWatchdog(registry, limits, HOUR, sample::get, gcRequest, gcEvery, engineHeld, nanos::get);
    }

    private double pauses() {
        return registry.get("snapline.intake.pauses").counter().count();
    }

    private double pausedSeconds() {
        return registry.get("snapline.intake.paused").counter().count();
    }

    @Test
    void shouldHoldTheReaderWhileCriticalAndReleaseItWhenMemoryFalls() throws Exception {
        sample.set(heap(200));
        try (MemoryWatchdog watchdog = fedAndTimed(new Limits(0, 115 * MIB, 0, 0), () -> { }, HOUR, () -> 0)) {
            assertTrue(watchdog.critical());
            AtomicBoolean returned = new AtomicBoolean();
            Thread reader = new Thread(() -> {
                watchdog.awaitIntake(() -> false);
                returned.set(true);
            }, "test-reader");
            reader.start();
            assertTrue(Resources.await(() -> pauses() == 1, WAIT), "the reader entered the wait");
            nanos.addAndGet(Duration.ofSeconds(3).toNanos());
            assertTrue(Resources.await(() -> pausedSeconds() == 3.0, WAIT),
                    "the pause is counted as it goes: " + pausedSeconds());
            assertFalse(returned.get(), "the reader waits while memory is critical");

            sample.set(heap(50));
            watchdog.sampleNow();
            reader.join(WAIT.toMillis());
            assertTrue(returned.get(), "released once memory fell");
            assertEquals(3.0, pausedSeconds(), "seconds paused, by the wait's clock");

            watchdog.awaitIntake(() -> false); // returns at once: not critical, not counted
            assertEquals(1, pauses());
        }
    }

    /**
     * A reader that grew its buffer to 64 MiB for a long line can give it back only once it reads
     * on, and the heap over the critical mark is exactly that buffer: a pause would never end (the
     * heap cannot fall while the reader waits). The buffer is the engine's own, and left out.
     */
    @Test
    void shouldNeverPauseOnHeapThatOnlyThePausedReaderCouldFree() throws Exception {
        AtomicBoolean readerHoldsLongLine = new AtomicBoolean(true);
        LongSupplier engineHeld = () -> readerHoldsLongLine.get() ? 64 * MIB : 0;
        sample.set(heap(100 + 64));
        try (LogCapture log = new LogCapture(MemoryWatchdog.class);
             MemoryWatchdog watchdog = fedAndTimed(new Limits(100 * MIB, 115 * MIB, 0, 0), () -> { }, HOUR,
                     engineHeld)) {
            Thread reader = new Thread(() -> {
                watchdog.awaitIntake(() -> false);
                readerHoldsLongLine.set(false); // reads on: the long line is handed on, the buffer given back
                sample.set(heap(100));
            }, "test-reader");
            reader.start();
            reader.join(WAIT.toMillis());

            assertFalse(reader.isAlive(), "the reader was held on memory only it could free");
            assertFalse(watchdog.critical());
            assertEquals(0, pauses());
            assertEquals(64.0 * MIB, registry.get("snapline.memory.engine.held").gauge().value());
            assertEquals(List.of("WARN memory warning: heap after GC 164 MiB less 64 MiB the engine holds for long"
                    + " lines above warning 100 MiB"), log.lines());
        }
    }

    @Test
    void shouldStillPauseOnHeapBeyondWhatTheEngineHolds() {
        sample.set(heap(200));
        try (MemoryWatchdog watchdog = fedAndTimed(new Limits(0, 115 * MIB, 0, 0), () -> { }, HOUR, () -> 64 * MIB)) {
            assertTrue(watchdog.critical(), "200 MiB less the engine's 64 MiB is still above 115 MiB");
        }
    }

    @Test
    void shouldStopWaitingWhenStoppingOrInterrupted() throws Exception {
        sample.set(heap(200));
        try (MemoryWatchdog watchdog = fed(new Limits(0, 115 * MIB, 0, 0))) {
            AtomicBoolean stopping = new AtomicBoolean();
            Thread reader = new Thread(() -> watchdog.awaitIntake(stopping::get), "test-reader");
            reader.start();
            assertTrue(Resources.await(() -> pauses() == 1, WAIT), "the reader entered the wait");
            assertTrue(reader.isAlive());
            stopping.set(true);
            reader.join(WAIT.toMillis());
            assertFalse(reader.isAlive(), "shutdown ends the wait");

            AtomicBoolean interruptKept = new AtomicBoolean();
            Thread interrupted = new Thread(() -> {
                watchdog.awaitIntake(() -> false);
                interruptKept.set(Thread.currentThread().isInterrupted());
            }, "test-reader");
            interrupted.start();
            assertTrue(Resources.await(() -> pauses() == 2, WAIT), "the second reader entered the wait");
            interrupted.interrupt();
            interrupted.join(WAIT.toMillis());
            assertTrue(interruptKept.get(), "an interrupt ends the wait and stays set");
            assertTrue(watchdog.critical());
        }
    }

    /** By the wait's clock, which the test moves: a request per 200 ms of waiting, none faster. */
    @Test
    void shouldRequestACollectionAtMostEveryGcIntervalWhileTheReaderWaits() throws Exception {
        sample.set(heap(200));
        List<Long> requestedAt = new CopyOnWriteArrayList<>();
        long every = Duration.ofMillis(200).toNanos();
        try (MemoryWatchdog watchdog = fedAndTimed(new Limits(0, 115 * MIB, 0, 0), () -> requestedAt.add(nanos.get()),
                Duration.ofNanos(every), () -> 0)) {
            AtomicBoolean stopping = new AtomicBoolean();
            Thread reader = new Thread(() -> watchdog.awaitIntake(stopping::get), "test-reader");
            reader.start();
            assertTrue(Resources.await(() -> pauses() == 1, WAIT), "the reader entered the wait");
            assertEquals(List.of(), requestedAt, "none before the interval has passed");

            for (int i = 1; i <= 3; i++) {
                nanos.addAndGet(every / 2);
                nanos.addAndGet(every / 2);
                int expected = i;
                assertTrue(Resources.await(() -> requestedAt.size() == expected, WAIT), "request " + i);
            }
            nanos.addAndGet(every / 2);
            stopping.set(true);
            reader.join(WAIT.toMillis());

            assertEquals(List.of(every, 2 * every, 3 * every), requestedAt,
                    "one request per interval waited, none for half an interval");
        }
    }

    @Test
    void shouldSampleOnItsOwnThreadAndLeaveNothingOnClose() throws Exception {
        Set<Thread> before = Resources.threadsNamed(MemoryWatchdog.THREAD_NAME);
        MemoryWatchdog watchdog = new MemoryWatchdog(registry, new Limits(0, 115 * MIB, 0, 0), Duration.ofMillis(20),
                sample::get, () -> { }, Duration.ofSeconds(5));
        assertEquals(List.of(MemoryWatchdog.THREAD_NAME), Resources.newThreadsNamed(MemoryWatchdog.THREAD_NAME, before));
        assertTrue(Resources.threadsNamed(MemoryWatchdog.THREAD_NAME).stream().allMatch(Thread::isDaemon));
        sample.set(heap(200));
        assertTrue(Resources.await(watchdog::critical, WAIT), "the watchdog thread took the new sample");

        Thread reader = new Thread(() -> watchdog.awaitIntake(() -> false), "test-reader");
        reader.start();
        watchdog.close();
        reader.join(WAIT.toMillis());
        assertFalse(reader.isAlive(), "a closed watchdog holds no reader");
        assertTrue(Resources.await(() -> Resources.newThreadsNamed(MemoryWatchdog.THREAD_NAME, before).isEmpty(), WAIT));
        assertTrue(registry.getMeters().isEmpty(), "meters left: " + registry.getMeters());
    }

    @Test
    void shouldRejectWarningAboveCritical() {
        assertThrows(IllegalArgumentException.class, () -> new Limits(200, 100, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new Limits(0, 0, -1, 0));
        new Limits(200, 0, 0, 100); // one of a pair off is fine
    }

    @Test
    void shouldLeaveALevelOnlyBelowNinetyFivePercentOfItsThreshold() {
        assertEquals(0, MemoryWatchdog.level(99, 100, 200, 0));
        assertEquals(1, MemoryWatchdog.level(100, 100, 200, 0));
        assertEquals(1, MemoryWatchdog.level(96, 100, 200, 1));
        assertEquals(0, MemoryWatchdog.level(94, 100, 200, 1));
        assertEquals(2, MemoryWatchdog.level(191, 100, 200, 2));
        assertEquals(1, MemoryWatchdog.level(189, 100, 200, 2));
        assertEquals(0, MemoryWatchdog.level(1000, 0, 0, 2), "off");
        assertEquals(0, MemoryWatchdog.level(-1, 100, 200, 2), "unknown");
    }
}
