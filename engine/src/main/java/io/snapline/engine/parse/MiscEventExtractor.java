package io.snapline.engine.parse;

import static io.snapline.engine.parse.JsonCursor.END_OBJECT;
import static io.snapline.engine.parse.JsonCursor.NULL;
import static io.snapline.engine.parse.JsonCursor.START_OBJECT;
import static io.snapline.records.Field.*;
import static io.snapline.records.RecordLayout.RECORD_HEADER_LENGTH;

import io.snapline.records.Field;
import io.snapline.records.RecordType;
import io.snapline.records.RecordWriter;

/**
 * A misc event: {@code time, hash, inner{KIND: …}}. {@code inner} is a tagged union whose shapes
 * differ by kind (ledger updates, funding, staking, …) and grow new kinds, so it is kept whole as
 * the node wrote it, snake_case names and all; its one key is typed as {@code kind}. An inner
 * that is not an object of one key is kept whole all the same, with a null kind: never rejected.
 */
final class MiscEventExtractor extends RequiredFieldsExtractor {

    private static final NameTable EVENT = NameTable.of("time", "hash", "inner");
    private static final int EVENT_INNER = 2;
    private static final Field[] EVENT_FIELDS = {TIME, HASH, null};

    private static final LineRejected[] MISSING = missing("time", "inner");
    private static final int HAS_TIME = 1;
    private static final int HAS_INNER = 2;
    private static final int[] REQUIRED = {HAS_TIME, 0, 0};

    /** The kind, written aside until inner turns out to have exactly one key; reused, as Envelope's. */
    private final RecordWriter kind = new RecordWriter(256);

    MiscEventExtractor() {
        super(MISSING);
    }

    @Override
    public RecordType type() {
        return RecordType.MISC_EVENT;
    }

    @Override
    public void field(JsonCursor cursor, RecordWriter out) {
        int key = cursor.nameIndex(EVENT);
        if (key == EVENT_INNER) {
            readInner(cursor, out);
        } else if (key < 0) {
            Values.keepUnknown(cursor, out);
        } else {
            copyField(cursor, out, key, EVENT_FIELDS, REQUIRED);
        }
    }

    private void readInner(JsonCursor cursor, RecordWriter out) {
        int token = cursor.next();
        if (token == NULL) {
            out.putNull(INNER);
            return; // reported as missing by end()
        }
        seen |= HAS_INNER;
        if (token != START_OBJECT) {
            WholeValues.putCurrent(cursor, token, out, INNER);
            out.putNull(KIND);
            return;
        }
        int start = cursor.tokenStart();
        kind.reset();
        kind.beginRecord(RecordType.MISC_EVENT, 0, 0);
        int keys = 0;
        for (token = cursor.next(); token != END_OBJECT; token = cursor.next()) {
            if (keys++ == 0) {
                cursor.writeText(kind, KIND);
            }
            Values.skipNext(cursor);
        }
        WholeValues.putObjectRead(cursor, start, out, INNER);
        if (keys == 1) {
            out.putFields(kind.buffer(), RECORD_HEADER_LENGTH, kind.length() - RECORD_HEADER_LENGTH);
        } else {
            out.putNull(KIND);
        }
    }
}
