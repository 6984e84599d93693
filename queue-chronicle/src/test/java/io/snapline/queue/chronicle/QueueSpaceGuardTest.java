package io.snapline.queue.chronicle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The free-space guard's decisions on given free-space readings (QueueDiskFullTest runs it on a real
 * full filesystem where mounting is permitted): pause below the floor, resume only with a batch to
 * spare, the reason {@code /healthz} shows, and its meters.
 */
@Tag("faults")
@Timeout(60) // a safety net against a hang, not a timing assertion
class QueueSpaceGuardTest {

    private static final long MIB = 1 << 20;
    private static final Path QUEUE = Path.of("/srv/queue");

    @Test
    void shouldPauseBelowTheFloorAndResumeOnlyWithTheLargestBatchToSpare() {
        AtomicLong free = new AtomicLong(100 * MIB);
        QueueSpaceGuard guard = new QueueSpaceGuard(QUEUE, 64 * MIB, 16 * MIB, free::get);
        assertTrue(guard.isOpen());
        assertNull(guard.closedReason());

        free.set(63 * MIB);
        guard.checkNow();
        assertFalse(guard.isOpen(), "paused below 64 MiB");
        assertEquals("intake paused: 63 MiB free on the queue's filesystem (/srv/queue), need 64 MiB",
                guard.closedReason());

        free.set(70 * MIB);
        guard.checkNow();
        assertTrue(guard.paused(), "70 MiB is above the floor but not a batch above it: still paused");
        free.set(80 * MIB);
        guard.checkNow();
        assertFalse(guard.paused(), "resumed at 64 + 16 MiB");
        assertEquals(1, guard.pauses());
    }

    @Test
    void shouldWaitOnTheConditionUntilSpaceComesBack() throws InterruptedException {
        AtomicLong free = new AtomicLong(10 * MIB);
        QueueSpaceGuard guard = new QueueSpaceGuard(QUEUE, 64 * MIB, 16 * MIB, free::get);
        assertTrue(guard.paused());
        Thread reader = new Thread(() -> guard.awaitOpen(() -> false), "test-reader");
        reader.start();
        free.set(200 * MIB);
        reader.join(); // returns only once the guard has seen the space
        assertFalse(guard.paused());
    }

    @Test
    void shouldNotLetTheWriterStartABatchThatDoesNotFitAndGiveUpWhenClosed() throws InterruptedException {
        AtomicLong free = new AtomicLong(100 * MIB);
        QueueSpaceGuard guard = new QueueSpaceGuard(QUEUE, 64 * MIB, 16 * MIB, free::get);
        guard.awaitRoomFor(8 * MIB); // fits
        assertEquals(0, guard.writerWaits());

        free.set(10 * MIB);
        AtomicLong outcome = new AtomicLong();
        Thread writer = new Thread(() -> {
            try {
                // More than the last reading less what was written since: asked again, 10 MiB, waits.
                guard.awaitRoomFor(90 * MIB);
                outcome.set(1);
            } catch (IllegalStateException e) {
                outcome.set(2);
            }
        }, "test-writer");
        writer.start();
        while (guard.writerWaits() == 0) {
            Thread.onSpinWait(); // until the writer is waiting
        }
        guard.close();
        writer.join();
        assertEquals(2, outcome.get(), "closing ends the wait without writing");
    }

    @Test
    void shouldRefuseAFloorBelowTheLargestBatchAndBindItsMeters() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> new QueueSpaceGuard(QUEUE, 8 * MIB, 16 * MIB, () -> 100 * MIB));
        assertTrue(refused.getMessage().startsWith("min_free_space of 8388608 bytes is less than the largest batch"),
                refused.getMessage());

        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        new QueueSpaceGuard(QUEUE, 64 * MIB, 16 * MIB, () -> 10 * MIB).bindTo(registry);
        assertEquals(10.0 * MIB, registry.get("snapline.queue.free").gauge().value());
        assertEquals(1.0, registry.get("snapline.queue.intake.paused").gauge().value());
        assertEquals(1.0, registry.get("snapline.queue.intake.pauses").functionCounter().count());
    }
}
