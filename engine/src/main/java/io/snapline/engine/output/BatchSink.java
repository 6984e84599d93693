package io.snapline.engine.output;

import io.snapline.records.Batch;

/**
 * Where parsed batches become durable. {@link #write} must make a batch's records and its
 * positions durable as one atomic unit, so that a crash leaves either both or neither: that is
 * the whole exactly-once argument. When {@code write} returns, the batch is durable; when it
 * throws, none of it may ever be visible to a reader, and the engine stops writing.
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
