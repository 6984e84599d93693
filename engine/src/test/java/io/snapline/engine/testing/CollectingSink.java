package io.snapline.engine.testing;

import io.snapline.engine.output.BatchSink;
import io.snapline.engine.ring.Slot;
import io.snapline.records.Batch;
import io.snapline.records.testing.Rec;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link BatchSink} that keeps a copy of every batch it is given, after running a hook the test
 * chooses (sleep to be slow, throw to fail, check the slot). A batch whose hook threw is not kept.
 */
public final class CollectingSink implements BatchSink {

    /** Runs on the writer thread before the batch is kept; {@code call} counts from 1. */
    @FunctionalInterface
    public interface Hook {
        void beforeWrite(Slot batch, int call) throws Exception;
    }

    private final Hook hook;
    private final boolean keepRecords;
    private final List<Rec> records = new ArrayList<>();
    private final AtomicInteger calls = new AtomicInteger();
    private final AtomicInteger kept = new AtomicInteger();
    private volatile boolean closed;

    public CollectingSink(Hook hook, boolean keepRecords) {
        this.hook = hook;
        this.keepRecords = keepRecords;
    }

    public CollectingSink() {
        this((batch, call) -> { }, true);
    }

    @Override
    public void write(Batch batch) throws Exception {
        // The ring hands its sinks its own slots; hooks look at what only a slot has (its lines).
        Slot slot = (Slot) batch;
        hook.beforeWrite(slot, calls.incrementAndGet());
        if (keepRecords) {
            List<Rec> copied = SlotDocuments.records(slot);
            synchronized (records) {
                records.addAll(copied);
            }
        }
        kept.incrementAndGet();
    }

    /** Every record kept so far, in write order. */
    public List<Rec> records() {
        synchronized (records) {
            return new ArrayList<>(records);
        }
    }

    /** How many times write() was called, including calls whose hook threw. */
    public int calls() {
        return calls.get();
    }

    /** Batches written (the hook did not throw). */
    public int batchesKept() {
        return kept.get();
    }

    public boolean isClosed() {
        return closed;
    }

    @Override
    public void close() {
        closed = true;
    }
}
