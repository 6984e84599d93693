package io.snapline.records.testing;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.snapline.records.BatchView;
import io.snapline.records.Field;
import io.snapline.records.RecordLayout;
import io.snapline.records.RecordType;
import io.snapline.records.RecordView;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * A record copied out of its batch, so a test may keep it: type, source, line offset and every
 * field this version knows (members are not copied). Values are String (STRING, NUMBER, JSON text), Long, Boolean, byte[] (BYTES),
 * or {@link #NULL} for a JSON null.
 */
public record Rec(RecordType type, String source, long offset, Map<Field, Object> fields) {

    /** A record of the engine's block accounting (seal, gap, stall), not of a line's event. */
    public boolean isBlockAccounting() {
        return type == RecordType.BLOCK_SEAL || type == RecordType.BLOCK_GAP || type == RecordType.STREAM_STALL;
    }


    /** A field carried as JSON null, told apart from an absent one. */
    public static final Object NULL = new Object() {
        @Override
        public String toString() {
            return "null";
        }
    };

    public static Rec of(RecordView view) {
        Map<Field, Object> fields = new EnumMap<>(Field.class);
        for (int i = 0; i < view.fieldCount(); i++) {
            Field field = view.fieldAt(i);
            Object value = switch (view.kindAt(i)) {
                case RecordLayout.KIND_NULL -> NULL;
                case RecordLayout.KIND_FALSE -> Boolean.FALSE;
                case RecordLayout.KIND_TRUE -> Boolean.TRUE;
                case RecordLayout.KIND_LONG -> view.longAt(i);
                case RecordLayout.KIND_STRING, RecordLayout.KIND_NUMBER -> view.textAt(i);
                case RecordLayout.KIND_JSON -> view.json(field); // a value kept whole: its exact text
                case RecordLayout.KIND_BYTES -> java.util.Arrays.copyOfRange(view.buffer(), view.valueOffsetAt(i),
                        view.valueOffsetAt(i) + view.valueLengthAt(i));
                default -> throw new IllegalStateException("unknown kind " + view.kindAt(i));
            };
            fields.put(field, value);
        }
        return new Rec(view.type(), view.source(), view.lineOffset(), Collections.unmodifiableMap(fields));
    }

    /** Every record of a batch, copied. */
    public static List<Rec> allOf(BatchView batch) {
        List<Rec> out = new ArrayList<>(batch.recordCount());
        batch.forEach(view -> out.add(of(view)));
        return out;
    }

    public boolean has(Field field) {
        return fields.containsKey(field);
    }

    /** A STRING or NUMBER field's text; null if absent or JSON null. */
    public String text(Field field) {
        Object value = fields.get(field);
        return value instanceof String s ? s : null;
    }

    public long longValue(Field field) {
        Object value = fields.get(field);
        if (value instanceof Long l) {
            return l;
        }
        throw new IllegalStateException(field + " is not a LONG in " + this);
    }

    /** A BYTES field (a dead letter's raw line) as UTF-8 text. */
    public String bytesAsText(Field field) {
        Object value = fields.get(field);
        return value instanceof byte[] b ? new String(b, UTF_8) : null;
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder().append(type).append(' ').append(source).append('@').append(offset);
        for (Map.Entry<Field, Object> e : fields.entrySet()) {
            Object v = e.getValue();
            out.append(' ').append(e.getKey().jsonName()).append('=')
                    .append(v instanceof byte[] b ? new String(b, UTF_8) : String.valueOf(v));
        }
        return out.toString();
    }
}
