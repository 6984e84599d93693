package io.snapline.engine.ring;

import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.Sequence;
import io.snapline.engine.output.BatchSink;

/**
 * The in-order end of the ring: after the parse workers, hands each batch to the sink and then
 * releases the slot, so the reader can claim it again only once its records are durable.
 *
 * <p>Release happens exactly once per slot on every path. After a failure (the sink threw, or a
 * parse worker hit a bug) later batches are released unwritten: nothing after a gap may become
 * durable, the reader is told to stop, and the in-flight gauges still return to zero. The
 * positions of the last written batch are where a restart resumes, so nothing is lost.
 */
final class WriteHandler implements EventHandler<Slot> {

    private final BatchSink sink;
    private final InFlight inFlight;
    private final PipelineCounters counters;
    private final BatchObserver observer;
    private final java.util.function.BooleanSupplier aborted;
    private volatile Throwable failure;
    private Sequence sequenceCallback;

    WriteHandler(BatchSink sink, InFlight inFlight, PipelineCounters counters, BatchObserver observer,
                 java.util.function.BooleanSupplier aborted) {
        this.sink = sink;
        this.aborted = aborted;
        this.inFlight = inFlight;
        this.counters = counters;
        this.observer = observer;
    }

    /** Moving the sequence after each slot hands it back to the reader at once, not after a run. */
    @Override
    public void setSequenceCallback(Sequence sequenceCallback) {
        this.sequenceCallback = sequenceCallback;
    }

    @Override
    public void onEvent(Slot slot, long sequence, boolean endOfBatch) {
        long writeNanos = -1;
        try {
            if (failure == null && slot.failure != null) {
                failure = slot.failure;
            }
            if (failure == null && aborted.getAsBoolean()) {
                failure = new IllegalStateException("pipeline closed before this batch became durable");
            }
            if (failure == null) {
                counters.blocks().account(slot); // event indexes, seals, gaps, stalls: before the batch is durable
                long started = System.nanoTime();
                sink.write(slot);
                if (endOfBatch) {
                    sink.endOfRun(); // a sink that groups batches must not keep one waiting for the next
                }
                writeNanos = System.nanoTime() - started;
                counters.countWritten(slot);
            } else {
                counters.countDiscarded();
            }
        } catch (Throwable t) {
            failure = t;
            counters.countDiscarded();
        } finally {
            release(slot, writeNanos);
            sequenceCallback.set(sequence);
        }
    }

    private void release(Slot slot, long writeNanos) {
        int lines = slot.inFlightLines;
        long bytes = slot.inFlightBytes;
        int records = slot.records().recordCount(); // before an oversize line's records go back
        inFlight.release(slot);
        if (slot.oversize != null) {
            slot.oversize.giveBack();
            slot.oversize = null;
        }
        try {
            observer.onBatch(lines, bytes, records, slot.parseNanos, writeNanos);
        } catch (RuntimeException e) {
            fail(e); // a metrics problem must not wedge the ring: the slot is already released
        }
    }

    /** Stops writing: this and every later batch is released unwritten. */
    void fail(Throwable cause) {
        if (failure == null) {
            failure = cause;
        }
    }

    /** Some outputs' appenders belong to the thread that made them (Chronicle's do): close the sink on this one. */
    @Override
    public void onShutdown() {
        sink.close();
    }

    /** Why the pipeline stopped writing, or null. */
    Throwable failure() {
        return failure;
    }
}
