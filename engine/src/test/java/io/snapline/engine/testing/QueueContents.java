package io.snapline.engine.testing;

import io.snapline.engine.queue.QueueRecords;
import io.snapline.engine.record.BatchView;
import io.snapline.engine.record.PositionsCodec;
import io.snapline.engine.record.RecordType;
import io.snapline.tailer.TailerPositions;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Everything a Chronicle Queue directory holds, read back through the public reader
 * ({@link QueueRecords}) and copied: each batch's records and positions, in queue order.
 */
public final class QueueContents {

    /** One batch document. */
    public record Batch(List<Rec> records, TailerPositions positions) {
    }

    private final List<Batch> batches;

    private QueueContents(List<Batch> batches) {
        this.batches = batches;
    }

    /** Reads the whole queue and closes the reader. */
    public static QueueContents read(Path queueDirectory) {
        List<Batch> batches = new ArrayList<>();
        try (QueueRecords reader = QueueRecords.open(queueDirectory)) {
            BatchView batch = new BatchView();
            while (reader.nextBatch(batch)) {
                TailerPositions positions = PositionsCodec.decode(batch.bytes(), batch.positionsOffset(),
                        batch.positionsLength());
                batches.add(new Batch(Rec.allOf(batch), positions));
            }
        }
        return new QueueContents(Collections.unmodifiableList(batches));
    }

    public List<Batch> batches() {
        return batches;
    }

    public List<Rec> records() {
        List<Rec> all = new ArrayList<>();
        for (Batch batch : batches) {
            all.addAll(batch.records());
        }
        return all;
    }

    public List<Rec> records(RecordType type) {
        List<Rec> out = new ArrayList<>();
        for (Rec rec : records()) {
            if (rec.type() == type) {
                out.add(rec);
            }
        }
        return out;
    }

    /** The positions of the last batch, where a restart resumes; empty for an empty queue. */
    public TailerPositions lastPositions() {
        return batches.isEmpty() ? TailerPositions.EMPTY : batches.get(batches.size() - 1).positions();
    }
}
