package io.snapline.nodegen;

import io.snapline.tailer.NodeStream;

/** Appends one event of a stream, in the node's own shape and key order, to a line being composed. */
interface EventWriter {

    /** Appends one whole event (no separator before or after it), spoiled as {@code defect} says. */
    void append(AsciiBuffer out, EventDefect defect);

    static EventWriter of(NodeStream stream, SyntheticMarket market, BlockClock clock) {
        return switch (stream) {
            case ORDER_STATUSES -> new OrderStatusEvents(market, clock);
            case FILLS -> new FillEvents(market, clock);
            case TRADES -> new TradeEvents(market, clock);
            case RAW_BOOK_DIFFS -> new BookDiffEvents(market);
            case TWAP_STATUSES -> new TwapStatusEvents(market, clock);
            case MISC_EVENTS -> new MiscEvents(market, clock);
            case HIP3_ORACLE_UPDATES -> new Hip3OracleUpdateEvents(market, clock);
            case SYSTEM_ACTIONS -> new SystemActionEvents(market);
        };
    }

    /**
     * {@code "coin":"BTC",} with its trailing comma: in the streams that have one, {@code coin} is
     * required and followed by other keys, so leaving the whole unit out still gives valid JSON,
     * only without the field.
     */
    static void appendCoin(AsciiBuffer out, SyntheticMarket.Coin coin, EventDefect defect) {
        appendRequired(out, "coin", coin.name, defect);
    }

    /** {@code "name":"value",}: a required string field followed by other keys, spoiled as {@code defect} says. */
    static void appendRequired(AsciiBuffer out, String name, byte[] value, EventDefect defect) {
        if (openRequired(out, name, defect)) {
            out.append(value);
            closeRequired(out, defect);
        }
    }

    /**
     * Starts a required string field ({@code "name":"}, or {@code "name":["} for a wrong type) and
     * says whether its value is to follow, then {@link #closeRequired}; false when the defect
     * leaves the field out.
     */
    static boolean openRequired(AsciiBuffer out, String name, EventDefect defect) {
        switch (defect) {
            case NONE -> out.append('"').append(name).append("\":\"");
            case WRONG_TYPE -> out.append('"').append(name).append("\":[\"");
            case MISSING_FIELD -> {
                return false;
            }
        }
        return true;
    }

    /** Ends what {@link #openRequired} started, with the comma before the next key. */
    static void closeRequired(AsciiBuffer out, EventDefect defect) {
        out.append(defect == EventDefect.WRONG_TYPE ? "\"]," : "\",");
    }
}
