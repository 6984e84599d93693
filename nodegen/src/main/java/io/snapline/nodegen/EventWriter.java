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
        };
    }

    /**
     * {@code "coin":"BTC",} with its trailing comma: in every stream {@code coin} is followed by
     * other keys, so leaving the whole unit out still gives valid JSON, only without the field.
     */
    static void appendCoin(AsciiBuffer out, SyntheticMarket.Coin coin, EventDefect defect) {
        switch (defect) {
            case NONE -> out.append("\"coin\":\"").append(coin.name).append("\",");
            case WRONG_TYPE -> out.append("\"coin\":[\"").append(coin.name).append("\"],");
            case MISSING_FIELD -> {
                // left out altogether
            }
        }
    }
}
