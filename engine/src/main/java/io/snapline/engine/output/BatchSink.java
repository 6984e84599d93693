package io.snapline.engine.output;

import io.snapline.records.Batch;

/**
 * Where parsed batches become durable. {@link #write} must make a batch's records and its
 * positions durable as one atomic unit, so that a crash leaves either both or neither: that is
 * the whole exactly-once argument. When {@code write} returns, the batch is durable; when it
 * throws, none of it may ever be visible to a reader, and the engine stops writing.
 *
 * <p>A sink whose durable step is costly per step (a Kafka transaction commit) may instead group
 * whole batches: then {@code write} may return with the batch written but not yet durable, and it
 * becomes durable, with the batches written after it, in a later {@code write}, in
 * {@link #endOfRun} or in {@link #close}. The grouped batches must still become durable together
 * with the positions of the last of them, or none of them: a crash before that reads their lines
 * again, which is why grouping keeps exactly-once. A sink that groups must make everything
 * written durable by the time {@link #endOfRun} returns, so that a batch never waits for a later
 * one that may not come.
 *
 * <p>{@link #write} is called on the engine's one writer thread, batches in ring order, and
 * {@link #close} on that thread once the last batch is written (some outputs' appenders belong to a
 * thread, Chronicle's among them); {@code Engine.close} calls {@link #close} again from its own
 * thread, so it must be idempotent.
 */
public interface BatchSink extends AutoCloseable {

    /** Makes the batch durable. The batch's buffers are lent for this call only. */
    void write(Batch batch) throws Exception;

    /**
     * Called on the writer thread after a {@link #write} when no further batch is waiting in the
     * ring. A sink that groups batches makes all it has written durable here, or throws (and then
     * none of the batches since its last durable step may become visible). The default does
     * nothing: each write is already durable.
     */
    default void endOfRun() throws Exception {
    }

    /**
     * Called from the closing thread when the drain has run out of time: a {@link #write} waiting
     * on something outside the engine (free space for the queue) gives up and throws, so the writer
     * thread can stop and the output be closed; that batch is not written, and a restart reads its
     * lines again. Any thread; the default has no such wait.
     */
    default void abandonWaits() {
    }

    /** Releases what the sink holds for the writer; the output itself stays open. Idempotent. */
    @Override
    void close();
}
