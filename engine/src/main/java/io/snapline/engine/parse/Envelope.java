package io.snapline.engine.parse;

import static io.snapline.engine.record.RecordLayout.KIND_FALSE;
import static io.snapline.engine.record.RecordLayout.KIND_LONG;
import static io.snapline.engine.record.RecordLayout.KIND_NULL;
import static io.snapline.engine.record.RecordLayout.KIND_NUMBER;
import static io.snapline.engine.record.RecordLayout.KIND_STRING;
import static io.snapline.engine.record.RecordLayout.KIND_TRUE;
import static io.snapline.engine.record.RecordLayout.RECORD_HEADER_LENGTH;

import io.snapline.engine.record.Field;
import io.snapline.engine.record.RecordType;
import io.snapline.engine.record.RecordWriter;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * A streaming or by-block line's block fields, which every record of the line carries. They are
 * captured once, already encoded as record fields in a scratch record, and copied into each
 * event's record: no String, no per-line allocation.
 */
final class Envelope {

    static final NameTable NAMES = NameTable.of("local_time", "block_time", "block_number", "events");
    /** Index of "events" in {@link #NAMES}; the indexes before it are the captured scalars. */
    static final int EVENTS = 3;

    private static final Field[] FIELDS = {Field.LOCAL_TIME, Field.BLOCK_TIME, Field.BLOCK_NUMBER};
    private static final int ALL = (1 << FIELDS.length) - 1;
    private static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    /** One open record that is never ended: only its fields are used. */
    private final RecordWriter captured = new RecordWriter(256);
    private int seen;

    void clear() {
        captured.reset();
        captured.beginRecord(RecordType.DEAD_LETTER, 0, 0);
        seen = 0;
    }

    /** Whether all block fields are known, so events can be written as they are read. */
    boolean complete() {
        return seen == ALL;
    }

    /** The cursor has just returned the name {@code NAMES[key]} (key below EVENTS): reads its value. */
    void capture(JsonCursor cursor, int key) {
        int bit = 1 << key;
        if ((seen & bit) != 0) {
            Values.skipNext(cursor); // a repeated key: the first one stands
            return;
        }
        Values.copyNext(cursor, captured, FIELDS[key]);
        seen |= bit;
    }

    /** Appends the captured fields to the record being written. */
    void copyTo(RecordWriter out) {
        byte[] bytes = captured.buffer();
        int end = captured.length();
        int at = RECORD_HEADER_LENGTH;
        while (at < end) {
            Field field = Field.ofId(bytes[at]);
            byte kind = bytes[at + 1];
            at += 2;
            switch (kind) {
                case KIND_NULL:
                    out.putNull(field);
                    break;
                case KIND_FALSE:
                case KIND_TRUE:
                    out.putBoolean(field, kind == KIND_TRUE);
                    break;
                case KIND_LONG:
                    out.putLong(field, (long) LONG.get(bytes, at));
                    at += 8;
                    break;
                case KIND_STRING:
                case KIND_NUMBER:
                    int length = Short.toUnsignedInt((short) SHORT.get(bytes, at));
                    out.putText(field, kind, bytes, at + 2, length);
                    at += 2 + length;
                    break;
                default:
                    throw new IllegalStateException("kind " + kind + " is never captured");
            }
        }
    }
}
