package io.snapline.engine.parse;

import static io.snapline.records.RecordLayout.RECORD_HEADER_LENGTH;

import io.snapline.records.Field;
import io.snapline.records.RecordType;
import io.snapline.records.RecordWriter;

/**
 * A streaming or by-block line's block fields, which every record of the line carries. They are
 * captured once, already encoded as record fields in a scratch record, and copied into each
 * event's record: no String, no per-line allocation. An envelope key this version does not know
 * is captured the same way, as a member under its own name, so every record of the line has it.
 */
final class Envelope {

    static final NameTable NAMES = NameTable.of("local_time", "block_time", "block_number", "events");
    /** Index of "events" in {@link #NAMES}; the indexes before it are the captured scalars. */
    static final int EVENTS = 3;

    private static final Field[] FIELDS = {Field.LOCAL_TIME, Field.BLOCK_TIME, Field.BLOCK_NUMBER};
    private static final int ALL = (1 << FIELDS.length) - 1;

    /** One open record that is never ended: only its fields are used. */
    private static final int BLOCK_NUMBER = 2;

    private final RecordWriter captured = new RecordWriter(256);
    private int seen;
    private long blockNumber = LineParser.NO_BLOCK;

    void clear() {
        captured.reset();
        captured.beginRecord(RecordType.DEAD_LETTER, 0, 0);
        seen = 0;
        blockNumber = LineParser.NO_BLOCK;
    }

    /** The block_number when it was a non-negative integer (kept for the gap check), else NO_BLOCK. */
    long blockNumber() {
        return blockNumber;
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
        int token = Values.copyNext(cursor, captured, FIELDS[key]);
        if (key == BLOCK_NUMBER && token == JsonCursor.NUMBER_INT) {
            blockNumber = Math.max(LineParser.NO_BLOCK, cursor.longValue());
        }
        seen |= bit;
    }

    /** The cursor has just returned an envelope key this version does not know: keeps it and its value. */
    void keepUnknown(JsonCursor cursor) {
        Values.keepUnknown(cursor, captured);
    }

    /** The unknown keys kept, each once, however many records they are copied into: for counting. */
    RecordWriter captured() {
        return captured;
    }

    /** Bytes {@link #copyTo} appends to each event's record. */
    int encodedLength() {
        return captured.length() - RECORD_HEADER_LENGTH;
    }

    /**
     * Appends the captured fields to the record being written: they are already encoded exactly as
     * the record wants them, so they are copied as one block.
     */
    void copyTo(RecordWriter out) {
        out.putFields(captured.buffer(), RECORD_HEADER_LENGTH, encodedLength());
    }
}
