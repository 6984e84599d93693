package io.snapline.records;

import static io.snapline.records.RecordLayout.*;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Prints a record as one line of JSON, the record view of DESIGN.md (what {@code snapline cat}
 * shows):
 *
 * <pre>{"type":"order_status", ...fields in stored order..., "source":"/path/H","offset":1234}</pre>
 *
 * <ul>
 *   <li>Names are {@link Field#jsonName()}; fields this reader does not know are left out.
 *   <li>STRING: a JSON string. {@code "} and {@code &#92;} are escaped, control characters are
 *       {@code &#92;u00XX}, other characters (non-ASCII included) are kept as their UTF-8 bytes.
 *   <li>NUMBER: printed raw, the node's own digits. Should the text not be a JSON number (a
 *       corrupt record), it is printed as a string so the line stays valid JSON.
 *   <li>LONG: a number; TRUE/FALSE: {@code true}/{@code false}; NULL: {@code null}.
 *   <li>BYTES (a dead letter's {@code line}): when the bytes are valid UTF-8 they are printed
 *       as a JSON string under the field's name ({@code "line":"..."}), which is readable and
 *       exact; otherwise base64 (standard alphabet, padded) under the name plus {@code Base64}
 *       ({@code "lineBase64":"..."}), because a string could not give back invalid bytes. A
 *       reader tells the two apart by the key.
 *   <li>A record type this version does not know prints {@code "type":"unknown","typeCode":N}.
 *   <li>Bytes of a STRING or source path that are not valid UTF-8 are printed as U+FFFD.
 * </ul>
 *
 * <p>The line is built as UTF-8 in one reused buffer, so printing allocates nothing once the
 * buffer has grown to the longest line. Not thread-safe: one per printing thread.
 */
public final class RecordJson {

    private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] BASE64 =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] UTF8_REPLACEMENT = {(byte) 0xEF, (byte) 0xBF, (byte) 0xBD};

    private static final byte[] TYPE_KEY = ascii("{\"type\":");
    private static final byte[] UNKNOWN_TYPE = ascii("\"unknown\",\"typeCode\":");
    private static final byte[] SOURCE_KEY = ascii(",\"source\":");
    private static final byte[] OFFSET_KEY = ascii(",\"offset\":");
    private static final byte[] NULL = ascii("null");
    private static final byte[] TRUE = ascii("true");
    private static final byte[] FALSE = ascii("false");
    private static final byte[][] TYPE_NAMES = new byte[256][];
    // ,"name": and ,"nameBase64": per field, by ordinal, so keys are copied, never encoded.
    private static final byte[][] KEYS = new byte[Field.values().length][];
    private static final byte[][] BASE64_KEYS = new byte[Field.values().length][];

    static {
        for (RecordType type : RecordType.values()) {
            TYPE_NAMES[type.code() & 0xFF] = ascii("\"" + type.jsonName() + "\"");
        }
        for (Field field : Field.values()) {
            KEYS[field.ordinal()] = ascii(",\"" + field.jsonName() + "\":");
            BASE64_KEYS[field.ordinal()] = ascii(",\"" + field.jsonName() + "Base64\":");
        }
    }

    private byte[] buffer = new byte[1024];
    private int length;

    /** Appends the record's JSON object (no newline) to {@code out}. */
    public StringBuilder append(RecordView record, StringBuilder out) {
        encode(record);
        RecordView.appendUtf8(buffer, 0, length, out);
        return out;
    }

    /** The record's JSON object as a new String (allocates; for tests and tools). */
    public String toJson(RecordView record) {
        encode(record);
        return new String(buffer, 0, length, StandardCharsets.UTF_8);
    }

    /** Writes the record's JSON object and a {@code '\n'} to {@code out} as UTF-8. */
    public void writeLine(RecordView record, OutputStream out) throws IOException {
        encode(record);
        ensure(1);
        buffer[length++] = '\n';
        out.write(buffer, 0, length);
    }

    /**
     * Encodes the record's JSON object as UTF-8 into {@link #buffer()}; for callers that move
     * bytes themselves. Valid until the next call.
     *
     * @return the encoded length
     */
    public int encode(RecordView record) {
        length = 0;
        put(TYPE_KEY);
        RecordType type = record.type();
        if (type != null) {
            put(TYPE_NAMES[type.code() & 0xFF]);
        } else {
            put(UNKNOWN_TYPE);
            putLong(record.typeCode());
        }
        byte[] bytes = record.buffer();
        int fieldCount = record.fieldCount();
        for (int i = 0; i < fieldCount; i++) {
            putField(record, i, bytes);
        }
        BatchView batch = record.batch();
        int source = record.sourceIndex();
        put(SOURCE_KEY);
        putString(batch.bytes(), batch.sourceOffset(source), batch.sourceLength(source));
        put(OFFSET_KEY);
        putLong(record.lineOffset());
        ensure(1);
        buffer[length++] = '}';
        return length;
    }

    /** The buffer {@link #encode} fills: {@code buffer()[0, length)}. */
    public byte[] buffer() {
        return buffer;
    }

    private void putField(RecordView record, int i, byte[] bytes) {
        int ordinal = record.fieldAt(i).ordinal();
        int offset = record.valueOffsetAt(i);
        int valueLength = record.valueLengthAt(i);
        byte kind = record.kindAt(i);
        if (kind == KIND_BYTES && !Utf8.isValid(bytes, offset, valueLength)) {
            put(BASE64_KEYS[ordinal]);
            putBase64(bytes, offset, valueLength);
            return;
        }
        put(KEYS[ordinal]);
        switch (kind) {
            case KIND_NULL -> put(NULL);
            case KIND_TRUE -> put(TRUE);
            case KIND_FALSE -> put(FALSE);
            case KIND_LONG -> putLong(record.longAt(i));
            case KIND_NUMBER -> {
                if (isJsonNumber(bytes, offset, valueLength)) {
                    put(bytes, offset, valueLength);
                } else {
                    putString(bytes, offset, valueLength);
                }
            }
            // STRING, and BYTES that are valid UTF-8.
            default -> putString(bytes, offset, valueLength);
        }
    }

    private void putString(byte[] b, int offset, int count) {
        // Worst case: every byte a control character (6 bytes) or a bad byte (3 bytes).
        ensure(2 + 6L * count);
        byte[] out = buffer;
        int at = length;
        out[at++] = '"';
        int end = offset + count;
        int i = offset;
        while (i < end) {
            int c = b[i];
            if (c >= 0x20 && c != '"' && c != '\\') {
                out[at++] = (byte) c;
                i++;
            } else if (c == '"' || c == '\\') {
                out[at++] = '\\';
                out[at++] = (byte) c;
                i++;
            } else if (c >= 0) {
                out[at++] = '\\';
                out[at++] = 'u';
                out[at++] = '0';
                out[at++] = '0';
                out[at++] = HEX[c >> 4];
                out[at++] = HEX[c & 0xF];
                i++;
            } else {
                int n = Utf8.sequenceLength(b, i, end);
                if (n == 0) {
                    System.arraycopy(UTF8_REPLACEMENT, 0, out, at, 3);
                    at += 3;
                    i++;
                } else {
                    System.arraycopy(b, i, out, at, n);
                    at += n;
                    i += n;
                }
            }
        }
        out[at++] = '"';
        length = at;
    }

    private void putBase64(byte[] b, int offset, int count) {
        ensure(2 + (count + 2L) / 3 * 4);
        byte[] out = buffer;
        int at = length;
        out[at++] = '"';
        int i = offset;
        int end = offset + count;
        for (; end - i >= 3; i += 3) {
            int v = (b[i] & 0xFF) << 16 | (b[i + 1] & 0xFF) << 8 | (b[i + 2] & 0xFF);
            out[at++] = BASE64[v >>> 18];
            out[at++] = BASE64[(v >>> 12) & 0x3F];
            out[at++] = BASE64[(v >>> 6) & 0x3F];
            out[at++] = BASE64[v & 0x3F];
        }
        int rest = end - i;
        if (rest > 0) {
            int v = (b[i] & 0xFF) << 16 | (rest == 2 ? (b[i + 1] & 0xFF) << 8 : 0);
            out[at++] = BASE64[v >>> 18];
            out[at++] = BASE64[(v >>> 12) & 0x3F];
            out[at++] = rest == 2 ? BASE64[(v >>> 6) & 0x3F] : (byte) '=';
            out[at++] = '=';
        }
        out[at++] = '"';
        length = at;
    }

    private void putLong(long value) {
        ensure(20);
        if (value == Long.MIN_VALUE) {
            put(ascii(Long.toString(value)));
            return;
        }
        if (value < 0) {
            buffer[length++] = '-';
            value = -value;
        }
        int digits = 1;
        for (long v = value; v >= 10; v /= 10) {
            digits++;
        }
        int at = length + digits;
        length = at;
        do {
            buffer[--at] = (byte) ('0' + (int) (value % 10));
            value /= 10;
        } while (value != 0);
    }

    private void put(byte[] b) {
        put(b, 0, b.length);
    }

    private void put(byte[] b, int offset, int count) {
        ensure(count);
        System.arraycopy(b, offset, buffer, length, count);
        length += count;
    }

    private void ensure(long more) {
        long needed = length + more;
        if (needed > buffer.length) {
            if (needed > Integer.MAX_VALUE - 8) {
                throw new IllegalStateException("a record's JSON line would exceed 2 GiB");
            }
            long wanted = Math.max((long) buffer.length * 2, needed);
            byte[] grown = new byte[(int) Math.min(wanted, Integer.MAX_VALUE - 8)];
            System.arraycopy(buffer, 0, grown, 0, length);
            buffer = grown;
        }
    }

    /** RFC 8259's number: {@code -? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?}. */
    static boolean isJsonNumber(byte[] b, int offset, int count) {
        int end = offset + count;
        int i = offset;
        if (i < end && b[i] == '-') {
            i++;
        }
        if (i >= end) {
            return false;
        }
        if (b[i] == '0') {
            i++;
        } else if (isDigit(b[i])) {
            i = skipDigits(b, i, end);
        } else {
            return false;
        }
        if (i < end && b[i] == '.') {
            int fraction = ++i;
            i = skipDigits(b, i, end);
            if (i == fraction) {
                return false;
            }
        }
        if (i < end && (b[i] == 'e' || b[i] == 'E')) {
            i++;
            if (i < end && (b[i] == '+' || b[i] == '-')) {
                i++;
            }
            int exponent = i;
            i = skipDigits(b, i, end);
            if (i == exponent) {
                return false;
            }
        }
        return i == end;
    }

    private static int skipDigits(byte[] b, int i, int end) {
        while (i < end && isDigit(b[i])) {
            i++;
        }
        return i;
    }

    private static boolean isDigit(byte c) {
        return c >= '0' && c <= '9';
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
