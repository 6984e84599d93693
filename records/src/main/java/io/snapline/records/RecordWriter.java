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

    private static final byte[] NO_PREFIX = new byte[0];

    private byte[] buffer;
    private int length;
    private int recordCount;
    private int recordStart = -1;
    private int lineMarkLength;
    private int lineMarkCount;
    // The current line's members, for counting; grown only by a line with more of them.
    private int lineMembers;
    private int[] memberNameAt = new int[8];
    private int[] memberNameLength = new int[8];

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
        lineMembers = 0;
    }

    /** Remembers where the current line's records start. */
    public void markLine() {
        lineMarkLength = length;
        lineMarkCount = recordCount;
        recordStart = -1;
        lineMembers = 0;
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
        lineMembers = 0;
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

    /**
     * A JSON value kept whole: {@code json[offset, offset + jsonLength)} is its exact text (an
     * object, array or scalar as the node wrote it), which the caller has read as one value.
     */
    public void putJson(Field field, byte[] json, int offset, int jsonLength) {
        putTag(field, KIND_JSON, 4 + jsonLength);
        INT.set(buffer, length, jsonLength);
        System.arraycopy(json, offset, buffer, length + 4, jsonLength);
        length += 4 + jsonLength;
    }

    /**
     * A field the parser does not know, kept as a MEMBER: its name's bytes exactly as written
     * between its quotes, {@code line[nameOffset, +nameLength)}, and its value's exact JSON text,
     * {@code line[valueOffset, +valueLength)}.
     */
    public void putMember(byte[] line, int nameOffset, int nameLength, int valueOffset, int valueLength) {
        putMember(NO_PREFIX, line, nameOffset, nameLength, valueOffset, valueLength);
    }

    /**
     * A MEMBER whose stored name is {@code prefix} followed by the name as written: how a field
     * of a nested object says where it was (a prefix such as {@code liquidation.}, ASCII).
     */
    public void putMember(byte[] prefix, byte[] line, int nameOffset, int nameLength, int valueOffset,
            int valueLength) {
        putMember(prefix, prefix.length, line, nameOffset, nameLength, valueOffset, valueLength);
    }

    /** As {@link #putMember(byte[], byte[], int, int, int, int)} with the prefix {@code prefix[0, prefixLength)}. */
    public void putMember(byte[] prefix, int prefixLength, byte[] line, int nameOffset, int nameLength,
            int valueOffset, int valueLength) {
        int storedName = prefixLength + nameLength;
        if (storedName > MAX_MEMBER_NAME_LENGTH) {
            throw new IllegalArgumentException("member name of " + storedName + " bytes, over "
                    + MAX_MEMBER_NAME_LENGTH);
        }
        int payload = 2 + storedName + valueLength;
        putTag(MEMBER_FIELD_ID, KIND_MEMBER, 4 + payload);
        INT.set(buffer, length, payload);
        SHORT.set(buffer, length + 4, (short) storedName);
        int at = length + 6;
        noteMember(at, storedName);
        System.arraycopy(prefix, 0, buffer, at, prefixLength);
        at += prefixLength;
        System.arraycopy(line, nameOffset, buffer, at, nameLength);
        at += nameLength;
        System.arraycopy(line, valueOffset, buffer, at, valueLength);
        length = at + valueLength;
    }

    private void noteMember(int nameAt, int nameLength) {
        if (lineMembers == memberNameAt.length) {
            memberNameAt = java.util.Arrays.copyOf(memberNameAt, 2 * lineMembers);
            memberNameLength = java.util.Arrays.copyOf(memberNameLength, 2 * lineMembers);
        }
        memberNameAt[lineMembers] = nameAt;
        memberNameLength[lineMembers] = nameLength;
        lineMembers++;
    }

    /**
     * Members written since {@link #markLine()} (none after a rollback): so a parser can count the
     * unknown fields of a line it has accepted without reading its records again.
     */
    public int lineMemberCount() {
        return lineMembers;
    }

    /** Where the name of the line's member {@code i} is in {@link #buffer()} (prefix included). */
    public int lineMemberNameOffset(int i) {
        return memberNameAt[i];
    }

    public int lineMemberNameLength(int i) {
        return memberNameLength[i];
    }

    private void putTag(Field field, byte kind, int payload) {
        putTag(field.id(), kind, payload);
    }

    private void putTag(byte fieldId, byte kind, int payload) {
        if (recordStart < 0) {
            throw new IllegalStateException("no record begun");
        }
        ensure(2 + payload);
        buffer[length] = fieldId;
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
