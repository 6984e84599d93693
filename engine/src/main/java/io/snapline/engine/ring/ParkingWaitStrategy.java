package io.snapline.engine.ring;

import com.lmax.disruptor.AlertException;
import com.lmax.disruptor.Sequence;
import com.lmax.disruptor.SequenceBarrier;
import com.lmax.disruptor.WaitStrategy;

import java.lang.invoke.VarHandle;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Parks waiting consumers and unparks, on a signal, only those parked for what was signalled.
 * Disruptor's blocking strategies block only on the producer's cursor and then busy-spin on the
 * stages they follow: the writer would burn a whole core while a batch is parsed, and this engine
 * shares two cores with the node.
 *
 * <p>Two kinds of wait: parse workers wait for the reader's cursor, the writer for the parse
 * workers' sequences. A publish (Disruptor calls {@link #signalAllWhenBlocking}) wakes only threads
 * parked on the cursor; a parsed slot ({@link #signalStageAdvanced}) only threads parked on a stage.
 * A thread that is not parked is never unparked, so a busy pipeline makes no wake-up calls at all,
 * and an idle one wakes just the threads that have work: waking every consumer on every signal
 * woke the writer at each publish, before it had anything to do, on the cores the parse needs.
 *
 * <p>No signal is lost: a waiter announces itself ({@code parked}) and then checks its sequence
 * again before it parks; a signaller moves its sequence, fences, and then reads the announcements.
 * One of the two sees the other (Dekker), and {@code LockSupport} keeps an unpark that comes before
 * the park. The park's timeout is a safety net only.
 */
final class ParkingWaitStrategy implements WaitStrategy {

    private static final int SPINS = 64;
    private static final long MAX_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    private static final int RUNNING = 0;
    private static final int ON_CURSOR = 1;
    private static final int ON_STAGE = 2;

    private final long maxParkNanos;
    /** Unparks issued: one per parked thread woken, none for a thread already running. */
    private final AtomicLong wakeUps = new AtomicLong();
    /** An array, not a list: the reader signals once per batch, and a list's iterator is garbage. */
    private volatile Thread[] waiters = new Thread[0];
    /** What each of {@link #waiters} is parked for, by index: {@link #RUNNING}, {@link #ON_CURSOR} or {@link #ON_STAGE}. */
    private volatile AtomicIntegerArray parked = new AtomicIntegerArray(0);

    ParkingWaitStrategy() {
        this(MAX_PARK_NANOS);
    }

    /** With a park timeout of the caller's: tests make it an hour, so a lost signal hangs. */
    ParkingWaitStrategy(long maxParkNanos) {
        this.maxParkNanos = maxParkNanos;
    }

    /** The threads that wait through this strategy; set once, before they start. */
    void wakeOnSignal(List<Thread> threads) {
        parked = new AtomicIntegerArray(threads.size());
        waiters = threads.toArray(new Thread[0]);
    }

    @Override
    public long waitFor(long sequence, Sequence cursor, Sequence dependentSequence, SequenceBarrier barrier)
            throws AlertException {
        long available;
        int spins = 0;
        // Disruptor passes the cursor itself as the dependent sequence of a barrier on no stage.
        int kind = dependentSequence == cursor ? ON_CURSOR : ON_STAGE;
        int me = -1;
        while ((available = dependentSequence.get()) < sequence) {
            barrier.checkAlert();
            if (spins < SPINS) {
                spins++;
                Thread.onSpinWait();
                continue;
            }
            if (me < 0) {
                me = indexOfCurrentThread();
            }
            if (me < 0) { // not one of the pipeline's threads: no one will signal it, poll
                LockSupport.parkNanos(this, TimeUnit.MICROSECONDS.toNanos(50));
                continue;
            }
            AtomicIntegerArray flags = parked;
            flags.set(me, kind);
            if (dependentSequence.get() < sequence) {
                barrier.checkAlert();
                LockSupport.parkNanos(this, maxParkNanos);
            }
            flags.set(me, RUNNING);
        }
        return available;
    }

    /** The reader published a slot (or a barrier was alerted): wakes the threads parked on the cursor. */
    @Override
    public void signalAllWhenBlocking() {
        wake(ON_CURSOR);
    }

    /** A parse worker moved its sequence: wakes the threads parked on a stage (the writer). */
    void signalStageAdvanced() {
        wake(ON_STAGE);
    }

    /** Wakes every parked thread, whatever it waits for: after the processors are halted. */
    void wakeAll() {
        Thread[] threads = waiters;
        for (Thread thread : threads) {
            LockSupport.unpark(thread);
        }
    }

    private void wake(int kind) {
        // The sequence was set with a release store; without a full fence the read of the flags
        // below could pass it, and a waiter that just announced itself would sleep to its timeout.
        VarHandle.fullFence();
        Thread[] threads = waiters;
        AtomicIntegerArray flags = parked;
        for (int i = 0; i < threads.length; i++) {
            if (flags.get(i) == kind) {
                wakeUps.incrementAndGet();
                LockSupport.unpark(threads[i]);
            }
        }
    }

    /** Parked threads woken by a signal so far ({@link #wakeAll} not counted). */
    long wakeUps() {
        return wakeUps.get();
    }

    private int indexOfCurrentThread() {
        Thread current = Thread.currentThread();
        Thread[] threads = waiters;
        for (int i = 0; i < threads.length; i++) {
            if (threads[i] == current) {
                return i;
            }
        }
        return -1;
    }
}
