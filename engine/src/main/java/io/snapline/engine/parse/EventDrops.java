package io.snapline.engine.parse;

import io.snapline.engine.filter.FilterReason;
import io.snapline.engine.filter.TypeFilter;
import io.snapline.records.RecordWriter;

import java.util.Arrays;

/**
 * Whether the ingest filter drops the event being read, and the line's drops by reason. The
 * record's fields are shown to the filter as the extractor writes them ({@link #show}), each once,
 * so the event is known dropped as soon as its status, coin or user is in the record. One per
 * {@link EventLines}, reused for every line; allocation-free.
 */
final class EventDrops {

    private static final FilterReason[] REASONS = FilterReason.values();

    private final TypeFilter filter;
    private final int[] byReason = new int[REASONS.length];
    private int total;
    /** Where the current record's fields not yet shown to the filter start. */
    private int scanned;
    /** Why the current event is dropped; null while it is kept. */
    private FilterReason dropping;

    EventDrops(TypeFilter filter) {
        this.filter = filter;
    }

    /** A line begins: its drops so far are none. */
    void clearLine() {
        if (total > 0) {
            Arrays.fill(byReason, 0);
            total = 0;
        }
    }

    /** An event's record has just been begun in {@code out} (its envelope fields, if any, copied). */
    void startEvent(RecordWriter out) {
        scanned = out.length();
        dropping = null;
    }

    /** Shows the filter the fields written since it last looked, unless the event is already dropped. */
    void show(RecordWriter out) {
        if (dropping == null) {
            dropping = filter.match(out.buffer(), scanned, out.length());
            scanned = out.length();
        }
    }

    boolean dropping() {
        return dropping != null;
    }

    /** The dropped event's record is taken back: counts it under its reason. */
    void countDropped() {
        byReason[dropping.ordinal()]++;
        total++;
    }

    /** Events of the line dropped so far. */
    int total() {
        return total;
    }

    /** Adds the line's drops to {@code counts}, indexed by {@link FilterReason#index}. */
    void addTo(int[] counts) {
        for (int reason = 0; reason < byReason.length; reason++) {
            counts[REASONS[reason].index(filter.type())] += byReason[reason];
        }
    }
}
