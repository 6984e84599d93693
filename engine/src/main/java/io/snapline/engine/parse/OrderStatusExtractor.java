package io.snapline.engine.parse;

import static io.snapline.records.DeadLetterReason.UNEXPECTED_SHAPE;
import static io.snapline.engine.parse.JsonCursor.NULL;
import static io.snapline.engine.parse.JsonCursor.END_OBJECT;
import static io.snapline.engine.parse.JsonCursor.START_ARRAY;
import static io.snapline.engine.parse.JsonCursor.START_OBJECT;
import static io.snapline.records.Field.*;

import io.snapline.records.Field;
import io.snapline.records.RecordType;
import io.snapline.records.RecordWriter;

/**
 * An order status event: {@code time, user, hash, builder, status, order{…}} with the order's
 * fields flattened to the top of the record and {@code children} kept whole, the array as the
 * node wrote it. Unknown keys of the event and of the order are members under their own names.
 * A required field that is null counts as missing.
 */
final class OrderStatusExtractor extends RequiredFieldsExtractor {

    private static final NameTable EVENT = NameTable.of("time", "user", "hash", "builder", "status", "order");
    private static final int EVENT_BUILDER = 3;
    private static final int EVENT_ORDER = 5;
    private static final Field[] EVENT_FIELDS = {TIME, USER, HASH, null, STATUS, null};

    private static final NameTable ORDER = NameTable.of("coin", "side", "limitPx", "sz", "oid", "timestamp",
            "triggerCondition", "isTrigger", "triggerPx", "children", "isPositionTpsl", "reduceOnly", "orderType",
            "origSz", "tif", "cloid");
    private static final int ORDER_CHILDREN = 9;
    private static final Field[] ORDER_FIELDS = {COIN, SIDE, LIMIT_PX, SZ, OID, TIMESTAMP, TRIGGER_CONDITION,
            IS_TRIGGER, TRIGGER_PX, CHILDREN, IS_POSITION_TPSL, REDUCE_ONLY, ORDER_TYPE, ORIG_SZ, TIF, CLOID};

    private static final LineRejected[] MISSING = missing("status", "user", "order", "order.coin", "order.oid");
    private static final int HAS_STATUS = 1;
    private static final int HAS_USER = 2;
    private static final int HAS_ORDER = 4;
    private static final int HAS_COIN = 8;
    private static final int HAS_OID = 16;
    private static final int[] EVENT_REQUIRED = {0, HAS_USER, 0, 0, HAS_STATUS, 0};
    private static final int[] ORDER_REQUIRED = {HAS_COIN, 0, 0, 0, HAS_OID, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};

    private static final LineRejected ORDER_NOT_OBJECT = new LineRejected(UNEXPECTED_SHAPE, "order is not an object");
    private static final LineRejected CHILDREN_NOT_ARRAY = new LineRejected(UNEXPECTED_SHAPE,
            "order.children is not an array");

    OrderStatusExtractor() {
        super(MISSING);
    }

    @Override
    public RecordType type() {
        return RecordType.ORDER_STATUS;
    }

    @Override
    public void field(JsonCursor cursor, RecordWriter out) {
        int key = cursor.nameIndex(EVENT);
        if (key == EVENT_BUILDER) {
            BuilderValue.read(cursor, out);
        } else if (key == EVENT_ORDER) {
            readOrder(cursor, out);
        } else {
            copyField(cursor, out, key, EVENT_FIELDS, EVENT_REQUIRED);
        }
    }

    private void readOrder(JsonCursor cursor, RecordWriter out) {
        if (!Values.openOrNull(cursor, START_OBJECT, ORDER_NOT_OBJECT)) {
            return; // reported as a missing order by end()
        }
        seen |= HAS_ORDER;
        for (int token = cursor.next(); token != END_OBJECT; token = cursor.next()) {
            int key = cursor.nameIndex(ORDER);
            if (key == ORDER_CHILDREN) {
                readChildren(cursor, out);
            } else {
                copyField(cursor, out, key, ORDER_FIELDS, ORDER_REQUIRED);
            }
        }
    }

    /** Children are whole nested orders (TP/SL brackets): the record keeps the array as written. */
    private static void readChildren(JsonCursor cursor, RecordWriter out) {
        int token = cursor.next();
        if (token == NULL) {
            out.putNull(CHILDREN);
        } else if (token == START_ARRAY) {
            Values.copyRaw(cursor, token, out, CHILDREN);
        } else {
            throw CHILDREN_NOT_ARRAY;
        }
    }
}
