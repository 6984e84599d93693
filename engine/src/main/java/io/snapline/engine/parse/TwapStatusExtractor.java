package io.snapline.engine.parse;

import static io.snapline.engine.parse.JsonCursor.END_OBJECT;
import static io.snapline.engine.parse.JsonCursor.NULL;
import static io.snapline.engine.parse.JsonCursor.START_OBJECT;
import static io.snapline.records.DeadLetterReason.UNEXPECTED_SHAPE;
import static io.snapline.records.Field.*;

import io.snapline.records.Field;
import io.snapline.records.RecordType;
import io.snapline.records.RecordWriter;
import java.nio.charset.StandardCharsets;

/**
 * A TWAP status: {@code time, twap_id, state{…}, status}, with the state's fields flattened to the
 * top of the record as an order status's order is. {@code status} is a string ("activated",
 * "finished", "terminated", new ones kept as written) or {@code {"error": msg}}, which becomes
 * status "error" and the message in {@code error}; any other status value is kept whole.
 */
final class TwapStatusExtractor extends RequiredFieldsExtractor {

    private static final NameTable EVENT = NameTable.of("time", "twap_id", "state", "status");
    private static final int EVENT_STATE = 2;
    private static final int EVENT_STATUS = 3;
    private static final Field[] EVENT_FIELDS = {TIME, TWAP_ID, null, null};

    private static final NameTable STATE = NameTable.of("coin", "user", "side", "sz", "executedSz", "executedNtl",
            "minutes", "reduceOnly", "randomize", "timestamp");
    private static final Field[] STATE_FIELDS = {COIN, USER, SIDE, SZ, EXECUTED_SZ, EXECUTED_NTL, MINUTES,
            REDUCE_ONLY, RANDOMIZE, TIMESTAMP};

    private static final NameTable STATUS_OBJECT = NameTable.of("error");
    private static final int STATUS_ERROR = 0;
    private static final byte[] ERROR_TEXT = "error".getBytes(StandardCharsets.US_ASCII);
    /** Other keys of a status object are kept as {@code status.<key>}: they are not the state's. */
    private static final byte[] STATUS_PREFIX = "status.".getBytes(StandardCharsets.US_ASCII);

    private static final LineRejected[] MISSING = missing("twap_id", "state.coin", "status");
    private static final int HAS_TWAP_ID = 1;
    private static final int HAS_COIN = 2;
    private static final int HAS_STATUS = 4;
    private static final int[] EVENT_REQUIRED = {0, HAS_TWAP_ID, 0, 0};
    private static final int[] STATE_REQUIRED = {HAS_COIN, 0, 0, 0, 0, 0, 0, 0, 0, 0};

    private static final LineRejected STATE_NOT_OBJECT = new LineRejected(UNEXPECTED_SHAPE, "state is not an object");

    TwapStatusExtractor() {
        super(MISSING);
    }

    @Override
    public RecordType type() {
        return RecordType.TWAP_STATUS;
    }

    @Override
    public void field(JsonCursor cursor, RecordWriter out) {
        int key = cursor.nameIndex(EVENT);
        if (key == EVENT_STATE) {
            readState(cursor, out);
        } else if (key == EVENT_STATUS) {
            readStatus(cursor, out);
        } else if (key < 0) {
            Values.keepUnknown(cursor, out);
        } else {
            copyField(cursor, out, key, EVENT_FIELDS, EVENT_REQUIRED);
        }
    }

    private void readState(JsonCursor cursor, RecordWriter out) {
        if (!Values.openOrNull(cursor, START_OBJECT, STATE_NOT_OBJECT)) {
            return; // reported as a missing state.coin by end()
        }
        for (int token = cursor.next(); token != END_OBJECT; token = cursor.next()) {
            int key = cursor.nameIndex(STATE);
            if (key < 0) {
                Values.keepUnknown(cursor, out);
            } else {
                copyField(cursor, out, key, STATE_FIELDS, STATE_REQUIRED);
            }
        }
    }

    private void readStatus(JsonCursor cursor, RecordWriter out) {
        int token = cursor.next();
        if (token != START_OBJECT) {
            if (WholeValues.putStringOrWhole(cursor, token, out, STATUS) != NULL) {
                seen |= HAS_STATUS;
            }
            return;
        }
        seen |= HAS_STATUS;
        for (token = cursor.next(); token != END_OBJECT; token = cursor.next()) {
            if (cursor.nameIndex(STATUS_OBJECT) == STATUS_ERROR) {
                Values.putAscii(out, STATUS, ERROR_TEXT);
                WholeValues.putStringOrWhole(cursor, cursor.next(), out, ERROR);
            } else {
                Values.keepUnknown(cursor, out, STATUS_PREFIX);
            }
        }
    }
}
