package io.snapline.records;

import static io.snapline.records.LittleEndian.INT;
import static io.snapline.records.LittleEndian.LONG;
import static io.snapline.records.LittleEndian.SHORT;
import static io.snapline.records.RecordLayout.*;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A reusable read-only view of one record ({@link RecordLayout}) inside a {@link BatchView}; get
 * one pointed at a record with {@link BatchView#next} or {@link BatchView#forEach}. Valid until
 * it is moved on or the batch's bytes change. Not thread-safe.
 *
 * <p>On first field access the record's fields are indexed once into reused arrays (a field is
 * then found by a scan of at most a few dozen entries), so reading a record allocates nothing
 * except through the convenience methods that say they do ({@link #text}, {@link #bytes}).
 *
 * <p>Forward compatibility, as the layout asks: a field id this version does not know is skipped
 * (its kind says how long it is), and so is a kind this version does not know (from 7 on every
 * kind starts with an i32 length; {@link #hasUnknownKinds()} tells it happened).
 *
 * <p>Fields the parser did not know are <em>members</em> ({@link #memberCount()}): a name as the
 * node wrote it and the value's exact JSON, in stored order, apart from the known fields
 * ({@link #fieldCount()}); {@link #memberFieldsBefore} places them among those. Values kept
 * whole (a JSON field such as {@code children}) are read with {@link #json} / {@link #jsonTo}.
 *
 * <p>Absent and null are different: {@link #has} is false for a field the record does not carry;
 * {@link #isNull} is true for a field carried as JSON null. {@link #text} and {@link #bytes} give
 * null for both; the typed getters throw for both.
 */
public final class RecordView {

    private static final String[] KIND_NAMES = {"NULL", "FALSE", "TRUE", "LONG", "STRING", "NUMBER", "BYTES", "JSON",
        "MEMBER"};
    private static final char REPLACEMENT = '\uFFFD';

    private BatchView batch;
    private byte[] bytes;
    private int start;
    private int recordLength;

    private boolean indexed;
    private boolean unknownKinds;
    private int fieldCount;
    private int memberCount;
    // Members, in stored order: where each one's name is, its value's length (the value follows
    // the name), and how many known fields come before it.
    private int[] memberNameOffsets = new int[8];
    private int[] memberNameLengths = new int[8];
    private int[] memberValueLengths = new int[8];
    private int[] memberFieldsBefore = new int[8];
    private final StringBuilder decodedName = new StringBuilder();
    private Field[] fields = new Field[32];
    private byte[] kinds = new byte[32];
    private int[] valueOffsets = new int[32];
    private int[] valueLengths = new int[32];

    /** Points this view at the record at {@code bytes()[at]}; the batch has checked its frame. */
    int wrap(BatchView batch, int at) {
        this.batch = batch;
        this.bytes = batch.bytes();
        this.start = at;
        this.recordLength = (int) INT.get(bytes, at + RECORD_LENGTH_OFFSET);
        this.indexed = false;
        this.unknownKinds = false;
        this.fieldCount = 0;
        this.memberCount = 0;
        return recordLength;
    }

    /** The record's type, or null for a type code this version does not know (see {@link #typeCode()}). */
    public RecordType type() {
        return RecordType.ofCode(typeCode());
    }

    public int typeCode() {
        return bytes[start + RECORD_TYPE_OFFSET] & 0xFF;
    }

    /** Index of the record's file in the batch's sources. */
    public int sourceIndex() {
        return Short.toUnsignedInt((short) SHORT.get(bytes, start + RECORD_SOURCE_OFFSET));
    }

    /** The path of the file the record came from (cached per batch). */
    public String source() {
        return batch.source(sourceIndex());
    }

    /** Byte offset, in {@link #source()}, of the line the record came from. */
    public long lineOffset() {
        return (long) LONG.get(bytes, start + RECORD_LINE_OFFSET_OFFSET);
    }

    // ---- identity: (stream, block number, event index), what a consumer deduplicates on ----------

    /**
     * The node stream the record is about: its type's ({@link RecordType#stream()}) for an event,
     * the {@link Field#STREAM} field for block accounting records; null for a dead letter or a type
     * this version does not know. Allocates only for accounting records.
     */
    public String stream() {
        RecordType type = type();
        if (type != null && type.stream() != null) {
            return type.stream().directoryName();
        }
        return text(Field.STREAM);
    }

    /** The envelope's block_number, or -1 when the record has none (plain layout, dead letters, a bad value). */
    public long blockNumber() {
        int i = indexOf(Field.BLOCK_NUMBER);
        return i >= 0 && kinds[i] == RecordLayout.KIND_LONG ? longAt(i) : -1;
    }

    /**
     * The event's index within its block (0 for the block's first event), or -1 when the record has
     * no block ({@link #blockNumber()} is -1). Counts the events the ingest filter dropped, so it
     * does not depend on the filter.
     */
    public long eventIndex() {
        int i = indexOf(Field.EVENT_INDEX);
        return i >= 0 && kinds[i] == RecordLayout.KIND_LONG ? longAt(i) : -1;
    }

    /** The batch this record belongs to. */
    public BatchView batch() {
        return batch;
    }

    /** The array the record is in; {@link #valueOffsetAt} indexes into it. */
    public byte[] buffer() {
        return bytes;
    }

    /** Where the record starts in {@link #buffer()}. */
    public int recordOffset() {
        return start;
    }

    /** The record's LENGTH: header and fields, in bytes. */
    public int recordLength() {
        return recordLength;
    }

    // ---- fields by position, in the order they are stored -------------------------------------

    /** How many known fields the record holds (members and unknown ids or kinds are not counted). */
    public int fieldCount() {
        index();
        return fieldCount;
    }

    public Field fieldAt(int i) {
        checkIndex(i);
        return fields[i];
    }

    /** One of {@link RecordLayout}'s {@code KIND_} constants. */
    public byte kindAt(int i) {
        checkIndex(i);
        return kinds[i];
    }

    /** Where field {@code i}'s payload starts in {@link #buffer()}, after any length prefix. */
    public int valueOffsetAt(int i) {
        checkIndex(i);
        return valueOffsets[i];
    }

    /** Field {@code i}'s payload length: text, JSON or raw bytes, 8 for LONG, 0 for NULL/FALSE/TRUE. */
    public int valueLengthAt(int i) {
        checkIndex(i);
        return valueLengths[i];
    }

    public long longAt(int i) {
        requireKind(i, KIND_LONG);
        return (long) LONG.get(bytes, valueOffsets[i]);
    }

    public boolean booleanAt(int i) {
        checkIndex(i);
        if (kinds[i] == KIND_TRUE) {
            return true;
        }
        if (kinds[i] == KIND_FALSE) {
            return false;
        }
        throw wrongKind(i, "TRUE or FALSE");
    }

    /** A STRING or NUMBER as a new String; null if the field is NULL. */
    public String textAt(int i) {
        if (isText(i)) {
            return new String(bytes, valueOffsets[i], valueLengths[i], StandardCharsets.UTF_8);
        }
        return null;
    }

    /** Appends a STRING or NUMBER to {@code out} without allocating; false (nothing appended) if NULL. */
    public boolean textAt(int i, StringBuilder out) {
        if (isText(i)) {
            appendUtf8(bytes, valueOffsets[i], valueLengths[i], out);
            return true;
        }
        return false;
    }

    private boolean isText(int i) {
        checkIndex(i);
        byte kind = kinds[i];
        if (kind == KIND_STRING || kind == KIND_NUMBER) {
            return true;
        }
        if (kind == KIND_NULL) {
            return false;
        }
        throw wrongKind(i, "STRING or NUMBER");
    }

    // ---- fields by name -------------------------------------------------------------------------

    /** Position of {@code field} among {@link #fieldCount()}, or -1 if the record does not carry it. */
    public int indexOf(Field field) {
        index();
        for (int i = 0; i < fieldCount; i++) {
            if (fields[i] == field) {
                return i;
            }
        }
        return -1;
    }

    public boolean has(Field field) {
        return indexOf(field) >= 0;
    }

    /** The field's {@code KIND_} constant, or -1 if the record does not carry it. */
    public byte kind(Field field) {
        int i = indexOf(field);
        return i < 0 ? -1 : kinds[i];
    }

    /** True if the field is carried as JSON null (false if absent: see {@link #has}). */
    public boolean isNull(Field field) {
        return kind(field) == KIND_NULL;
    }

    /** A LONG field. @throws IllegalStateException if absent or of another kind */
    public long longValue(Field field) {
        return longAt(require(field));
    }

    /** A TRUE/FALSE field. @throws IllegalStateException if absent or of another kind */
    public boolean booleanValue(Field field) {
        return booleanAt(require(field));
    }

    /** A STRING or NUMBER as a new String (allocates); null if absent or NULL. */
    public String text(Field field) {
        int i = indexOf(field);
        return i < 0 ? null : textAt(i);
    }

    /** Appends a STRING or NUMBER to {@code out}, allocation-free; false if absent or NULL. */
    public boolean textTo(Field field, StringBuilder out) {
        int i = indexOf(field);
        return i >= 0 && textAt(i, out);
    }

    /**
     * Copies a STRING or NUMBER's UTF-8 bytes into {@code dst} at {@code dstOffset}.
     *
     * @return bytes copied, or -1 if absent or NULL
     * @throws IndexOutOfBoundsException if {@code dst} has no room (see {@link #textLength})
     */
    public int textTo(Field field, byte[] dst, int dstOffset) {
        int i = indexOf(field);
        if (i < 0 || !isText(i)) {
            return -1;
        }
        System.arraycopy(bytes, valueOffsets[i], dst, dstOffset, valueLengths[i]);
        return valueLengths[i];
    }

    /** A STRING or NUMBER's length in UTF-8 bytes, or -1 if absent or NULL. */
    public int textLength(Field field) {
        int i = indexOf(field);
        return i < 0 || !isText(i) ? -1 : valueLengths[i];
    }

    /** A copy of a BYTES field (or a STRING/NUMBER's UTF-8); null if absent or NULL. */
    public byte[] bytes(Field field) {
        int i = indexOf(field);
        if (i < 0 || kinds[i] == KIND_NULL) {
            return null;
        }
        byte kind = kinds[i];
        if (kind != KIND_BYTES && kind != KIND_STRING && kind != KIND_NUMBER) {
            throw wrongKind(i, "BYTES, STRING or NUMBER");
        }
        return Arrays.copyOfRange(bytes, valueOffsets[i], valueOffsets[i] + valueLengths[i]);
    }

    /**
     * True when the record holds a field of a kind this version does not know (a newer writer's):
     * it was skipped by its length, and every other field is read.
     */
    public boolean hasUnknownKinds() {
        index();
        return unknownKinds;
    }

    // ---- values kept whole: JSON fields ----------------------------------------------------------

    /** A JSON field's exact text as a new String (allocates); null if absent or NULL. */
    public String json(Field field) {
        int i = indexOfJson(field);
        return i < 0 ? null : new String(bytes, valueOffsets[i], valueLengths[i], StandardCharsets.UTF_8);
    }

    /** Appends a JSON field's exact text to {@code out}, allocation-free; false if absent or NULL. */
    public boolean jsonTo(Field field, StringBuilder out) {
        int i = indexOfJson(field);
        if (i < 0) {
            return false;
        }
        appendUtf8(bytes, valueOffsets[i], valueLengths[i], out);
        return true;
    }

    /** Position of a JSON field, or -1 if absent or NULL; throws for a field of another kind. */
    private int indexOfJson(Field field) {
        int i = indexOf(field);
        if (i < 0 || kinds[i] == KIND_NULL) {
            return -1;
        }
        if (kinds[i] != KIND_JSON) {
            throw wrongKind(i, "JSON");
        }
        return i;
    }

    // ---- members: fields the parser did not know, by name as the node wrote it ------------------

    /** How many members (unknown fields kept with their exact JSON) the record holds. */
    public int memberCount() {
        index();
        return memberCount;
    }

    /** Member {@code i}'s name, its JSON escapes decoded (allocates); see {@link #memberNameOffset}. */
    public String memberName(int i) {
        checkMember(i);
        decodedName.setLength(0);
        appendMemberName(i, decodedName);
        return decodedName.toString();
    }

    /** Appends member {@code i}'s decoded name to {@code out}, allocation-free. */
    public void memberNameTo(int i, StringBuilder out) {
        checkMember(i);
        appendMemberName(i, out);
    }

    private void appendMemberName(int i, StringBuilder out) {
        int offset = memberNameOffsets[i];
        int length = memberNameLengths[i];
        if (JsonText.isStringContent(bytes, offset, length)) {
            JsonText.appendDecoded(bytes, offset, length, out);
        } else {
            appendUtf8(bytes, offset, length, out); // a corrupt record: its bytes as text
        }
    }

    /** Member {@code i}'s value, its exact JSON text, as a new String (allocates). */
    public String memberJson(int i) {
        checkMember(i);
        return new String(bytes, memberValueOffset(i), memberValueLengths[i], StandardCharsets.UTF_8);
    }

    /** Appends member {@code i}'s exact JSON text to {@code out}, allocation-free. */
    public void memberJsonTo(int i, StringBuilder out) {
        checkMember(i);
        appendUtf8(bytes, memberValueOffset(i), memberValueLengths[i], out);
    }

    /** Where member {@code i}'s name starts in {@link #buffer()}: its bytes as written between its quotes. */
    public int memberNameOffset(int i) {
        checkMember(i);
        return memberNameOffsets[i];
    }

    public int memberNameLength(int i) {
        checkMember(i);
        return memberNameLengths[i];
    }

    /** Where member {@code i}'s JSON text starts in {@link #buffer()}. */
    public int memberValueOffset(int i) {
        checkMember(i);
        return memberNameOffsets[i] + memberNameLengths[i];
    }

    public int memberValueLength(int i) {
        checkMember(i);
        return memberValueLengths[i];
    }

    /** How many of the record's known fields ({@link #fieldAt}) are stored before member {@code i}. */
    public int memberFieldsBefore(int i) {
        checkMember(i);
        return memberFieldsBefore[i];
    }

    /** Index of the first member whose decoded name is {@code name}, or -1 (allocation-free). */
    public int indexOfMember(String name) {
        index();
        for (int i = 0; i < memberCount; i++) {
            decodedName.setLength(0);
            appendMemberName(i, decodedName);
            if (name.contentEquals(decodedName)) {
                return i;
            }
        }
        return -1;
    }

    private void checkMember(int i) {
        index();
        if (i < 0 || i >= memberCount) {
            throw new IndexOutOfBoundsException("member " + i + " of " + memberCount);
        }
    }

    // ---- indexing -------------------------------------------------------------------------------

    private void index() {
        if (indexed) {
            return;
        }
        if (bytes == null) {
            throw new IllegalStateException("record view not pointed at a record");
        }
        int at = start + RECORD_HEADER_LENGTH;
        int end = start + recordLength;
        int count = 0;
        int members = 0;
        while (at < end) {
            if (end - at < 2) {
                throw corrupt(at, "field header cut off by the record's end");
            }
            int id = bytes[at] & 0xFF;
            byte kind = bytes[at + 1];
            int valueOffset = at + 2;
            int valueLength;
            switch (kind) {
                case KIND_NULL, KIND_FALSE, KIND_TRUE -> valueLength = 0;
                case KIND_LONG -> valueLength = 8;
                case KIND_STRING, KIND_NUMBER -> {
                    if (end - valueOffset < 2) {
                        throw corrupt(at, "field id " + id + "'s text length cut off by the record's end");
                    }
                    valueLength = Short.toUnsignedInt((short) SHORT.get(bytes, valueOffset));
                    valueOffset += 2;
                }
                default -> {
                    // BYTES, and every kind from 7 on, known or not: an i32 length first.
                    if (end - valueOffset < 4) {
                        throw corrupt(at, "field id " + id + "'s byte length cut off by the record's end");
                    }
                    valueLength = (int) INT.get(bytes, valueOffset);
                    valueOffset += 4;
                    if (valueLength < 0) {
                        throw corrupt(at, "field id " + id + " has negative byte length " + valueLength);
                    }
                }
            }
            if (end - valueOffset < valueLength) {
                throw corrupt(at, "field id " + id + " (" + kindName(kind) + ", " + valueLength
                        + " bytes) runs past the record's end");
            }
            if (kind == KIND_MEMBER) {
                indexMember(at, members++, count, valueOffset, valueLength);
            } else if (kind > KIND_MEMBER || kind < 0) {
                unknownKinds = true; // skipped by its length, as the layout promises
            } else {
                Field field = Field.ofId(id);
                if (field != null) {
                    ensureFields(count + 1);
                    fields[count] = field;
                    kinds[count] = kind;
                    valueOffsets[count] = valueOffset;
                    valueLengths[count] = valueLength;
                    count++;
                }
            }
            at = valueOffset + valueLength;
        }
        fieldCount = count;
        memberCount = members;
        indexed = true;
    }

    private void indexMember(int at, int i, int fieldsBefore, int payloadOffset, int payloadLength) {
        if (payloadLength < 2) {
            throw corrupt(at, "member's name length cut off by its payload's end");
        }
        int nameLength = Short.toUnsignedInt((short) SHORT.get(bytes, payloadOffset));
        if (nameLength > payloadLength - 2) {
            throw corrupt(at, "member's name (" + nameLength + " bytes) runs past its " + payloadLength
                    + "-byte payload");
        }
        if (i == memberNameOffsets.length) {
            int capacity = 2 * i;
            memberNameOffsets = Arrays.copyOf(memberNameOffsets, capacity);
            memberNameLengths = Arrays.copyOf(memberNameLengths, capacity);
            memberValueLengths = Arrays.copyOf(memberValueLengths, capacity);
            memberFieldsBefore = Arrays.copyOf(memberFieldsBefore, capacity);
        }
        memberNameOffsets[i] = payloadOffset + 2;
        memberNameLengths[i] = nameLength;
        memberValueLengths[i] = payloadLength - 2 - nameLength;
        memberFieldsBefore[i] = fieldsBefore;
    }

    private void ensureFields(int wanted) {
        if (wanted > fields.length) {
            int capacity = fields.length * 2;
            fields = Arrays.copyOf(fields, capacity);
            kinds = Arrays.copyOf(kinds, capacity);
            valueOffsets = Arrays.copyOf(valueOffsets, capacity);
            valueLengths = Arrays.copyOf(valueLengths, capacity);
        }
    }

    private void checkIndex(int i) {
        index();
        if (i < 0 || i >= fieldCount) {
            throw new IndexOutOfBoundsException("field " + i + " of " + fieldCount);
        }
    }

    private int require(Field field) {
        int i = indexOf(field);
        if (i < 0) {
            throw new IllegalStateException(describe() + " has no field " + field.jsonName());
        }
        return i;
    }

    private void requireKind(int i, byte kind) {
        checkIndex(i);
        if (kinds[i] != kind) {
            throw wrongKind(i, kindName(kind));
        }
    }

    private IllegalStateException wrongKind(int i, String wanted) {
        return new IllegalStateException(describe() + ": field " + fields[i].jsonName() + " is "
                + kindName(kinds[i]) + ", not " + wanted);
    }

    private IllegalArgumentException corrupt(int at, String what) {
        return new IllegalArgumentException(describe() + ", byte " + (at - start) + " of " + recordLength
                + ": " + what);
    }

    private String describe() {
        RecordType type = type();
        return "record " + (type == null ? "of type code " + typeCode() : type.jsonName())
                + " from line offset " + lineOffset();
    }

    static String kindName(byte kind) {
        return kind >= 0 && kind < KIND_NAMES.length ? KIND_NAMES[kind] : "kind " + (kind & 0xFF);
    }

    // ---- UTF-8 decoding, shared with RecordJson; the rule of well-formed is Utf8's -------------

    /** Decodes UTF-8 into {@code out} without allocating; each bad byte becomes U+FFFD. */
    static void appendUtf8(byte[] b, int offset, int length, StringBuilder out) {
        int end = offset + length;
        int i = offset;
        while (i < end) {
            int b0 = b[i];
            if (b0 >= 0) {
                out.append((char) b0);
                i++;
                continue;
            }
            int n = Utf8.sequenceLength(b, i, end);
            switch (n) {
                case 2 -> out.append((char) (((b0 & 0x1F) << 6) | (b[i + 1] & 0x3F)));
                case 3 -> out.append((char) (((b0 & 0x0F) << 12) | ((b[i + 1] & 0x3F) << 6) | (b[i + 2] & 0x3F)));
                case 4 -> out.appendCodePoint(((b0 & 0x07) << 18) | ((b[i + 1] & 0x3F) << 12)
                        | ((b[i + 2] & 0x3F) << 6) | (b[i + 3] & 0x3F));
                default -> {
                    out.append(REPLACEMENT);
                    n = 1;
                }
            }
            i += n;
        }
    }
}
