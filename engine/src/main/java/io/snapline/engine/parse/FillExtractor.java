package io.snapline.engine.parse;

import static io.snapline.records.DeadLetterReason.UNEXPECTED_SHAPE;
import static io.snapline.engine.parse.JsonCursor.END_ARRAY;
import static io.snapline.engine.parse.JsonCursor.END_OBJECT;
import static io.snapline.engine.parse.JsonCursor.NULL;
import static io.snapline.engine.parse.JsonCursor.START_OBJECT;
import static io.snapline.records.Field.*;

import io.snapline.records.Field;
import io.snapline.records.RecordType;
import io.snapline.records.RecordWriter;

/**
 * A fill: the node writes {@code [user, fill]} pairs; a fill object carrying its own "user" is
 * accepted too. Optional fields (cloid, builder, fees, liquidation, twapId, …) may be absent; a
 * field it does not know is kept as a member under its name ({@code liquidation.<key>} inside
 * {@code liquidation}).
 */
final class FillExtractor extends RequiredFieldsExtractor {

    private static final NameTable FILL = NameTable.of("user", "coin", "px", "sz", "side", "time", "startPosition",
            "dir", "closedPnl", "hash", "oid", "crossed", "fee", "tid", "cloid", "feeToken", "twapId", "builderFee",
            "deployerFee", "builder", "liquidation");
    private static final int FILL_BUILDER = 19;
    private static final int FILL_LIQUIDATION = 20;
    private static final Field[] FILL_FIELDS = {USER, COIN, PX, SZ, SIDE, TIME, START_POSITION, DIR, CLOSED_PNL,
            HASH, OID, CROSSED, FEE, TID, CLOID, FEE_TOKEN, TWAP_ID, BUILDER_FEE, DEPLOYER_FEE, null, null};

    private static final NameTable LIQUIDATION = NameTable.of("liquidatedUser", "markPx", "method");
    private static final Field[] LIQUIDATION_FIELDS = {LIQUIDATED_USER, MARK_PX, LIQUIDATION_METHOD};
    private static final byte[] LIQUIDATION_PREFIX = Values.prefix("liquidation.");

    private static final LineRejected[] MISSING = missing("user", "coin", "px", "sz", "tid");
    private static final int HAS_USER = 1;
    private static final int HAS_COIN = 2;
    private static final int HAS_PX = 4;
    private static final int HAS_SZ = 8;
    private static final int HAS_TID = 16;
    private static final int[] REQUIRED = {HAS_USER, HAS_COIN, HAS_PX, HAS_SZ, 0, 0, 0, 0, 0, 0, 0, 0, 0, HAS_TID,
            0, 0, 0, 0, 0, 0, 0};

    private static final LineRejected NOT_A_PAIR = new LineRejected(UNEXPECTED_SHAPE, "fill is not [user, fill]");
    private static final LineRejected LIQUIDATION_NOT_OBJECT = new LineRejected(UNEXPECTED_SHAPE,
            "liquidation is not an object");

    FillExtractor() {
        super(MISSING);
    }

    @Override
    public RecordType type() {
        return RecordType.FILL;
    }

    @Override
    public void arrayEvent(JsonCursor cursor, RecordWriter out) {
        int token = cursor.next();
        if (token == END_ARRAY) {
            throw NOT_A_PAIR;
        }
        if (Values.copy(cursor, token, out, USER) != NULL) {
            seen |= HAS_USER;
        }
        if (cursor.next() != START_OBJECT) {
            throw NOT_A_PAIR;
        }
        for (token = cursor.next(); token != END_OBJECT; token = cursor.next()) {
            field(cursor, out);
        }
        if (cursor.next() != END_ARRAY) {
            throw NOT_A_PAIR;
        }
    }

    @Override
    public void field(JsonCursor cursor, RecordWriter out) {
        int key = cursor.nameIndex(FILL);
        if (key == FILL_BUILDER) {
            BuilderValue.read(cursor, out);
        } else if (key == FILL_LIQUIDATION) {
            if (Values.openOrNull(cursor, START_OBJECT, LIQUIDATION_NOT_OBJECT)) {
                Values.copyObject(cursor, out, LIQUIDATION, LIQUIDATION_FIELDS, LIQUIDATION_PREFIX);
            }
        } else {
            copyField(cursor, out, key, FILL_FIELDS, REQUIRED);
        }
    }
}
