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
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
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

    @Test
    void shouldHoldTheReaderWhileCriticalAndReleaseItWhenMemoryFalls() throws Exception {
        sample.set(heap(200));
        try (MemoryWatchdog watchdog = fed(new Limits(0, 115 * MIB, 0, 0))) {
            assertTrue(watchdog.critical());
            AtomicBoolean returned = new AtomicBoolean();
            Thread reader = new Thread(() -> {
                watchdog.awaitIntake(() -> false);
                returned.set(true);
            }, "test-reader");
            reader.start();
            Thread.sleep(300);
            assertFalse(returned.get(), "the reader waits while memory is critical");
            assertEquals(1, registry.get("snapline.intake.pauses").counter().count());

            sample.set(heap(50));
            watchdog.sampleNow();
            reader.join(WAIT.toMillis());
            assertTrue(returned.get(), "released once memory fell");
            double paused = registry.get("snapline.intake.paused").counter().count();
            assertTrue(paused >= 0.25 && paused < 5, "seconds paused: " + paused);

            watchdog.awaitIntake(() -> false); // returns at once: not critical, not counted
            assertEquals(1, registry.get("snapline.intake.pauses").counter().count());
        }
    }

    @Test
    void shouldStopWaitingWhenStoppingOrInterrupted() throws Exception {
        sample.set(heap(200));
        try (MemoryWatchdog watchdog = fed(new Limits(0, 115 * MIB, 0, 0))) {
            AtomicBoolean stopping = new AtomicBoolean();
            Thread reader = new Thread(() -> watchdog.awaitIntake(stopping::get), "test-reader");
            reader.start();
            Thread.sleep(100);
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
            Thread.sleep(100);
            interrupted.interrupt();
            interrupted.join(WAIT.toMillis());
            assertTrue(interruptKept.get(), "an interrupt ends the wait and stays set");
            assertTrue(watchdog.critical());
        }
    }

    @Test
    void shouldRequestACollectionAtMostEveryGcIntervalWhileTheReaderWaits() throws Exception {
        sample.set(heap(200));
        AtomicInteger collections = new AtomicInteger();
        try (MemoryWatchdog watchdog = new MemoryWatchdog(registry, new Limits(0, 115 * MIB, 0, 0), HOUR,
                sample::get, collections::incrementAndGet, Duration.ofMillis(200))) {
            Thread.sleep(300);
            assertEquals(0, collections.get(), "no reader waiting, no collection requested");
            AtomicBoolean stopping = new AtomicBoolean();
            Thread reader = new Thread(() -> watchdog.awaitIntake(stopping::get), "test-reader");
            long start = System.nanoTime();
            reader.start();
            Thread.sleep(1000);
            stopping.set(true);
            reader.join(WAIT.toMillis());
            long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
            int requested = collections.get();
            assertTrue(requested >= 2 && requested <= elapsedMillis / 200, requested + " in " + elapsedMillis + " ms");
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
