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
 * An order status event: {@code time, user, hash, builder, status, order{…}} with the order's
 * fields flattened to the top of the record and {@code children} kept as a count. A required
 * field that is null counts as missing.
 */
final class OrderStatusExtractor implements EventExtractor {

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

    private static final int HAS_STATUS = 1;
    private static final int HAS_USER = 2;
    private static final int HAS_ORDER = 4;
    private static final int HAS_COIN = 8;
    private static final int HAS_OID = 16;
    private static final int[] EVENT_REQUIRED = {0, HAS_USER, 0, 0, HAS_STATUS, 0};
    private static final int[] ORDER_REQUIRED = {HAS_COIN, 0, 0, 0, HAS_OID, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};

    private static final LineRejected MISSING_STATUS = new LineRejected(MISSING_FIELD, "status");
    private static final LineRejected MISSING_USER = new LineRejected(MISSING_FIELD, "user");
    private static final LineRejected MISSING_ORDER = new LineRejected(MISSING_FIELD, "order");
    private static final LineRejected MISSING_COIN = new LineRejected(MISSING_FIELD, "order.coin");
    private static final LineRejected MISSING_OID = new LineRejected(MISSING_FIELD, "order.oid");
    private static final LineRejected ORDER_NOT_OBJECT = new LineRejected(UNEXPECTED_SHAPE, "order is not an object");
    private static final LineRejected CHILDREN_NOT_ARRAY = new LineRejected(UNEXPECTED_SHAPE,
            "order.children is not an array");

    private int seen;

    @Override
    public RecordType type() {
        return RecordType.ORDER_STATUS;
    }

    @Override
    public void start() {
        seen = 0;
    }

    @Override
    public void field(JsonCursor cursor, RecordWriter out) {
        int key = cursor.nameIndex(EVENT);
        if (key == EVENT_BUILDER) {
            BuilderValue.read(cursor, out);
        } else if (key == EVENT_ORDER) {
            readOrder(cursor, out);
        } else if (key < 0) {
            Values.skipNext(cursor);
        } else if (Values.copyNext(cursor, out, EVENT_FIELDS[key]) != NULL) {
            seen |= EVENT_REQUIRED[key];
        }
    }

    private void readOrder(JsonCursor cursor, RecordWriter out) {
        int token = cursor.next();
        if (token == NULL) {
            return; // reported as a missing order by end()
        }
        if (token != START_OBJECT) {
            throw ORDER_NOT_OBJECT;
        }
        seen |= HAS_ORDER;
        for (token = cursor.next(); token != END_OBJECT; token = cursor.next()) {
            int key = cursor.nameIndex(ORDER);
            if (key == ORDER_CHILDREN) {
                readChildren(cursor, out);
            } else if (key < 0) {
                Values.skipNext(cursor);
            } else if (Values.copyNext(cursor, out, ORDER_FIELDS[key]) != NULL) {
                seen |= ORDER_REQUIRED[key];
            }
        }
    }

    /** Children are whole nested orders; the record keeps how many there are. */
    private static void readChildren(JsonCursor cursor, RecordWriter out) {
        int token = cursor.next();
        if (token == NULL) {
            out.putNull(CHILDREN);
            return;
        }
        if (token != START_ARRAY) {
            throw CHILDREN_NOT_ARRAY;
        }
        long count = 0;
        for (token = cursor.next(); token != END_ARRAY; token = cursor.next()) {
            if (token == START_OBJECT || token == START_ARRAY) {
                cursor.skipChildren();
            }
            count++;
        }
        out.putLong(CHILDREN, count);
    }

    @Override
    public void end() {
        if ((seen & HAS_STATUS) == 0) {
            throw MISSING_STATUS;
        }
        if ((seen & HAS_USER) == 0) {
            throw MISSING_USER;
        }
        if ((seen & HAS_ORDER) == 0) {
            throw MISSING_ORDER;
        }
        if ((seen & HAS_COIN) == 0) {
            throw MISSING_COIN;
        }
        if ((seen & HAS_OID) == 0) {
            throw MISSING_OID;
        }
    }
}
