package io.snapline.engine.parse;

import static io.snapline.records.DeadLetterReason.UNEXPECTED_SHAPE;
import static io.snapline.engine.parse.JsonCursor.END_ARRAY;
import static io.snapline.engine.parse.JsonCursor.NULL;
import static io.snapline.engine.parse.JsonCursor.START_ARRAY;
import static io.snapline.engine.parse.JsonCursor.START_OBJECT;
import static io.snapline.records.Field.*;

import io.snapline.records.Field;
import io.snapline.records.RecordType;
import io.snapline.records.RecordWriter;

/**
 * A trade: its fields plus the two {@code side_info} entries, flattened in the node's order as
 * side0* and side1*. Further entries, should they ever appear, have no fields and are skipped.
 */
final class TradeExtractor extends RequiredFieldsExtractor {

    private static final NameTable TRADE = NameTable.of("coin", "side", "time", "px", "sz", "hash",
            "trade_dir_override", "side_info");
    private static final int TRADE_SIDE_INFO = 7;
    private static final Field[] TRADE_FIELDS = {COIN, SIDE, TIME, PX, SZ, HASH, TRADE_DIR_OVERRIDE, null};

    private static final NameTable SIDE_INFO = NameTable.of("user", "start_pos", "oid", "twap_id", "cloid");
    private static final Field[][] SIDE_FIELDS = {
        {SIDE0_USER, SIDE0_START_POS, SIDE0_OID, SIDE0_TWAP_ID, SIDE0_CLOID},
        {SIDE1_USER, SIDE1_START_POS, SIDE1_OID, SIDE1_TWAP_ID, SIDE1_CLOID},
    };

    private static final LineRejected[] MISSING = missing("coin", "px", "sz", "time");
    private static final int HAS_COIN = 1;
    private static final int HAS_PX = 2;
    private static final int HAS_SZ = 4;
    private static final int HAS_TIME = 8;
    private static final int[] REQUIRED = {HAS_COIN, 0, HAS_TIME, HAS_PX, HAS_SZ, 0, 0, 0};

    private static final LineRejected SIDE_INFO_SHAPE = new LineRejected(UNEXPECTED_SHAPE,
            "side_info is not an array of objects");

    TradeExtractor() {
        super(MISSING);
    }

    @Override
    public RecordType type() {
        return RecordType.TRADE;
    }

    @Override
    public void field(JsonCursor cursor, RecordWriter out) {
        int key = cursor.nameIndex(TRADE);
        if (key == TRADE_SIDE_INFO) {
            readSideInfo(cursor, out);
        } else {
            copyField(cursor, out, key, TRADE_FIELDS, REQUIRED);
        }
    }

    private static void readSideInfo(JsonCursor cursor, RecordWriter out) {
        if (!Values.openOrNull(cursor, START_ARRAY, SIDE_INFO_SHAPE)) {
            return;
        }
        int index = 0;
        for (int token = cursor.next(); token != END_ARRAY; token = cursor.next(), index++) {
            if (token == NULL) {
                continue;
            }
            if (token != START_OBJECT) {
                throw SIDE_INFO_SHAPE;
            }
            if (index < SIDE_FIELDS.length) {
                Values.copyObject(cursor, out, SIDE_INFO, SIDE_FIELDS[index]);
            } else {
                cursor.skipChildren();
            }
        }
    }
}
