package io.snapline.records;

import static io.snapline.records.LittleEndian.INT;
import static io.snapline.records.LittleEndian.LONG;
import static io.snapline.records.LittleEndian.SHORT;
import static io.snapline.records.RecordLayout.*;

/**
 * Appends records in {@link RecordLayout} to a reusable buffer. One per ring slot, written by
 * the slot's parse worker and read by the queue writer; reset when the slot is reused.
 *
 * <p>The buffer grows (doubling) only when a batch's records outgrow it, so in steady state
 * writing a record allocates nothing. A line's records can be taken back as a whole
 * ({@link #markLine()}, {@link #rollbackLine()}) when a later event of the line turns out bad,
 * and one record begun can be taken back alone ({@link #abandonRecord()}).
 */
public final class RecordWriter {

    private byte[] buffer;
    private int length;
    private int recordCount;
    private int recordStart = -1;
    private int lineMarkLength;
    private int lineMarkCount;

    public RecordWriter(int initialCapacity) {
        this.buffer = new byte[Math.max(64, initialCapacity)];
    }

    /**
     * Empties the writer and, if one big batch grew its buffer past {@code capacity}, goes back
     * to that capacity, so a rare huge line does not pin its memory in every slot it visits.
     */
    public void reset(int capacity) {
        reset();
        if (buffer.length > capacity) {
            buffer = new byte[capacity];
        }
    }

    public void reset() {
        length = 0;
        recordCount = 0;
        recordStart = -1;
        lineMarkLength = 0;
        lineMarkCount = 0;
    }

    /** Remembers where the current line's records start. */
    public void markLine() {
        lineMarkLength = length;
        lineMarkCount = recordCount;
        recordStart = -1;
    }

    /**
     * Bytes written since {@link #markLine()}: what the current line has produced so far, for a
     * parser that bounds it.
     */
    public int lineBytes() {
        return length - lineMarkLength;
    }

    /** Takes back every record written since {@link #markLine()}. */
    public void rollbackLine() {
        length = lineMarkLength;
        recordCount = lineMarkCount;
        recordStart = -1;
    }

    public void beginRecord(RecordType type, int sourceIndex, long lineOffset) {
        if (recordStart >= 0) {
            throw new IllegalStateException("record not ended");
        }
        ensure(RECORD_HEADER_LENGTH);
        recordStart = length;
        buffer[length + RECORD_TYPE_OFFSET] = type.code();
        buffer[length + RECORD_TYPE_OFFSET + 1] = 0;
        SHORT.set(buffer, length + RECORD_SOURCE_OFFSET, (short) sourceIndex);
        LONG.set(buffer, length + RECORD_LINE_OFFSET_OFFSET, lineOffset);
        length += RECORD_HEADER_LENGTH;
    }

    /**
     * Takes back the record begun and not ended, e.g. an event an ingest filter drops: the
     * line's other records stay, and the next record starts where this one did.
     */
    public void abandonRecord() {
        if (recordStart < 0) {
            throw new IllegalStateException("no record begun");
        }
        length = recordStart;
        recordStart = -1;
    }

    public void endRecord() {
        INT.set(buffer, recordStart + RECORD_LENGTH_OFFSET, length - recordStart);
        recordStart = -1;
        recordCount++;
    }

    public void putNull(Field field) {
        putTag(field, KIND_NULL, 0);
    }

    public void putBoolean(Field field, boolean value) {
        putTag(field, value ? KIND_TRUE : KIND_FALSE, 0);
    }

    public void putLong(Field field, long value) {
        putTag(field, KIND_LONG, 8);
        LONG.set(buffer, length, value);
        length += 8;
    }

    /** A STRING or NUMBER whose UTF-8 bytes are given. */
    public void putText(Field field, byte kind, byte[] utf8, int offset, int textLength) {
        beginText(field, kind, textLength);
        System.arraycopy(utf8, offset, buffer, length, textLength);
        length += textLength;
    }

    /**
     * Starts a STRING or NUMBER of {@code textLength} bytes; the caller then writes exactly that
     * many bytes at {@link #textTarget()} from {@link #textTargetOffset()} and calls
     * {@link #advance(int)}. Lets a parser encode characters straight into the buffer.
     */
    public void beginText(Field field, byte kind, int textLength) {
        if (textLength > MAX_TEXT_LENGTH) {
            throw new IllegalArgumentException(field + " is " + textLength + " bytes, over " + MAX_TEXT_LENGTH);
        }
        putTag(field, kind, 2 + textLength);
        SHORT.set(buffer, length, (short) textLength);
        length += 2;
    }

    public byte[] textTarget() {
        return buffer;
    }

    public int textTargetOffset() {
        return length;
    }

    public void advance(int bytesWritten) {
        length += bytesWritten;
    }

    /**
     * Appends fields already encoded in this layout, e.g. those of another record: one copy in
     * place of decoding and re-encoding each of them.
     */
    public void putFields(byte[] fields, int offset, int byteCount) {
        if (recordStart < 0) {
            throw new IllegalStateException("no record begun");
        }
        ensure(byteCount);
        System.arraycopy(fields, offset, buffer, length, byteCount);
        length += byteCount;
    }

    /** Raw bytes, e.g. a dead letter's line (up to 2 GiB). */
    public void putBytes(Field field, byte[] bytes, int offset, int byteCount) {
        putTag(field, KIND_BYTES, 4 + byteCount);
        INT.set(buffer, length, byteCount);
        System.arraycopy(bytes, offset, buffer, length + 4, byteCount);
        length += 4 + byteCount;
    }

    private void putTag(Field field, byte kind, int payload) {
        if (recordStart < 0) {
            throw new IllegalStateException("no record begun");
        }
        ensure(2 + payload);
        buffer[length] = field.id();
        buffer[length + 1] = kind;
        length += 2;
    }

    private void ensure(int more) {
        if (length + more > buffer.length) {
            long wanted = Math.max((long) buffer.length * 2, (long) length + more);
            byte[] grown = new byte[(int) Math.min(wanted, Integer.MAX_VALUE - 8)];
            System.arraycopy(buffer, 0, grown, 0, length);
            buffer = grown;
        }
    }

    /** The records written so far: {@code buffer()[0, length())}. */
    public byte[] buffer() {
        return buffer;
    }

    public int length() {
        return length;
    }

    public int recordCount() {
        return recordCount;
    }

    public int capacity() {
        return buffer.length;
    }
}
