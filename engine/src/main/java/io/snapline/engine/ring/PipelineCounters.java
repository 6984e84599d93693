package io.snapline.engine.ring;

import static io.snapline.records.LittleEndian.INT;

import io.snapline.engine.blocks.BlockLedger;
import io.snapline.engine.filter.FilterReason;
import io.snapline.records.DeadLetterReason;
import io.snapline.records.RecordLayout;
import io.snapline.records.RecordType;
import io.snapline.records.RecordWriter;

import java.util.concurrent.atomic.AtomicLongArray;

/** What the writer has made durable, counted once per batch so metrics can read it any time. */
public final class PipelineCounters {

    /** By {@link RecordType#ordinal()}: sized from the enum, so a new type is counted with no edit here. */
    private final AtomicLongArray recordsByType = new AtomicLongArray(RecordType.values().length);
    private final AtomicLongArray deadLettersByReason = new AtomicLongArray(DeadLetterReason.values().length);
    /** Events the ingest filter dropped, by {@link FilterReason#index}: counted with the batch that skipped them. */
    private final AtomicLongArray filteredByTypeAndReason = new AtomicLongArray(FilterReason.COUNTS);
    /** Writer thread only: one batch's records by type ordinal, added to the atomics once. */
    private final int[] batchByType = new int[RecordType.values().length];
    private final AtomicLongArray totals = new AtomicLongArray(4);
    private static final int BATCHES = 0;
    private static final int LINES = 1;
    private static final int DISCARDED_BATCHES = 2;
    private static final int LARGEST_BATCH_LINES = 3;
    private final BlockLedger blocks;

    PipelineCounters(BlockLedger blocks) {
        this.blocks = blocks;
    }

    void countWritten(Slot slot) {
        RecordWriter records = slot.records();
        byte[] buffer = records.buffer();
        java.util.Arrays.fill(batchByType, 0);
        for (int at = 0; at < records.length(); at += (int) INT.get(buffer, at + RecordLayout.RECORD_LENGTH_OFFSET)) {
            // An array lookup, no allocation: this runs once per record on the writer thread.
            batchByType[RecordType.ofCode(buffer[at + RecordLayout.RECORD_TYPE_OFFSET] & 0xFF).ordinal()]++;
        }
        for (int type = 0; type < batchByType.length; type++) {
            if (batchByType[type] > 0) {
                recordsByType.addAndGet(type, batchByType[type]);
            }
        }
        for (DeadLetterReason reason : DeadLetterReason.values()) {
            int count = slot.deadLetters[reason.ordinal()];
            if (count > 0) {
                deadLettersByReason.addAndGet(reason.ordinal(), count);
            }
        }
        if (slot.anyFiltered) {
            for (int i = 0; i < slot.filtered.length; i++) {
                if (slot.filtered[i] > 0) {
                    filteredByTypeAndReason.addAndGet(i, slot.filtered[i]);
                }
            }
        }
        totals.incrementAndGet(BATCHES);
        totals.addAndGet(LINES, slot.lineCount);
        if (slot.lineCount > totals.get(LARGEST_BATCH_LINES)) {
            totals.set(LARGEST_BATCH_LINES, slot.lineCount); // only the writer thread writes it
        }
    }

    void countDiscarded() {
        totals.incrementAndGet(DISCARDED_BATCHES);
    }

    public long records(RecordType type) {
        return recordsByType.get(type.ordinal());
    }

    public long deadLetters(DeadLetterReason reason) {
        return deadLettersByReason.get(reason.ordinal());
    }

    /** Events of {@code type} the ingest filter dropped for {@code reason}, in durable batches. */
    public long filtered(RecordType type, FilterReason reason) {
        return filteredByTypeAndReason.get(reason.index(type));
    }

    /** Every event the ingest filter dropped, in durable batches. */
    public long filtered() {
        long total = 0;
        for (int i = 0; i < filteredByTypeAndReason.length(); i++) {
            total += filteredByTypeAndReason.get(i);
        }
        return total;
    }

    public long batchesWritten() {
        return totals.get(BATCHES);
    }

    public long linesWritten() {
        return totals.get(LINES);
    }

    /** Jumps of more than one in block_number within a file sequence (gap records), since this start. */
    public long blockGaps() {
        return blocks.gaps(true) + blocks.gaps(false);
    }

    /** The writer's block accounting: seals, gaps, stalls (docs/operations.md, "Blocks"). */
    public BlockLedger blocks() {
        return blocks;
    }

    /** The most lines any written batch held: never above the ring's line cap. */
    public long largestBatchLines() {
        return totals.get(LARGEST_BATCH_LINES);
    }

    /** Batches released without being written because the pipeline had failed. */
    public long batchesDiscarded() {
        return totals.get(DISCARDED_BATCHES);
    }
}
