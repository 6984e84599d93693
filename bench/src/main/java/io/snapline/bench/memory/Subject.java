package io.snapline.bench.memory;

import java.io.IOException;

/** The design a memory run drains the backlog with, as the sampler sees it. */
interface Subject extends AutoCloseable {

    long linesRead();

    /** Lines whose records are durable in the queue. */
    long linesWritten();

    /**
     * Lines held in memory between reading and writing: the engine's in-flight lines (published
     * to the ring, not yet durable), the old design's list.
     */
    long heldLines();

    long heldBytes();

    /** Ring slots published and not yet durable; -1 where there is no ring. */
    long ringOccupied();

    /** Lines of the batch being processed right now; -1 where batches are not tracked this way. */
    long batchInProgress();

    /** The most lines a batch may hold; -1 where nothing caps it. */
    long batchCap();

    /** Why the design stopped on its own (an OutOfMemoryError, say), or null. */
    Throwable failure();

    /** The thread that failed, when known. */
    String failedThread();

    @Override
    void close() throws IOException;
}
