package io.snapline.engine.parse;

import static io.snapline.engine.parse.DeadLetterReason.MISSING_FIELD;
import static io.snapline.engine.parse.DeadLetterReason.UNEXPECTED_SHAPE;
import static io.snapline.engine.parse.JsonCursor.END_ARRAY;
import static io.snapline.engine.parse.JsonCursor.END_OBJECT;
import static io.snapline.engine.parse.JsonCursor.NULL;
import static io.snapline.engine.parse.JsonCursor.START_ARRAY;
import static io.snapline.engine.parse.JsonCursor.START_OBJECT;
import static io.snapline.engine.record.Field.*;

import io.snapline.engine.record.Field;
import io.snapline.engine.record.RecordType;
import io.snapline.engine.record.RecordWriter;

/**
 * A trade: its fields plus the two {@code side_info} entries, flattened in the node's order as
 * side0* and side1*. Further entries, should they ever appear, have no fields and are skipped.
 */
final class TradeExtractor implements EventExtractor {

    private static final NameTable TRADE = NameTable.of("coin", "side", "time", "px", "sz", "hash",
            "trade_dir_override", "side_info");
    private static final int TRADE_SIDE_INFO = 7;
    private static final Field[] TRADE_FIELDS = {COIN, SIDE, TIME, PX, SZ, HASH, TRADE_DIR_OVERRIDE, null};

    private static final NameTable SIDE_INFO = NameTable.of("user", "start_pos", "oid", "twap_id", "cloid");
    private static final Field[][] SIDE_FIELDS = {
        {SIDE0_USER, SIDE0_START_POS, SIDE0_OID, SIDE0_TWAP_ID, SIDE0_CLOID},
        {SIDE1_USER, SIDE1_START_POS, SIDE1_OID, SIDE1_TWAP_ID, SIDE1_CLOID},
    };

    private static final int HAS_COIN = 1;
    private static final int HAS_TIME = 2;
    private static final int HAS_PX = 4;
    private static final int HAS_SZ = 8;
    private static final int[] REQUIRED = {HAS_COIN, 0, HAS_TIME, HAS_PX, HAS_SZ, 0, 0, 0};

    private static final LineRejected MISSING_COIN = new LineRejected(MISSING_FIELD, "coin");
    private static final LineRejected MISSING_PX = new LineRejected(MISSING_FIELD, "px");
    private static final LineRejected MISSING_SZ = new LineRejected(MISSING_FIELD, "sz");
    private static final LineRejected MISSING_TIME = new LineRejected(MISSING_FIELD, "time");
    private static final LineRejected SIDE_INFO_SHAPE = new LineRejected(UNEXPECTED_SHAPE,
            "side_info is not an array of objects");

    private int seen;

    @Override
    public RecordType type() {
        return RecordType.TRADE;
    }

    @Override
    public void start() {
        seen = 0;
    }

    @Override
    public void field(JsonCursor cursor, RecordWriter out) {
        int key = cursor.nameIndex(TRADE);
        if (key == TRADE_SIDE_INFO) {
            readSideInfo(cursor, out);
        } else if (key < 0) {
            Values.skipNext(cursor);
        } else if (Values.copyNext(cursor, out, TRADE_FIELDS[key]) != NULL) {
            seen |= REQUIRED[key];
        }
    }

    private static void readSideInfo(JsonCursor cursor, RecordWriter out) {
        int token = cursor.next();
        if (token == NULL) {
            return;
        }
        if (token != START_ARRAY) {
            throw SIDE_INFO_SHAPE;
        }
        int index = 0;
        for (token = cursor.next(); token != END_ARRAY; token = cursor.next(), index++) {
            if (token == NULL) {
                continue;
            }
            if (token != START_OBJECT) {
                throw SIDE_INFO_SHAPE;
            }
            if (index >= SIDE_FIELDS.length) {
                cursor.skipChildren();
                continue;
            }
            Field[] fields = SIDE_FIELDS[index];
            for (int inner = cursor.next(); inner != END_OBJECT; inner = cursor.next()) {
                int key = cursor.nameIndex(SIDE_INFO);
                if (key < 0) {
                    Values.skipNext(cursor);
                } else {
                    Values.copyNext(cursor, out, fields[key]);
                }
            }
        }
    }

    @Override
    public void end() {
        if ((seen & HAS_COIN) == 0) {
            throw MISSING_COIN;
        }
        if ((seen & HAS_PX) == 0) {
            throw MISSING_PX;
        }
        if ((seen & HAS_SZ) == 0) {
            throw MISSING_SZ;
        }
        if ((seen & HAS_TIME) == 0) {
            throw MISSING_TIME;
        }
    }
}
