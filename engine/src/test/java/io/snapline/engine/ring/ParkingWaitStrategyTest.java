package io.snapline.engine.ring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.Sequence;
import com.lmax.disruptor.SequenceBarrier;
import io.snapline.testkit.Resources;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.api.Test;

/**
 * The wait strategy wakes only the threads parked for what was signalled, and loses no signal.
 * Parks here time out after an hour, so a lost signal is a hang (the joins' timeouts catch it),
 * never a wait that ended on its timeout and passed.
 */
class ParkingWaitStrategyTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final long HOUR = TimeUnit.HOURS.toNanos(1);

    @Test
    void shouldLeaveAThreadParkedOnAStageAsleepThroughPublishesAndWakeItWhenTheStageMoves() throws Exception {
        ParkingWaitStrategy strategy = new ParkingWaitStrategy(HOUR);
        RingBuffer<long[]> ring = RingBuffer.createSingleProducer(() -> new long[1], 4, strategy);
        Sequence stage = new Sequence(-1);
        SequenceBarrier onStage = ring.newBarrier(stage);
        AtomicLong got = new AtomicLong(-1);
        AtomicReference<Throwable> failed = new AtomicReference<>();
        Thread writer = new Thread(() -> {
            try {
                got.set(onStage.waitFor(0));
            } catch (Throwable t) {
                failed.set(t);
            }
        }, "test-writer");
        strategy.wakeOnSignal(List.of(writer));
        writer.start();
        assertTrue(Resources.await(() -> LockSupport.getBlocker(writer) == strategy, WAIT), "the writer parked");

        ring.publish(ring.next());
        ring.publish(ring.next());
        assertEquals(0, strategy.wakeUps(), "publishes woke the writer, which waits for the stage");
        assertSame(strategy, LockSupport.getBlocker(writer));

        stage.set(0);
        strategy.signalStageAdvanced();
        writer.join(WAIT.toMillis());
        assertFalse(writer.isAlive(), "the stage's signal did not wake the writer");
        assertNull(failed.get());
        assertEquals(0, got.get());
        assertEquals(1, strategy.wakeUps());
    }

    @Test
    void shouldLoseNoSignalWhenAReaderAWorkerAndAWriterHandOverOneSlotAtATime() throws Exception {
        int rounds = 20_000;
        ParkingWaitStrategy strategy = new ParkingWaitStrategy(HOUR);
        RingBuffer<long[]> ring = RingBuffer.createSingleProducer(() -> new long[1], 4, strategy);
        Sequence parsed = new Sequence(-1);
        Sequence written = new Sequence(-1);
        ring.addGatingSequences(written);
        SequenceBarrier onCursor = ring.newBarrier();
        SequenceBarrier onParsed = ring.newBarrier(parsed);
        AtomicReference<Throwable> failed = new AtomicReference<>();
        Thread worker = new Thread(() -> follow(onCursor, parsed, strategy, rounds, failed, true), "test-parse");
        Thread writer = new Thread(() -> follow(onParsed, written, strategy, rounds, failed, false), "test-writer");
        strategy.wakeOnSignal(List.of(worker, writer));
        worker.start();
        writer.start();
        for (int i = 0; i < rounds; i++) {
            long sequence = ring.next();
            ring.get(sequence)[0] = i;
            ring.publish(sequence);
            // One slot at a time, so the worker and the writer park between slots, racing the signals.
            while (written.get() < sequence && failed.get() == null) {
                Thread.onSpinWait();
                Thread.yield();
            }
        }
        worker.join(WAIT.toMillis());
        writer.join(WAIT.toMillis());
        assertNull(failed.get());
        assertFalse(worker.isAlive() || writer.isAlive(), "a signal was lost: a thread still waits");
        assertEquals(rounds - 1, written.get());
    }

    private static void follow(SequenceBarrier barrier, Sequence own, ParkingWaitStrategy strategy, int rounds,
                               AtomicReference<Throwable> failed, boolean signalStage) {
        try {
            long next = 0;
            while (next < rounds) {
                long available = barrier.waitFor(next);
                own.set(available);
                if (signalStage) {
                    strategy.signalStageAdvanced();
                }
                next = available + 1;
            }
        } catch (Throwable t) {
            failed.set(t);
        }
    }
}
