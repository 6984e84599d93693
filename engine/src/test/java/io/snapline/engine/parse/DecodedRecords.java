package io.snapline.engine.parse;

import static io.snapline.records.RecordLayout.*;
import static java.nio.charset.StandardCharsets.UTF_8;

import io.snapline.records.Field;
import io.snapline.records.RecordType;
import io.snapline.records.RecordWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Test-only: decodes a {@link RecordWriter}'s records into plain objects so tests can assert on
 * them. Deliberately independent of the engine's reader API, so it checks the layout as
 * {@link io.snapline.records.RecordLayout} describes it.
 */
final class DecodedRecords {

    /** One field's kind and value: null, Boolean, Long, String (STRING, NUMBER and JSON), byte[] (BYTES). */
    record Value(byte kind, Object value) {
        @Override
        public boolean equals(Object other) {
            return other instanceof Value v && v.kind == kind && Objects.deepEquals(v.value, value);
        }

        @Override
        public int hashCode() {
            return kind;
        }

        @Override
        public String toString() {
            String kindName = switch (kind) {
                case KIND_NULL -> "null";
                case KIND_FALSE, KIND_TRUE -> "bool";
                case KIND_LONG -> "long";
                case KIND_STRING -> "string";
                case KIND_NUMBER -> "number";
                case KIND_JSON -> "json";
                default -> "bytes";
            };
            return kindName + ":" + (value instanceof byte[] b ? new String(b, UTF_8) : value);
        }
    }

    static final class Decoded {
        final RecordType type;
        final int source;
        final long lineOffset;
        /** Fields in the order written; a repeated field id would fail the decode. */
        final Map<Field, Value> fields = new LinkedHashMap<>();
        /** Members in the order written: {name as written, value's JSON text}. */
        final List<String[]> members = new ArrayList<>();

        Decoded(RecordType type, int source, long lineOffset) {
            this.type = type;
            this.source = source;
            this.lineOffset = lineOffset;
        }

        /** A JSON field's text. */
        String json(Field field) {
            return typed(field, KIND_JSON, String.class);
        }

        /** The JSON text of the first member named so (as written), or null. */
        String member(String name) {
            for (String[] member : members) {
                if (member[0].equals(name)) {
                    return member[1];
                }
            }
            return null;
        }

        boolean has(Field field) {
            return fields.containsKey(field);
        }

        Value value(Field field) {
            Value value = fields.get(field);
            if (value == null) {
                throw new AssertionError(field + " absent from " + this);
            }
            return value;
        }

        byte kind(Field field) {
            return value(field).kind;
        }

        /** A STRING field's text. */
        String string(Field field) {
            return typed(field, KIND_STRING, String.class);
        }

        /** A NUMBER field's text as written. */
        String number(Field field) {
            return typed(field, KIND_NUMBER, String.class);
        }

        long longValue(Field field) {
            return typed(field, KIND_LONG, Long.class);
        }

        boolean bool(Field field) {
            Value value = value(field);
            if (value.kind != KIND_TRUE && value.kind != KIND_FALSE) {
                throw new AssertionError(field + " is " + value + ", not a boolean");
            }
            return value.kind == KIND_TRUE;
        }

        boolean isNull(Field field) {
            return value(field).kind == KIND_NULL;
        }

        byte[] bytes(Field field) {
            return typed(field, KIND_BYTES, byte[].class);
        }

        private <T> T typed(Field field, byte kind, Class<T> type) {
            Value value = value(field);
            if (value.kind != kind) {
                throw new AssertionError(field + " is " + value + ", expected kind " + kind);
            }
            return type.cast(value.value);
        }

        @Override
        public String toString() {
            StringBuilder out = new StringBuilder(type + "@" + source + ":" + lineOffset + fields);
            for (String[] member : members) {
                out.append(" member ").append(member[0]).append('=').append(member[1]);
            }
            return out.toString();
        }
    }

    private DecodedRecords() {
    }

    static List<Decoded> decode(RecordWriter writer) {
        return decode(writer.buffer(), 0, writer.length(), writer.recordCount());
    }

    static List<Decoded> decode(byte[] bytes, int offset, int length, int expectedCount) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes, offset, length).slice().order(ByteOrder.LITTLE_ENDIAN);
        List<Decoded> records = new ArrayList<>();
        int at = 0;
        while (at < length) {
            int recordLength = buffer.getInt(at + RECORD_LENGTH_OFFSET);
            if (recordLength < RECORD_HEADER_LENGTH || at + recordLength > length) {
                throw new AssertionError("bad record length " + recordLength + " at " + at);
            }
            if (buffer.get(at + RECORD_TYPE_OFFSET + 1) != 0) {
                throw new AssertionError("reserved byte not zero at " + at);
            }
            Decoded record = new Decoded(RecordType.ofCode(buffer.get(at + RECORD_TYPE_OFFSET)),
                    Short.toUnsignedInt(buffer.getShort(at + RECORD_SOURCE_OFFSET)),
                    buffer.getLong(at + RECORD_LINE_OFFSET_OFFSET));
            int end = at + recordLength;
            int p = at + RECORD_HEADER_LENGTH;
            while (p < end) {
                Field field = Field.ofId(buffer.get(p));
                byte kind = buffer.get(p + 1);
                p += 2;
                Object value;
                switch (kind) {
                    case KIND_NULL, KIND_FALSE, KIND_TRUE -> value = null;
                    case KIND_LONG -> {
                        value = buffer.getLong(p);
                        p += 8;
                    }
                    case KIND_STRING, KIND_NUMBER -> {
                        int n = Short.toUnsignedInt(buffer.getShort(p));
                        value = new String(bytes, offset + p + 2, n, UTF_8);
                        p += 2 + n;
                    }
                    case KIND_BYTES -> {
                        int n = buffer.getInt(p);
                        value = Arrays.copyOfRange(bytes, offset + p + 4, offset + p + 4 + n);
                        p += 4 + n;
                    }
                    case KIND_JSON -> {
                        int n = buffer.getInt(p);
                        value = new String(bytes, offset + p + 4, n, UTF_8);
                        p += 4 + n;
                    }
                    case KIND_MEMBER -> {
                        int n = buffer.getInt(p);
                        int nameLength = Short.toUnsignedInt(buffer.getShort(p + 4));
                        if (buffer.get(p - 2) != MEMBER_FIELD_ID) {
                            throw new AssertionError("member not under field id " + MEMBER_FIELD_ID);
                        }
                        record.members.add(new String[] {new String(bytes, offset + p + 6, nameLength, UTF_8),
                            new String(bytes, offset + p + 6 + nameLength, n - 2 - nameLength, UTF_8)});
                        p += 4 + n;
                        continue;
                    }
                    default -> throw new AssertionError("unknown kind " + kind);
                }
                if (field == null) {
                    throw new AssertionError("unknown field id at " + p);
                }
                if (record.fields.put(field, new Value(kind, value)) != null) {
                    throw new AssertionError(field + " written twice in " + record);
                }
            }
            if (p != end) {
                throw new AssertionError("fields overrun the record at " + at);
            }
            records.add(record);
            at = end;
        }
        if (records.size() != expectedCount) {
            throw new AssertionError("record count " + expectedCount + " but " + records.size() + " decoded");
        }
        return records;
    }
}
