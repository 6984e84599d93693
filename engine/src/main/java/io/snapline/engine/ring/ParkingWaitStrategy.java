package io.snapline.engine.ring;

import com.lmax.disruptor.AlertException;
import com.lmax.disruptor.Sequence;
import com.lmax.disruptor.SequenceBarrier;
import com.lmax.disruptor.WaitStrategy;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Parks waiting consumers and unparks them on every signal. Disruptor's blocking strategies
 * block only on the producer's cursor and then busy-spin on the stages they follow: the writer
 * would burn a whole core while a batch is parsed, and this engine shares two cores with the
 * node. Batches take milliseconds each, so a park/unpark per batch is noise.
 *
 * <p>Signals come from the producer's publish (Disruptor calls {@link #signalAllWhenBlocking})
 * and from each parse worker after every slot it finishes. The park has a timeout as a safety
 * net only: {@code LockSupport} keeps an unpark that arrives before the park, so none is lost.
 */
final class ParkingWaitStrategy implements WaitStrategy {

    private static final int SPINS = 64;
    private static final long MAX_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    /** An array, not a list: the reader signals once per batch, and a list's iterator is garbage. */
    private volatile Thread[] waiters = new Thread[0];

    /** The threads that wait through this strategy; set once they exist. */
    void wakeOnSignal(List<Thread> threads) {
        waiters = threads.toArray(new Thread[0]);
    }

    @Override
    public long waitFor(long sequence, Sequence cursor, Sequence dependentSequence, SequenceBarrier barrier)
            throws AlertException {
        long available;
        int spins = 0;
        while ((available = dependentSequence.get()) < sequence) {
            barrier.checkAlert();
            if (spins < SPINS) {
                spins++;
                Thread.onSpinWait();
            } else {
                LockSupport.parkNanos(this, MAX_PARK_NANOS);
            }
        }
        return available;
    }

    @Override
    public void signalAllWhenBlocking() {
        for (Thread waiter : waiters) {
            LockSupport.unpark(waiter);
        }
    }
}
