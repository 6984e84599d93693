package io.snapline.engine.filter;

import static io.snapline.records.Field.*;

import io.snapline.records.Field;
import io.snapline.records.RecordType;

/**
 * Which record fields a filter reason looks at, per type: the one table that says a type can be
 * filtered by status, coin or user. Fields, not JSON names, so it holds for every layout and
 * both cursors. The switch has no default: a new {@link RecordType} does not compile until it
 * says what it can be filtered by (nothing is a fine answer).
 */
public final class FilterFields {

    private static final Field[] NONE = {};

    private FilterFields() {
    }

    /** The fields whose value, if listed for {@code reason}, drops an event of {@code type}; empty if none. */
    public static Field[] of(RecordType type, FilterReason reason) {
        return switch (type) {
            case ORDER_STATUS -> pick(reason, STATUS, COIN, new Field[] {USER});
            case FILL -> pick(reason, null, COIN, new Field[] {USER});
            case TRADE -> pick(reason, null, COIN, new Field[] {SIDE0_USER, SIDE1_USER}); // either side
            case BOOK_DIFF -> pick(reason, null, COIN, new Field[] {USER});
            case TWAP_STATUS -> pick(reason, STATUS, COIN, new Field[] {USER});
            case MISC_EVENT, HIP3_ORACLE_UPDATE -> NONE; // no single coin or user: kept whole
            case SYSTEM_ACTION -> pick(reason, null, null, new Field[] {USER});
            case DEAD_LETTER -> NONE; // a line that could not be read is never dropped
            case BLOCK_SEAL, BLOCK_GAP, STREAM_STALL -> NONE; // the accounting of blocks is never dropped
        };
    }

    /** True if {@code type} has a field {@code reason} can match. */
    public static boolean applies(RecordType type, FilterReason reason) {
        return of(type, reason).length > 0;
    }

    private static Field[] pick(FilterReason reason, Field status, Field coin, Field[] users) {
        return switch (reason) {
            case STATUS -> status == null ? NONE : new Field[] {status};
            case COIN -> coin == null ? NONE : new Field[] {coin};
            case USER -> users;
        };
    }
}
