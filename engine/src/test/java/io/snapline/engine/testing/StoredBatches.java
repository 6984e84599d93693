package io.snapline.engine.testing;

import io.snapline.records.BatchView;
import io.snapline.records.RecordType;
import io.snapline.records.testing.Rec;
import io.snapline.tailer.TailerPositions;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Batch documents an output holds, decoded and copied: each batch's records and positions, in
 * output order. Built from the documents whatever output stored them, so tests of the Chronicle
 * queue and of the in-memory output read their results the same way.
 */
public final class StoredBatches {

    /** One batch document. */
    public record Batch(List<Rec> records, TailerPositions positions) {
    }

    private final List<Batch> batches;

    private StoredBatches(List<Batch> batches) {
        this.batches = batches;
    }

    /** Decodes every document, in order. */
    public static StoredBatches of(List<byte[]> documents) {
        List<Batch> batches = new ArrayList<>();
        BatchView view = new BatchView();
        for (byte[] document : documents) {
            view.wrap(document, 0, document.length);
            batches.add(new Batch(Rec.allOf(view), view.positions()));
        }
        return new StoredBatches(Collections.unmodifiableList(batches));
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

    /** Every record of a line (events and dead letters), without the engine's block accounting. */
    public List<Rec> events() {
        List<Rec> out = new ArrayList<>();
        for (Rec rec : records()) {
            if (!rec.isBlockAccounting()) {
                out.add(rec);
            }
        }
        return out;
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

    /** The positions of the last batch, where a restart resumes; empty for an empty output. */
    public TailerPositions lastPositions() {
        return batches.isEmpty() ? TailerPositions.EMPTY : batches.get(batches.size() - 1).positions();
    }
}
