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
 * side0* and side1*; an entry's unknown keys are members {@code side_info.0.<key>} and
 * {@code side_info.1.<key>}. Further entries, should they ever appear, have no fields: each is
 * kept whole as the member {@code side_info.<index>}.
 */
final class TradeExtractor extends RequiredFieldsExtractor {

    private static final NameTable TRADE = NameTable.of("coin", "side", "time", "px", "sz", "hash",
            "trade_dir_override", "side_info");
    private static final int TRADE_SIDE_INFO = 7;
    private static final Field[] TRADE_FIELDS = {COIN, SIDE, TIME, PX, SZ, HASH, TRADE_DIR_OVERRIDE, null};

    private static final NameTable SIDE_NAMES = NameTable.of("user", "start_pos", "oid", "twap_id", "cloid");
    private static final Field[][] SIDE_FIELDS = {
        {SIDE0_USER, SIDE0_START_POS, SIDE0_OID, SIDE0_TWAP_ID, SIDE0_CLOID},
        {SIDE1_USER, SIDE1_START_POS, SIDE1_OID, SIDE1_TWAP_ID, SIDE1_CLOID},
    };

    private static final byte[][] SIDE_PREFIXES = {Values.prefix("side_info.0."), Values.prefix("side_info.1.")};
    private static final byte[] SIDE_INFO = Values.prefix("side_info.");

    private static final LineRejected[] MISSING = missing("coin", "px", "sz", "time");
    private static final int HAS_COIN = 1;
    private static final int HAS_PX = 2;
    private static final int HAS_SZ = 4;
    private static final int HAS_TIME = 8;
    private static final int[] REQUIRED = {HAS_COIN, 0, HAS_TIME, HAS_PX, HAS_SZ, 0, 0, 0};

    private static final LineRejected SIDE_INFO_SHAPE = new LineRejected(UNEXPECTED_SHAPE,
            "side_info is not an array of objects");

    /** The name of a further entry's member, {@code side_info.<index>}: digits written in place. */
    private final byte[] entryName = java.util.Arrays.copyOf(SIDE_INFO, SIDE_INFO.length + 10);

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

    private void readSideInfo(JsonCursor cursor, RecordWriter out) {
        if (!Values.openOrNull(cursor, START_ARRAY, SIDE_INFO_SHAPE)) {
            return;
        }
        int index = 0;
        for (int token = cursor.next(); token != END_ARRAY; token = cursor.next(), index++) {
            if (token != NULL && token != START_OBJECT) {
                throw SIDE_INFO_SHAPE;
            }
            if (index >= SIDE_FIELDS.length) {
                keepEntry(cursor, out, index);
            } else if (token == START_OBJECT) {
                Values.copyObject(cursor, out, SIDE_NAMES, SIDE_FIELDS[index], SIDE_PREFIXES[index]);
            }
        }
    }

    /** An entry past the two the record has fields for: the member {@code side_info.<index>}, the entry whole. */
    private void keepEntry(JsonCursor cursor, RecordWriter out, int index) {
        int start = cursor.tokenStart();
        cursor.skipChildren(); // returns at once on null
        int nameLength = writeDigits(entryName, SIDE_INFO.length, index);
        out.putMember(entryName, nameLength, cursor.line(), 0, 0, start, cursor.tokenEnd() - start);
    }

    /** Writes {@code value}'s decimal digits at {@code at}; returns where they end. */
    private static int writeDigits(byte[] target, int at, int value) {
        int digits = 1;
        for (int rest = value / 10; rest > 0; rest /= 10) {
            digits++;
        }
        for (int i = at + digits - 1; i >= at; i--) {
            target[i] = (byte) ('0' + value % 10);
            value /= 10;
        }
        return at + digits;
    }
}
