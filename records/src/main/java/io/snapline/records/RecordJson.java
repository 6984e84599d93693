package io.snapline.records;

import static io.snapline.records.RecordLayout.*;

import com.fasterxml.jackson.core.Base64Variants;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Prints a record as one line of JSON, the record view of docs/formats.md (what {@code snapline cat}
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
 *   <li>JSON (a value kept whole, e.g. {@code children}): printed raw, exactly as the node wrote it.
 *   <li>Members (fields the parser did not know) are printed in stored order among the known
 *       fields, under their names exactly as written (escapes as written), each with its exact
 *       JSON value. A member whose name the line already has (a known field's name, which every
 *       {@link Field#jsonName()} counts as, one of the view's own keys {@code type},
 *       {@code typeCode}, {@code source}, {@code offset}, or an earlier member's) gets {@code _} in
 *       front, as many as it takes to be new: the line never has a duplicate key.
 *   <li>Should raw JSON text not be JSON (a corrupt record), it is printed as a JSON string of its
 *       bytes, and a member name that is not valid string content as its bytes escaped, so the
 *       line stays valid JSON.
 *   <li>A record type this version does not know prints {@code "type":"unknown","typeCode":N}.
 *   <li>Bytes of a STRING or source path that are not valid UTF-8 are printed as U+FFFD.
 * </ul>
 *
 * <p>Jackson's {@link JsonGenerator} writes the line, one generator per instance for its whole
 * life, into one reused buffer, so printing allocates nothing once the buffer has grown to the
 * longest line. Not thread-safe: one per printing thread.
 */
public final class RecordJson {

    private static final JsonFactory FACTORY = new JsonFactoryBuilder()
            .characterEscapes(new ControlCharactersAsUnicode())
            // One generator writes every record: by default it would put a space before each after the first.
            .rootValueSeparator((String) null)
            // The generator is never closed, so it could never give pooled buffers back.
            .recyclerPool(JsonRecyclerPools.nonRecyclingPool())
            .build();

    private static final byte[] UTF8_REPLACEMENT = {(byte) 0xEF, (byte) 0xBF, (byte) 0xBD};
    private static final byte[] HEX_ESCAPE = {'\\', 'u', '0', '0'};
    private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);

    private static final SerializableString TYPE = new SerializedString("type");
    private static final SerializableString UNKNOWN_TYPE = new SerializedString("unknown");
    private static final SerializableString TYPE_CODE = new SerializedString("typeCode");
    private static final SerializableString SOURCE = new SerializedString("source");
    private static final SerializableString OFFSET = new SerializedString("offset");
    private static final SerializableString[] TYPE_NAMES = new SerializableString[256];
    // Per field, by ordinal; a SerializedString keeps its quoted UTF-8, so keys are copied, never encoded.
    private static final SerializableString[] KEYS = new SerializableString[Field.values().length];
    private static final SerializableString[] BASE64_KEYS = new SerializableString[Field.values().length];
    private static final byte[][] KEY_BYTES = new byte[Field.values().length][];

    static {
        for (RecordType type : RecordType.values()) {
            TYPE_NAMES[type.code() & 0xFF] = new SerializedString(type.jsonName());
        }
        for (Field field : Field.values()) {
            KEYS[field.ordinal()] = new SerializedString(field.jsonName());
            BASE64_KEYS[field.ordinal()] = new SerializedString(field.jsonName() + "Base64");
            KEY_BYTES[field.ordinal()] = KEYS[field.ordinal()].asQuotedUTF8();
        }
    }

    private final Line line = new Line();
    private JsonGenerator generator = newGenerator(line);
    private char[] numberChars = new char[64];
    private byte[] repairedText = new byte[0];
    private final MemberKeys keys = new MemberKeys();
    private final StringBuilder memberName = new StringBuilder();

    /** Appends the record's JSON object (no newline) to {@code out}. */
    public StringBuilder append(RecordView record, StringBuilder out) {
        int length = encode(record);
        RecordView.appendUtf8(line.bytes, 0, length, out);
        return out;
    }

    /** The record's JSON object as a new String (allocates; for tests and tools). */
    public String toJson(RecordView record) {
        int length = encode(record);
        return new String(line.bytes, 0, length, StandardCharsets.UTF_8);
    }

    /** Writes the record's JSON object and a {@code '\n'} to {@code out} as UTF-8. */
    public void writeLine(RecordView record, OutputStream out) throws IOException {
        encode(record);
        line.write('\n');
        out.write(line.bytes, 0, line.length);
    }

    /**
     * Encodes the record's JSON object as UTF-8 into {@link #buffer()}; for callers that move
     * bytes themselves. Valid until the next call.
     *
     * @return the encoded length
     */
    public int encode(RecordView record) {
        line.length = 0;
        try {
            writeObject(record);
            generator.flush();
        } catch (RuntimeException e) {
            // A record found corrupt half-way (cat skips it and goes on) leaves the generator inside
            // its object with part of it buffered: the next record needs a fresh one.
            generator = newGenerator(line);
            throw e;
        } catch (IOException e) {
            generator = newGenerator(line);
            // Into memory, the generator throws only when it is used out of order.
            throw new UncheckedIOException(e);
        }
        return line.length;
    }

    /** The buffer {@link #encode} fills: {@code buffer()[0, length)}. */
    public byte[] buffer() {
        return line.bytes;
    }

    private void writeObject(RecordView record) throws IOException {
        JsonGenerator json = generator;
        json.writeStartObject();
        json.writeFieldName(TYPE);
        RecordType type = record.type();
        if (type != null) {
            json.writeString(TYPE_NAMES[type.code() & 0xFF]);
        } else {
            json.writeString(UNKNOWN_TYPE);
            json.writeFieldName(TYPE_CODE);
            json.writeNumber(record.typeCode());
        }
        byte[] bytes = record.buffer();
        int fieldCount = record.fieldCount();
        int memberCount = record.memberCount();
        if (memberCount > 0) {
            keys.reset();
        }
        int member = 0;
        for (int i = 0; i < fieldCount; i++) {
            for (; member < memberCount && record.memberFieldsBefore(member) <= i; member++) {
                writeMember(record, member, bytes);
            }
            writeField(record, i, bytes);
        }
        for (; member < memberCount; member++) {
            writeMember(record, member, bytes);
        }
        BatchView batch = record.batch();
        int source = record.sourceIndex();
        json.writeFieldName(SOURCE);
        writeText(batch.bytes(), batch.sourceOffset(source), batch.sourceLength(source));
        json.writeFieldName(OFFSET);
        json.writeNumber(record.lineOffset());
        json.writeEndObject();
    }

    private void writeField(RecordView record, int i, byte[] bytes) throws IOException {
        JsonGenerator json = generator;
        int ordinal = record.fieldAt(i).ordinal();
        int offset = record.valueOffsetAt(i);
        int length = record.valueLengthAt(i);
        byte kind = record.kindAt(i);
        if (kind == KIND_BYTES) {
            if (Utf8.isValid(bytes, offset, length)) {
                json.writeFieldName(KEYS[ordinal]);
                json.writeUTF8String(bytes, offset, length);
            } else {
                // Jackson's base64 rather than java.util.Base64: the JDK's encoder takes whole
                // arrays or allocates per call, this one reads the slice where it lies.
                json.writeFieldName(BASE64_KEYS[ordinal]);
                json.writeBinary(Base64Variants.MIME_NO_LINEFEEDS, bytes, offset, length);
            }
            return;
        }
        if (kind == KIND_JSON) {
            startRawMember();
            line.write(KEY_BYTES[ordinal], 0, KEY_BYTES[ordinal].length);
            endRawKey();
            writeRawValue(bytes, offset, length);
            return;
        }
        json.writeFieldName(KEYS[ordinal]);
        switch (kind) {
            case KIND_NULL -> json.writeNull();
            case KIND_TRUE -> json.writeBoolean(true);
            case KIND_FALSE -> json.writeBoolean(false);
            case KIND_LONG -> json.writeNumber(record.longAt(i));
            case KIND_NUMBER -> writeNumber(bytes, offset, length);
            default -> writeText(bytes, offset, length); // STRING
        }
    }

    /**
     * A member: under its name as written (with {@code _} in front while the line already has
     * that key, see {@link MemberKeys}), its exact JSON value.
     */
    private void writeMember(RecordView record, int i, byte[] bytes) throws IOException {
        int nameOffset = record.memberNameOffset(i);
        int nameLength = record.memberNameLength(i);
        memberName.setLength(0);
        record.memberNameTo(i, memberName);
        int prefixes = keys.claim(memberName);
        startRawMember();
        for (int p = 0; p < prefixes; p++) {
            line.write('_');
        }
        if (JsonText.isStringContent(bytes, nameOffset, nameLength)) {
            line.write(bytes, nameOffset, nameLength);
        } else {
            writeEscaped(bytes, nameOffset, nameLength); // a corrupt record: its bytes as text
        }
        endRawKey();
        writeRawValue(bytes, record.memberValueOffset(i), record.memberValueLength(i));
    }

    /**
     * Raw members go around the generator, straight into the line: it has written {@code type}
     * first, so a comma always comes before them, and its state after the previous value is
     * just what the next field needs.
     */
    private void startRawMember() throws IOException {
        generator.flush();
        line.write(',');
        line.write('"');
    }

    private void endRawKey() {
        line.write('"');
        line.write(':');
    }

    /** JSON text kept whole, exactly as written; should it not be JSON (a corrupt record), as a string. */
    private void writeRawValue(byte[] bytes, int offset, int length) {
        if (JsonText.isValue(bytes, offset, length)) {
            line.write(bytes, offset, length);
        } else {
            line.write('"');
            writeEscaped(bytes, offset, length);
            line.write('"');
        }
    }

    /** Bytes as JSON string content: each byte that starts no UTF-8 sequence as U+FFFD, escapes as STRING's. */
    private void writeEscaped(byte[] b, int offset, int count) {
        int end = offset + count;
        int i = offset;
        while (i < end) {
            int c = b[i] & 0xFF;
            if (c == '"' || c == '\\') {
                line.write('\\');
                line.write(c);
                i++;
            } else if (c < 0x20) {
                line.write(HEX_ESCAPE, 0, HEX_ESCAPE.length);
                line.write(HEX[c >> 4]);
                line.write(HEX[c & 0xF]);
                i++;
            } else {
                int n = Utf8.sequenceLength(b, i, end);
                if (n == 0) {
                    line.write(UTF8_REPLACEMENT, 0, UTF8_REPLACEMENT.length);
                    i++;
                } else {
                    line.write(b, i, n);
                    i += n;
                }
            }
        }
    }

    /** The node's own digits, never parsed, so a decimal of any size prints exactly as it came. */
    private void writeNumber(byte[] bytes, int offset, int length) throws IOException {
        if (!isJsonNumber(bytes, offset, length)) {
            writeText(bytes, offset, length);
            return;
        }
        if (numberChars.length < length) {
            numberChars = new char[Math.max(length, 2 * numberChars.length)];
        }
        char[] chars = numberChars;
        for (int i = 0; i < length; i++) {
            chars[i] = (char) bytes[offset + i]; // a JSON number is ASCII
        }
        generator.writeNumber(chars, 0, length);
    }

    private void writeText(byte[] bytes, int offset, int length) throws IOException {
        if (Utf8.isValid(bytes, offset, length)) {
            generator.writeUTF8String(bytes, offset, length);
        } else {
            // writeUTF8String copies non-ASCII bytes unchecked: bad ones would leave the line not UTF-8.
            int repaired = repairUtf8(bytes, offset, length);
            generator.writeUTF8String(repairedText, 0, repaired);
        }
    }

    /** Copies text into {@link #repairedText} with each byte that starts no UTF-8 sequence as U+FFFD. */
    private int repairUtf8(byte[] b, int offset, int count) {
        // Text is at most 65535 bytes (a u16 length), each becoming at most 3.
        if (repairedText.length < 3 * count) {
            repairedText = new byte[3 * count];
        }
        byte[] out = repairedText;
        int at = 0;
        int end = offset + count;
        int i = offset;
        while (i < end) {
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
        return at;
    }

    private static JsonGenerator newGenerator(Line line) {
        try {
            return FACTORY.createGenerator(line);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** RFC 8259's number: {@code -? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?}. */
    static boolean isJsonNumber(byte[] b, int offset, int count) {
        return JsonText.isNumber(b, offset, count);
    }

    /**
     * Jackson's escapes but for {@code \n}, {@code \t}, {@code \r}, {@code \b} and {@code \f},
     * which it would shorten: every control character is {@code &#92;u00XX}, as the record view has
     * always printed them, so lines stay byte for byte what they were (both forms are JSON).
     */
    private static final class ControlCharactersAsUnicode extends CharacterEscapes {

        private static final long serialVersionUID = 1L;
        private static final int[] ESCAPES = CharacterEscapes.standardAsciiEscapesForJSON();

        static {
            for (int c = 0; c < 0x20; c++) {
                ESCAPES[c] = ESCAPE_STANDARD;
            }
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return ESCAPES;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            return null; // no ESCAPE_CUSTOM in the table, so Jackson never asks
        }
    }

    /** The generator's output: the line being encoded, in an array kept at the longest line's size. */
    private static final class Line extends OutputStream {

        byte[] bytes = new byte[1024];
        int length;

        @Override
        public void write(int b) {
            ensure(1);
            bytes[length++] = (byte) b;
        }

        @Override
        public void write(byte[] b, int offset, int count) {
            ensure(count);
            System.arraycopy(b, offset, bytes, length, count);
            length += count;
        }

        private void ensure(int more) {
            long needed = (long) length + more;
            if (needed > bytes.length) {
                if (needed > Integer.MAX_VALUE - 8) {
                    throw new IllegalStateException("a record's JSON line would exceed 2 GiB");
                }
                byte[] grown = new byte[(int) Math.min(Math.max(2L * bytes.length, needed), Integer.MAX_VALUE - 8)];
                System.arraycopy(bytes, 0, grown, 0, length);
                bytes = grown;
            }
        }
    }
}
