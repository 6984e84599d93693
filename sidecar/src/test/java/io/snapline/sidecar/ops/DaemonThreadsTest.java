package io.snapline.sidecar.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.snapline.testkit.Resources;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.api.Test;

/** {@link DaemonThreads#stop} returns only once the executor's thread has ended, not just its tasks. */
class DaemonThreadsTest {

    private static final String NAME = "snapline-daemon-threads-test";

    @Test
    void shouldLeaveNoThreadAliveOnceStopReturns() throws InterruptedException {
        Set<Thread> before = Resources.threadsNamed(NAME);
        // Many rounds: the race is between the worker signalling termination and exiting.
        for (int round = 0; round < 200; round++) {
            DaemonThreads threads = new DaemonThreads(NAME);
            ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(threads);
            CountDownLatch ran = new CountDownLatch(1);
            executor.scheduleWithFixedDelay(ran::countDown, 0, 1, TimeUnit.MILLISECONDS);
            assertTrue(ran.await(5, TimeUnit.SECONDS));

            assertTrue(threads.stop(executor, Duration.ofSeconds(5)), "round " + round);
            assertEquals(List.of(), Resources.newThreadsNamed(NAME, before), "round " + round);
        }
    }

    @Test
    void shouldSayFalseWhenATaskIgnoresTheInterruptPastTheTimeout() {
        DaemonThreads threads = new DaemonThreads(NAME + "-stubborn");
        ExecutorService executor = Executors.newSingleThreadExecutor(threads);
        CountDownLatch started = new CountDownLatch(1);
        long until = System.nanoTime() + Duration.ofMillis(500).toNanos();
        executor.submit(() -> {
            started.countDown();
            while (System.nanoTime() < until) {
                LockSupport.parkNanos(1_000_000); // ignores interrupts until its time is up
            }
        });
        assertTrue(awaitQuietly(started));
        assertFalse(threads.stop(executor, Duration.ofMillis(50)), "the task runs 500 ms, the stop waits 50");
        assertTrue(threads.stop(executor, Duration.ofSeconds(5)), "and it ends once the task returns");
    }

    private static boolean awaitQuietly(CountDownLatch latch) {
        try {
            return latch.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
