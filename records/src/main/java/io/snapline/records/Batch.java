package io.snapline.records;

/**
 * One batch as an output receives it, before it is encoded: the files its lines came from, the
 * positions every tailed file stands at once the batch is durable, and its records in
 * {@link RecordLayout}. An output must make the records and the positions durable together.
 *
 * <p>The arrays are the batch's own buffers, lent for the duration of the call that received the
 * batch and reused afterwards: copy what must outlive it.
 */
public interface Batch {

    /** How many files the records' SOURCE field can index. */
    int sourceCount();

    /** The path of source {@code index}, as the tailer names it. */
    String sourcePath(int index);

    /** The positions, in {@link PositionsCodec}'s layout, in {@code [0, positionsLength())}. */
    byte[] positionsBytes();

    int positionsLength();

    /** The records, back to back, in {@code [0, recordsLength())}. */
    byte[] recordBytes();

    int recordsLength();

    int recordCount();
}
