package io.snapline.engine.ring;

/**
 * Where parsed batches become durable. {@link #write} must append a batch's records and its
 * positions as one atomic unit, so a crash leaves either both or neither: that is the whole
 * exactly-once argument.
 */
public interface BatchSink extends AutoCloseable {

    /** Makes the batch durable; called on the writer thread, batches in ring order. */
    void write(Slot batch) throws Exception;

    @Override
    void close();
}
