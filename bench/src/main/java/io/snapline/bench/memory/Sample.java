package io.snapline.bench.memory;

/**
 * One row of a memory run: the state at the end of one interval (the last row may cover less, up
 * to the moment the backlog was drained or the design died). Memory in bytes, -1 when unknown.
 *
 * @param seconds            since the design was started
 * @param rss                resident set, total and split into anonymous and file-backed pages
 * @param progress           lines written over the backlog's lines, 0..1
 * @param batches            the batches of this interval (written, for the engine; taken, for the
 *                           old design, whose batches take many seconds)
 * @param batchInProgress    lines of the batch the old design is processing at the row's instant,
 *                           0 between batches; -1 for the engine
 * @param ringOccupied       ring slots published and not yet durable; -1 for the old design
 * @param event              empty, or how the run ended: "drained", "OutOfMemoryError in …", …
 */
record Sample(double seconds, double progress, long heapAfterGc, long heapUsed, ProcStatus rss, BatchSizes.Window batches,
              long batchInProgress, long heldLines, long heldBytes, long ringOccupied, double linesReadPerSecond,
              double linesWrittenPerSecond, long linesWritten, String event) {

    Sample withEvent(String value) {
        return new Sample(seconds, progress, heapAfterGc, heapUsed, rss, batches, batchInProgress, heldLines, heldBytes, ringOccupied,
                linesReadPerSecond, linesWrittenPerSecond, linesWritten, value);
    }
}
