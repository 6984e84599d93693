package io.snapline.engine.ring;

/** Told about every batch the writer releases, on the writer thread; metrics hang off it. */
public interface BatchObserver {

    BatchObserver NONE = (lines, bytes, records, parseNanos, writeNanos) -> { };

    /** A batch was written ({@code writeNanos >= 0}) or discarded after a failure ({@code -1}). */
    void onBatch(int lines, long bytes, int records, long parseNanos, long writeNanos);
}
