package io.snapline.records;

import static io.snapline.records.LittleEndian.INT;
import static io.snapline.records.LittleEndian.SHORT;
import static io.snapline.records.RecordLayout.*;

/**
 * Steps over fields in {@link RecordLayout} that this process has just written, e.g. those of a
 * record {@link RecordWriter} has begun and not ended, so a filter can look at them before the
 * record is kept. Unlike {@link RecordView} it needs no record LENGTH and checks nothing: the
 * bytes are the writer's own. Allocation-free; {@code at} is always where a field starts.
 */
public final class FieldScan {

    private static final int TAG_LENGTH = 2;

    private FieldScan() {
    }

    /** The id of the field at {@code at}: a {@link Field#id()}, unsigned. */
    public static int id(byte[] fields, int at) {
        return fields[at] & 0xFF;
    }

    /** One of {@link RecordLayout}'s {@code KIND_} constants. */
    public static byte kind(byte[] fields, int at) {
        return fields[at + 1];
    }

    /** Where the UTF-8 of the STRING or NUMBER field at {@code at} starts. */
    public static int textOffset(int at) {
        return at + TAG_LENGTH + 2;
    }

    /** The byte length of the STRING or NUMBER field at {@code at}. */
    public static int textLength(byte[] fields, int at) {
        return Short.toUnsignedInt((short) SHORT.get(fields, at + TAG_LENGTH));
    }

    /** Where the field after the one at {@code at} starts. */
    public static int next(byte[] fields, int at) {
        byte kind = kind(fields, at);
        if (kind >= FIRST_LENGTH_PREFIXED_KIND) { // JSON, MEMBER and any later kind: i32 length first
            return at + TAG_LENGTH + 4 + (int) INT.get(fields, at + TAG_LENGTH);
        }
        return at + TAG_LENGTH + switch (kind) {
            case KIND_NULL, KIND_FALSE, KIND_TRUE -> 0;
            case KIND_LONG -> 8;
            case KIND_STRING, KIND_NUMBER -> 2 + textLength(fields, at);
            case KIND_BYTES -> 4 + (int) INT.get(fields, at + TAG_LENGTH);
            // The writer wrote it, so a kind unknown here is a kind added without teaching this class.
            default -> throw new IllegalStateException("field kind " + (kind & 0xFF) + " at " + at
                    + " is not one FieldScan knows");
        };
    }
}
