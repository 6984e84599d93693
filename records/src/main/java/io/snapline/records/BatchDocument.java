package io.snapline.records;

import java.util.Arrays;

import static java.nio.charset.StandardCharsets.UTF_8;

/**
 * Encodes a {@link Batch} as the batch document {@link RecordLayout} draws: the head (header and
 * sources) is built here, and the positions and records follow it unchanged, so an output can
 * write the three parts straight from the batch's buffers without one more copy. {@link BatchView}
 * reads what this writes.
 *
 * <p>Reusable: the head's buffer grows to the largest head seen and is kept. One byte array per
 * source per batch (its UTF-8 path), never per line. Not thread-safe.
 */
public final class BatchDocument {

    private byte[] head = new byte[1024];
    private int headLength;

    /** Encodes {@code batch}'s head; read it with {@link #head()} and {@link #headLength()}. */
    public BatchDocument encodeHead(Batch batch) {
        if (batch.sourceCount() > RecordLayout.MAX_SOURCES) {
            throw new IllegalArgumentException("a batch references " + batch.sourceCount()
                    + " files; a document holds at most " + RecordLayout.MAX_SOURCES);
        }
        int at = RecordLayout.BATCH_HEADER_LENGTH;
        ensure(at);
        LittleEndian.INT.set(head, RecordLayout.BATCH_MAGIC_OFFSET, RecordLayout.BATCH_MAGIC);
        LittleEndian.SHORT.set(head, RecordLayout.BATCH_VERSION_OFFSET, (short) RecordLayout.VERSION);
        LittleEndian.SHORT.set(head, RecordLayout.BATCH_SOURCE_COUNT_OFFSET, (short) batch.sourceCount());
        LittleEndian.INT.set(head, RecordLayout.BATCH_RECORD_COUNT_OFFSET, batch.recordCount());
        LittleEndian.INT.set(head, RecordLayout.BATCH_POSITIONS_LENGTH_OFFSET, batch.positionsLength());
        LittleEndian.INT.set(head, RecordLayout.BATCH_RECORDS_LENGTH_OFFSET, batch.recordsLength());
        for (int i = 0; i < batch.sourceCount(); i++) {
            byte[] path = batch.sourcePath(i).getBytes(UTF_8);
            if (path.length > 0xFFFF) {
                throw new IllegalArgumentException("source path of " + path.length + " bytes; at most 65535");
            }
            ensure(at + 2 + path.length);
            LittleEndian.SHORT.set(head, at, (short) path.length);
            System.arraycopy(path, 0, head, at + 2, path.length);
            at += 2 + path.length;
        }
        headLength = at;
        return this;
    }

    /** The head last encoded, in {@code [0, headLength())}. */
    public byte[] head() {
        return head;
    }

    public int headLength() {
        return headLength;
    }

    /** The whole document's length: head, positions and records. */
    public long documentLength(Batch batch) {
        return (long) headLength + batch.positionsLength() + batch.recordsLength();
    }

    /** {@code batch} as one new array holding the whole document, e.g. to keep it after the call. */
    public static byte[] copyOf(Batch batch) {
        BatchDocument document = new BatchDocument().encodeHead(batch);
        byte[] out = new byte[Math.toIntExact(document.documentLength(batch))];
        int at = document.headLength;
        System.arraycopy(document.head, 0, out, 0, at);
        System.arraycopy(batch.positionsBytes(), 0, out, at, batch.positionsLength());
        at += batch.positionsLength();
        System.arraycopy(batch.recordBytes(), 0, out, at, batch.recordsLength());
        return out;
    }

    private void ensure(int length) {
        if (length > head.length) {
            head = Arrays.copyOf(head, Math.max(2 * head.length, length));
        }
    }
}
