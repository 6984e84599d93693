package io.snapline.engine.parse;

import static io.snapline.engine.parse.DeadLetterReason.MISSING_FIELD;
import static io.snapline.engine.parse.DeadLetterReason.UNEXPECTED_SHAPE;
import static io.snapline.engine.parse.JsonCursor.END_OBJECT;
import static io.snapline.engine.parse.JsonCursor.NULL;
import static io.snapline.engine.parse.JsonCursor.START_OBJECT;
import static io.snapline.engine.parse.JsonCursor.STRING;
import static io.snapline.engine.record.Field.*;

import io.snapline.engine.record.Field;
import io.snapline.engine.record.RecordType;
import io.snapline.engine.record.RecordWriter;
import java.nio.charset.StandardCharsets;

/**
 * A raw book diff. {@code raw_book_diff} is a bare string ("remove", kept as written) or an
 * object naming the kind: {@code {"new":{"sz"}}} or {@code {"update":{"origSz","newSz"}}}. An
 * object naming no kind this version knows is rejected rather than written without its diff.
 */
final class BookDiffExtractor implements EventExtractor {

    private static final NameTable EVENT = NameTable.of("user", "oid", "coin", "side", "px", "raw_book_diff");
    private static final int EVENT_DIFF = 5;
    private static final Field[] EVENT_FIELDS = {USER, OID, COIN, SIDE, PX, null};

    private static final NameTable KINDS = NameTable.of("new", "update");
    private static final byte[][] KIND_TEXT = {ascii("new"), ascii("update")};
    private static final NameTable[] SIZES = {NameTable.of("sz"), NameTable.of("origSz", "newSz")};
    private static final Field[][] SIZE_FIELDS = {{SZ}, {ORIG_SZ, NEW_SZ}};

    private static final int HAS_OID = 1;
    private static final int HAS_COIN = 2;
    private static final int HAS_DIFF = 4;
    private static final int[] REQUIRED = {0, HAS_OID, HAS_COIN, 0, 0, 0};

    private static final LineRejected MISSING_OID = new LineRejected(MISSING_FIELD, "oid");
    private static final LineRejected MISSING_COIN = new LineRejected(MISSING_FIELD, "coin");
    private static final LineRejected MISSING_DIFF = new LineRejected(MISSING_FIELD, "raw_book_diff");
    private static final LineRejected DIFF_SHAPE = new LineRejected(UNEXPECTED_SHAPE,
            "raw_book_diff is not a string or {kind: {sizes}}");
    private static final LineRejected UNKNOWN_KIND = new LineRejected(UNEXPECTED_SHAPE,
            "raw_book_diff names no known kind (new, update)");

    private int seen;

    @Override
    public RecordType type() {
        return RecordType.BOOK_DIFF;
    }

    @Override
    public void start() {
        seen = 0;
    }

    @Override
    public void field(JsonCursor cursor, RecordWriter out) {
        int key = cursor.nameIndex(EVENT);
        if (key == EVENT_DIFF) {
            readDiff(cursor, out);
        } else if (key < 0) {
            Values.skipNext(cursor);
        } else if (Values.copyNext(cursor, out, EVENT_FIELDS[key]) != NULL) {
            seen |= REQUIRED[key];
        }
    }

    private void readDiff(JsonCursor cursor, RecordWriter out) {
        int token = cursor.next();
        if (token == NULL) {
            return; // reported as missing by end()
        }
        if (token == STRING) {
            cursor.writeText(out, DIFF);
            seen |= HAS_DIFF;
            return;
        }
        if (token != START_OBJECT) {
            throw DIFF_SHAPE;
        }
        boolean known = false;
        for (token = cursor.next(); token != END_OBJECT; token = cursor.next()) {
            int kind = cursor.nameIndex(KINDS);
            if (kind < 0) {
                Values.skipNext(cursor);
                continue;
            }
            Values.putAscii(out, DIFF, KIND_TEXT[kind]);
            readSizes(cursor, out, SIZES[kind], SIZE_FIELDS[kind]);
            known = true;
        }
        if (!known) {
            throw UNKNOWN_KIND;
        }
        seen |= HAS_DIFF;
    }

    private static void readSizes(JsonCursor cursor, RecordWriter out, NameTable names, Field[] fields) {
        if (cursor.next() != START_OBJECT) {
            throw DIFF_SHAPE;
        }
        for (int token = cursor.next(); token != END_OBJECT; token = cursor.next()) {
            int key = cursor.nameIndex(names);
            if (key < 0) {
                Values.skipNext(cursor);
            } else {
                Values.copyNext(cursor, out, fields[key]);
            }
        }
    }

    @Override
    public void end() {
        if ((seen & HAS_OID) == 0) {
            throw MISSING_OID;
        }
        if ((seen & HAS_COIN) == 0) {
            throw MISSING_COIN;
        }
        if ((seen & HAS_DIFF) == 0) {
            throw MISSING_DIFF;
        }
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
