package io.snapline.engine.parse;

import static io.snapline.records.DeadLetterReason.UNEXPECTED_SHAPE;
import static io.snapline.engine.parse.JsonCursor.END_OBJECT;
import static io.snapline.engine.parse.JsonCursor.NULL;
import static io.snapline.engine.parse.JsonCursor.START_OBJECT;
import static io.snapline.engine.parse.JsonCursor.STRING;
import static io.snapline.records.Field.*;

import io.snapline.records.Field;
import io.snapline.records.RecordType;
import io.snapline.records.RecordWriter;
import java.nio.charset.StandardCharsets;

/**
 * A raw book diff. {@code raw_book_diff} is a bare string ("remove", kept as written) or an
 * object naming the kind: {@code {"new":{"sz"}}} or {@code {"update":{"origSz","newSz"}}}. A kind
 * this version does not know is kept whole as the member {@code raw_book_diff.<kind>} (and then
 * the record has no {@code diff}); an unknown key of a known kind's sizes is the member
 * {@code raw_book_diff.<kind>.<key>}. Only an object naming no kind at all is rejected.
 */
final class BookDiffExtractor extends RequiredFieldsExtractor {

    private static final NameTable EVENT = NameTable.of("user", "oid", "coin", "side", "px", "raw_book_diff");
    private static final int EVENT_DIFF = 5;
    private static final Field[] EVENT_FIELDS = {USER, OID, COIN, SIDE, PX, null};

    private static final NameTable KINDS = NameTable.of("new", "update");
    private static final byte[][] KIND_TEXT = {ascii("new"), ascii("update")};
    private static final NameTable[] SIZES = {NameTable.of("sz"), NameTable.of("origSz", "newSz")};
    private static final Field[][] SIZE_FIELDS = {{SZ}, {ORIG_SZ, NEW_SZ}};
    private static final byte[] DIFF_PREFIX = Values.prefix("raw_book_diff.");
    private static final byte[][] SIZE_PREFIXES = {Values.prefix("raw_book_diff.new."),
        Values.prefix("raw_book_diff.update.")};

    private static final LineRejected[] MISSING = missing("oid", "coin", "raw_book_diff");
    private static final int HAS_OID = 1;
    private static final int HAS_COIN = 2;
    private static final int HAS_DIFF = 4;
    private static final int[] REQUIRED = {0, HAS_OID, HAS_COIN, 0, 0, 0};

    private static final LineRejected DIFF_SHAPE = new LineRejected(UNEXPECTED_SHAPE,
            "raw_book_diff is not a string or {kind: {sizes}}");
    private static final LineRejected NO_KIND = new LineRejected(UNEXPECTED_SHAPE,
            "raw_book_diff is an empty object");

    BookDiffExtractor() {
        super(MISSING);
    }

    @Override
    public RecordType type() {
        return RecordType.BOOK_DIFF;
    }

    @Override
    public void field(JsonCursor cursor, RecordWriter out) {
        int key = cursor.nameIndex(EVENT);
        if (key == EVENT_DIFF) {
            readDiff(cursor, out);
        } else {
            copyField(cursor, out, key, EVENT_FIELDS, REQUIRED);
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
        boolean named = false;
        for (token = cursor.next(); token != END_OBJECT; token = cursor.next()) {
            named = true;
            int kind = cursor.nameIndex(KINDS);
            if (kind < 0) {
                Values.keepUnknown(cursor, out, DIFF_PREFIX);
                continue;
            }
            Values.putAscii(out, DIFF, KIND_TEXT[kind]);
            if (cursor.next() != START_OBJECT) {
                throw DIFF_SHAPE;
            }
            Values.copyObject(cursor, out, SIZES[kind], SIZE_FIELDS[kind], SIZE_PREFIXES[kind]);
        }
        if (!named) {
            throw NO_KIND;
        }
        seen |= HAS_DIFF;
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
