package io.snapline.engine.parse;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.snapline.tailer.NodeStream;

import java.io.ByteArrayOutputStream;
import java.util.Random;

/**
 * Test-only: node lines of every kind in docs/formats.md (streaming, plain and by-block order statuses,
 * fills, trades, raw book diffs, and TWAP statuses, misc events, HIP-3 oracle updates and system
 * actions in every layout) with random values, nulls, nested children and unknown fields;
 * random JSON values; and the mutations the differential properties apply to them.
 *
 * <p>A line is <em>clean</em> when it is what the node writes: ASCII, no escapes, no negative
 * zero. Some lines are spaced (JSON whitespace between tokens), which is still clean. Others hold
 * escapes, non-ASCII text or a negative zero, which the fast cursor leaves to the reference.
 */
final class FastJsonCursorLines {

    /** Mostly the stream a line of its kind belongs to, one time in five any stream. */
    static NodeStream readAs(Line line, Random random) {
        return random.nextInt(5) == 0 ? NodeStream.values()[random.nextInt(NodeStream.values().length)]
                : streamOf(line.kind());
    }

    private static NodeStream streamOf(String kind) {
        if (kind.contains("fill")) {
            return NodeStream.FILLS;
        }
        if (kind.contains("trade")) {
            return NodeStream.TRADES;
        }
        if (kind.contains("book")) {
            return NodeStream.RAW_BOOK_DIFFS;
        }
        if (kind.contains("twap")) {
            return NodeStream.TWAP_STATUSES;
        }
        if (kind.contains("misc")) {
            return NodeStream.MISC_EVENTS;
        }
        if (kind.contains("hip3")) {
            return NodeStream.HIP3_ORACLE_UPDATES;
        }
        if (kind.contains("system")) {
            return NodeStream.SYSTEM_ACTIONS;
        }
        return NodeStream.ORDER_STATUSES;
    }

    record Line(String kind, byte[] bytes, boolean clean) {
        @Override
        public String toString() {
            return kind + (clean ? "" : " (escapes, non-ASCII or -0)") + ": " + FastJsonCursorOracle.show(bytes);
        }
    }

    static final String[] COINS = {"BTC", "ETH", "SOL", "HYPE", "@151", "kPEPE", "XRP", "DOGE", "@0"};
    static final String[] STATUSES = {"open", "filled", "canceled", "triggered", "rejected", "marginCanceled",
        "reduceOnlyCanceled", "selfTradeCanceled", "siblingFilledCanceled", "badAloPxRejected",
        "iocCancelRejected", "perpMarginRejected", "minTradeNtlRejected", "vaultWithdrawalCanceled"};
    static final String[] ORDER_TYPES = {"Limit", "Stop Market", "Stop Limit", "Take Profit Market",
        "Take Profit Limit"};
    static final String[] TIFS = {"Alo", "Ioc", "Gtc", "FrontendMarket", "LiquidationMarket"};
    static final String[] TWAP_STATUSES = {"activated", "finished", "terminated"};
    static final String[] MISC_KINDS = {"LedgerUpdate", "Funding", "CDeposit", "CWithdrawal", "Delegation",
        "ValidatorRewards", "GossipPriorityAuctionRestart"};
    static final String[] ACTION_TYPES = {"SystemSendAssetAction", "SystemSpotSendAction", "order", "cancel"};
    static final String[] DIRS = {"Open Long", "Open Short", "Close Long", "Close Short", "Buy", "Sell",
        "Long > Short", "Short > Long", "Spot Dust Conversion"};

    private final Random random;
    private final boolean exotic;
    private final JsonText json;

    private FastJsonCursorLines(Random random) {
        this.random = random;
        // One line in eight is spaced, one in eight carries escapes or non-ASCII text.
        this.exotic = random.nextInt(8) == 0;
        this.json = new JsonText(random, random.nextInt(8) == 0);
    }

    /** One realistic line of a random kind. */
    static Line realistic(Random random) {
        return new FastJsonCursorLines(random).line();
    }

    /** A random JSON value (object or array at the root, sometimes a scalar), of any shape. */
    static Line anyJson(Random random) {
        FastJsonCursorLines lines = new FastJsonCursorLines(random);
        int roll = random.nextInt(10);
        if (roll == 0) {
            lines.randomValue(0);
        } else if (roll < 4) {
            lines.json.open('[');
            for (int i = random.nextInt(5); i > 0; i--) {
                lines.randomValue(1);
            }
            lines.json.close(']');
        } else {
            lines.json.open('{');
            for (int i = random.nextInt(6); i > 0; i--) {
                lines.json.name(lines.identifier());
                lines.randomValue(1);
            }
            lines.json.close('}');
        }
        return new Line("json", lines.json.bytes(), !lines.json.dirty);
    }

    /**
     * A line of a thousand tokens or more, longer than the fast cursor reads ahead at once: a
     * by-block line with many events, or one wide array or object.
     */
    static Line longLine(Random random) {
        FastJsonCursorLines lines = new FastJsonCursorLines(random);
        JsonText json = lines.json;
        switch (random.nextInt(3)) {
            case 0:
                lines.envelope(() -> {
                    for (int i = 20 + random.nextInt(40); i > 0; i--) {
                        lines.orderEvent(0);
                    }
                });
                return new Line("long by-block order statuses", json.bytes(), !json.dirty);
            case 1:
                json.open('[');
                for (int i = 1000 + random.nextInt(2200); i > 0; i--) {
                    if (random.nextInt(50) == 0) {
                        lines.randomValue(3);
                    } else {
                        json.raw(Integer.toString(random.nextInt(1000)));
                    }
                }
                json.close(']');
                return new Line("wide array", json.bytes(), !json.dirty);
            default:
                json.open('{');
                for (int i = 500 + random.nextInt(1100); i > 0; i--) {
                    json.name("f" + i);
                    if (random.nextInt(50) == 0) {
                        lines.randomValue(3);
                    } else {
                        json.string(Integer.toString(i));
                    }
                }
                json.close('}');
                return new Line("wide object", json.bytes(), !json.dirty);
        }
    }

    private Line line() {
        String kind;
        switch (random.nextInt(14)) {
            case 0, 1, 2:
                kind = "streaming order status";
                envelope(() -> orderEvent(0));
                break;
            case 3:
                kind = "plain order status";
                orderEvent(0);
                break;
            case 4:
                kind = "by-block order statuses";
                envelope(() -> {
                    for (int i = random.nextInt(4) == 0 ? 0 : 1 + random.nextInt(5); i > 0; i--) {
                        orderEvent(0);
                    }
                });
                break;
            case 5, 6:
                kind = "fills";
                envelope(() -> {
                    for (int i = 1 + random.nextInt(random.nextBoolean() ? 1 : 4); i > 0; i--) {
                        fillEvent();
                    }
                });
                break;
            case 7:
                kind = "trade";
                trade();
                break;
            case 8, 9:
                kind = "book diffs";
                envelope(() -> {
                    for (int i = 1 + random.nextInt(5); i > 0; i--) {
                        bookDiffEvent();
                    }
                });
                break;
            case 10:
                kind = "twap statuses";
                inLayout(this::twapStatusEvent);
                break;
            case 11:
                kind = "misc events";
                inLayout(this::miscEvent);
                break;
            case 12:
                kind = "hip3 oracle updates";
                inLayout(this::hip3OracleUpdate);
                break;
            default:
                kind = "system actions";
                inLayout(this::systemAction);
                break;
        }
        return new Line(kind, json.bytes(), !json.dirty);
    }

    private void envelope(Runnable events) {
        json.open('{');
        json.field("local_time", time());
        json.field("block_time", time());
        json.name("block_number").raw(Long.toString(900_000_000L + random.nextInt(200_000_000)));
        json.name("events").open('[');
        events.run();
        json.close(']');
        unknownFields();
        json.close('}');
    }

    private void orderEvent(int childDepth) {
        json.open('{');
        json.field("time", time());
        json.field("user", hex(20));
        json.field("hash", random.nextInt(3) == 0 ? hex(32) : null);
        json.name("builder");
        if (random.nextInt(8) == 0) {
            json.open('{').field("b", hex(20)).name("f").raw(Integer.toString(random.nextInt(100)));
            unknownFields();
            json.close('}');
        } else {
            json.raw("null");
        }
        json.field("status", random.nextInt(20) == 0 ? identifier() : pick(STATUSES));
        json.name("order");
        order(childDepth);
        unknownFields();
        json.close('}');
    }

    private void order(int childDepth) {
        boolean trigger = random.nextInt(10) == 0;
        json.open('{');
        json.field("coin", pick(COINS));
        json.field("side", random.nextBoolean() ? "B" : "A");
        json.field("limitPx", decimal());
        json.field("sz", decimal());
        json.name("oid").raw(Long.toString(100_000_000_000L + (random.nextLong() & 0xFFFF_FFFFFFL)));
        json.name("timestamp").raw(Long.toString(1_778_000_000_000L + random.nextInt(1_000_000_000)));
        json.field("triggerCondition", trigger ? "Price below " + random.nextInt(100_000) : "N/A");
        json.name("isTrigger").raw(Boolean.toString(trigger));
        json.field("triggerPx", trigger ? decimal() : "0.0");
        json.name("children").open('[');
        if (childDepth < 2 && random.nextInt(6) == 0) {
            for (int i = 1 + random.nextInt(2); i > 0; i--) {
                order(childDepth + 1);
            }
        }
        json.close(']');
        json.name("isPositionTpsl").raw(Boolean.toString(random.nextInt(10) == 0));
        json.name("reduceOnly").raw(Boolean.toString(random.nextInt(5) == 0));
        json.field("orderType", trigger ? pick(ORDER_TYPES) : "Limit");
        json.field("origSz", decimal());
        json.field("tif", trigger ? null : pick(TIFS));
        if (random.nextInt(10) != 0) {
            json.field("cloid", random.nextBoolean() ? hex(16) : null);
        }
        unknownFields();
        json.close('}');
    }

    private void fillEvent() {
        json.open('[');
        json.string(hex(20));
        json.open('{');
        json.field("coin", pick(COINS));
        json.field("px", decimal());
        json.field("sz", decimal());
        json.field("side", random.nextBoolean() ? "B" : "A");
        json.name("time").raw(Long.toString(1_782_636_233_257L + random.nextInt(1_000_000)));
        json.field("startPosition", (random.nextBoolean() ? "-" : "") + decimal());
        json.field("dir", pick(DIRS));
        json.field("closedPnl", decimal());
        json.field("hash", hex(32));
        json.name("oid").raw(Long.toString(481_702_553_903L + random.nextInt(1_000_000)));
        json.name("crossed").raw(Boolean.toString(random.nextBoolean()));
        json.field("fee", (random.nextBoolean() ? "-" : "") + decimal());
        json.name("tid").raw(Long.toString(340_554_939_716_632L + random.nextInt(1_000_000)));
        if (random.nextBoolean()) {
            json.field("cloid", hex(16));
        }
        if (random.nextInt(6) == 0) {
            json.name("liquidation").open('{')
                    .field("liquidatedUser", hex(20)).field("markPx", decimal())
                    .field("method", random.nextBoolean() ? "market" : "backstop");
            unknownFields();
            json.close('}');
        }
        if (random.nextInt(6) == 0) {
            json.field("builder", hex(20)).field("builderFee", decimal());
        }
        json.field("feeToken", random.nextInt(5) == 0 ? "HYPE" : "USDC");
        json.name("twapId");
        if (random.nextInt(5) == 0) {
            json.raw(Integer.toString(random.nextInt(1_000_000)));
        } else {
            json.raw("null");
        }
        unknownFields();
        json.close('}');
        json.close(']');
    }

    private void trade() {
        json.open('{');
        json.field("coin", pick(COINS));
        json.field("side", random.nextBoolean() ? "B" : "A");
        json.field("time", time());
        json.field("px", decimal());
        json.field("sz", decimal());
        json.field("hash", hex(32));
        json.field("trade_dir_override", "Na");
        json.name("side_info").open('[');
        for (int i = 0, entries = random.nextInt(8) == 0 ? 3 : 2; i < entries; i++) {
            json.open('{');
            json.field("user", hex(20));
            json.field("start_pos", decimal());
            json.name("oid").raw(Long.toString(105_686_971_733L + random.nextInt(1_000_000)));
            json.name("twap_id").raw(random.nextInt(5) == 0 ? Integer.toString(random.nextInt(99_999)) : "null");
            json.field("cloid", random.nextBoolean() ? hex(16) : null);
            unknownFields();
            json.close('}');
        }
        json.close(']');
        unknownFields();
        json.close('}');
    }

    private void bookDiffEvent() {
        json.open('{');
        json.field("user", hex(20));
        json.name("oid").raw(Long.toString(405_401_002_917L + random.nextInt(1_000_000)));
        json.field("coin", pick(COINS));
        json.field("side", random.nextBoolean() ? "B" : "A");
        json.field("px", decimal());
        json.name("raw_book_diff");
        switch (random.nextInt(4)) {
            case 0:
                json.string("remove");
                break;
            case 1:
                json.open('{').name("new").open('{').field("sz", decimal());
                unknownFields();
                json.close('}').close('}');
                break;
            case 2:
                json.open('{').name("update").open('{')
                        .field("origSz", decimal()).field("newSz", decimal());
                unknownFields();
                json.close('}').close('}');
                break;
            default: // a kind the node may add one day
                json.open('{').name(identifier());
                randomValue(2);
                json.close('}');
                break;
        }
        unknownFields();
        json.close('}');
    }

    /** One event plain, one in its envelope, or a block of zero to four. */
    private void inLayout(Runnable event) {
        switch (random.nextInt(3)) {
            case 0 -> event.run();
            case 1 -> envelope(event);
            default -> envelope(() -> {
                for (int i = random.nextInt(5); i > 0; i--) {
                    event.run();
                }
            });
        }
    }

    private void twapStatusEvent() {
        json.open('{');
        json.field("time", time());
        json.name("twap_id").raw(Long.toString(1_544_034L + random.nextInt(1_000_000)));
        json.name("state").open('{');
        json.field("coin", pick(COINS));
        json.field("user", hex(20));
        json.field("side", random.nextBoolean() ? "B" : "A");
        json.field("sz", decimal());
        json.field("executedSz", decimal());
        json.field("executedNtl", decimal());
        json.name("minutes").raw(Integer.toString(1 + random.nextInt(1440)));
        json.name("reduceOnly").raw(Boolean.toString(random.nextInt(5) == 0));
        json.name("randomize").raw(Boolean.toString(random.nextBoolean()));
        json.name("timestamp").raw(Long.toString(1_769_612_405_423L + random.nextInt(1_000_000_000)));
        unknownFields();
        json.close('}');
        json.name("status");
        switch (random.nextInt(6)) {
            case 0 -> json.open('{').field("error", text()).close('}');
            case 1 -> randomValue(1); // a shape no node has written yet: kept whole
            default -> json.string(random.nextInt(10) == 0 ? identifier() : pick(TWAP_STATUSES));
        }
        unknownFields();
        json.close('}');
    }

    private void miscEvent() {
        json.open('{');
        json.field("time", time());
        json.field("hash", random.nextInt(3) == 0 ? "0x" + "0".repeat(64) : hex(32));
        json.name("inner");
        if (random.nextInt(8) == 0) {
            randomValue(1); // not a one-key object: still kept whole
        } else {
            json.open('{').name(random.nextInt(10) == 0 ? identifier() : pick(MISC_KINDS));
            randomValue(random.nextInt(3) == 0 ? 0 : 2);
            json.close('}');
        }
        unknownFields();
        json.close('}');
    }

    private void hip3OracleUpdate() {
        json.open('{');
        json.field("update_class", random.nextInt(5) == 0 ? "Fallback" : "Deployer");
        for (String inputs : new String[] {"mark_px_inputs", "spot_px_inputs", "external_perp_px_inputs"}) {
            json.name(inputs).open('[');
            for (int i = random.nextInt(4); i > 0; i--) {
                json.open('[').string("xyz:" + pick(COINS)).string(decimal()).close(']');
            }
            json.close(']');
        }
        json.name("oracle_pxs").open('{');
        for (String prices : new String[] {"coin_to_mark_px", "coin_to_oracle_px", "coin_to_external_perp_px"}) {
            json.name(prices).open('[');
            for (int i = random.nextInt(3); i > 0; i--) {
                json.open('[').string("flx:" + pick(COINS)).open('{').field("px", decimal())
                        .field("last_update_time", time()).field("daily_px", decimal()).close('}').close(']');
            }
            json.close(']');
        }
        json.close('}');
        unknownFields();
        json.close('}');
    }

    private void systemAction() {
        json.open('{');
        json.field("user", hex(20));
        json.name("nonce").raw(Long.toString(2_153_263L + random.nextInt(1_000_000)));
        json.field("evm_tx_hash", hex(32));
        json.name("action").open('{');
        json.field("type", random.nextInt(10) == 0 ? identifier() : pick(ACTION_TYPES));
        json.field("destination", hex(20));
        json.name("token").raw(Integer.toString(random.nextInt(500)));
        json.name("wei").raw(validInteger(random)); // beyond 64 bits as often as not
        unknownFields();
        json.close('}');
        unknownFields();
        json.close('}');
    }

    /** Fields the node may add one day: the extractors skip them, so the cursor must read them. */
    private void unknownFields() {
        if (random.nextInt(6) != 0) {
            return;
        }
        for (int i = 1 + random.nextInt(2); i > 0; i--) {
            json.name(identifier());
            randomValue(2);
        }
    }

    private void randomValue(int depth) {
        int roll = random.nextInt(depth > 5 ? 7 : 10);
        switch (roll) {
            case 0, 1:
                json.string(text());
                break;
            case 2:
                json.raw(validInteger(random));
                break;
            case 3:
                json.raw(validNumber(random));
                break;
            case 4:
                json.raw("true");
                break;
            case 5:
                json.raw("false");
                break;
            case 6:
                json.raw("null");
                break;
            case 7:
                json.open('[');
                for (int i = random.nextInt(4); i > 0; i--) {
                    randomValue(depth + 1);
                }
                json.close(']');
                break;
            default:
                json.open('{');
                for (int i = random.nextInt(4); i > 0; i--) {
                    json.name(random.nextInt(4) == 0 ? text() : identifier());
                    randomValue(depth + 1);
                }
                json.close('}');
                break;
        }
    }

    /** A JSON integer, valid: zero, small, the node's sizes, near and beyond long's limits. */
    static String validInteger(Random random) {
        String sign = random.nextInt(4) == 0 ? "-" : "";
        switch (random.nextInt(8)) {
            case 0:
                return sign + "0";
            case 1:
                return sign + random.nextInt(10);
            case 2:
                return sign + Long.toString(random.nextLong() & Long.MAX_VALUE);
            case 3:
                return sign + (random.nextBoolean() ? "9223372036854775807" : "9223372036854775808");
            case 4:
                return sign + "9223372036854775" + (800 + random.nextInt(20));
            case 5:
                return sign + (1 + random.nextInt(9)) + digits(random, 18 + random.nextInt(4));
            case 6:
                return sign + (1 + random.nextInt(9)) + digits(random, random.nextInt(60));
            default:
                return sign + Integer.toString(random.nextInt(Integer.MAX_VALUE));
        }
    }

    /** A JSON number of any valid form: integer part, optional fraction, optional exponent. */
    static String validNumber(Random random) {
        StringBuilder s = new StringBuilder(validInteger(random));
        if (random.nextBoolean()) {
            s.append('.').append(digits(random, 1 + random.nextInt(random.nextInt(10) == 0 ? 40 : 6)));
        }
        if (random.nextInt(3) == 0) {
            s.append(random.nextBoolean() ? 'e' : 'E');
            int sign = random.nextInt(3);
            s.append(sign == 0 ? "" : sign == 1 ? "+" : "-");
            s.append(digits(random, 1 + random.nextInt(4)));
        }
        return s.toString();
    }

    static String digits(Random random, int count) {
        StringBuilder s = new StringBuilder(count);
        for (int i = 0; i < count; i++) {
            s.append((char) ('0' + random.nextInt(10)));
        }
        return s.toString();
    }

    private String time() {
        String nanos = digits(random, 9);
        return String.format("2026-05-05T%02d:%02d:%02d.%s", random.nextInt(24), random.nextInt(60),
                random.nextInt(60), random.nextInt(4) == 0 ? nanos.substring(0, 3) : nanos);
    }

    private String decimal() {
        String whole = random.nextInt(3) == 0 ? "0" : Integer.toString(1 + random.nextInt(100_000));
        return whole + "." + digits(random, 1 + random.nextInt(6));
    }

    private String hex(int bytes) {
        StringBuilder s = new StringBuilder("0x");
        for (int i = 0; i < bytes * 2; i++) {
            s.append("0123456789abcdef".charAt(random.nextInt(16)));
        }
        return s.toString();
    }

    private String identifier() {
        String[] parts = {"fee", "Px", "sz", "builder", "twap", "Id", "deployer", "new", "x", "_", "a1", "coin"};
        StringBuilder s = new StringBuilder();
        for (int i = 1 + random.nextInt(3); i > 0; i--) {
            s.append(pick(parts));
        }
        return s.toString();
    }

    /** Free text; in an exotic line it may need escapes or be non-ASCII. */
    private String text() {
        StringBuilder s = new StringBuilder();
        int length = random.nextInt(10) == 0 ? 30 + random.nextInt(200) : random.nextInt(24);
        String plain = "abcXYZ019 .,:;-_/@#{}[]()<>=+*&%$!?'`~|";
        String special = "\"\\\n\t\r\u0000\u001f\u007f\u00e9\u00ff\u0100\u20ac\ud83d\ude00\u2028";
        for (int i = 0; i < length; i++) {
            if (exotic && random.nextInt(6) == 0) {
                s.append(special.charAt(random.nextInt(special.length())));
            } else {
                s.append(plain.charAt(random.nextInt(plain.length())));
            }
        }
        return s.toString();
    }

    private String pick(String[] values) {
        return values[random.nextInt(values.length)];
    }

    // ---------------------------------------------------------------------------------------
    // Mutations

    /** Bytes rich in JSON punctuation, digits, quotes, backslashes, high bytes and control characters. */
    static final byte[] RICH_BYTES = bytes("{}[]:,\"\\0123456789-+.eEtrufalsn xX/*#'", 0x09, 0x0A, 0x0D, 0x00, 0x01,
            0x08, 0x0B, 0x0C, 0x1F, 0x7F, 0x80, 0x9F, 0xA0, 0xBF, 0xC0, 0xC1, 0xC3, 0xE2, 0xED, 0xEF, 0xF0, 0xF4,
            0xF5, 0xFF);

    static final String[] NUMBER_VARIANTS = {"00", "01", "-01", "0123", "-00", "00.5", "-", "+1", ".5", "1.", "1.e5",
        "1e", "1e+", "1E-", "-.5", "0x10", "NaN", "Infinity", "-Infinity", "1E5", "1e-5", "-0", "0e0", "0.0",
        "-0.0e-0", "1.5E+308", "1e999", "123456789012345678", "9223372036854775807", "9223372036854775808",
        "-9223372036854775808", "-9223372036854775809", "99999999999999999999", "1_000", "1,5", "1 2", "--1",
        "0.", "0.e1", "1e1.5", "1ee5", "1e+-5", "2.", "-a", "1f", "1d", "1L", "0b1", "0o7", "٣"};

    static final String[] LITERAL_VARIANTS = {"tru", "truee", "true1", "truex", "True", "TRUE", "t", "fals", "falsee",
        "false0", "nul", "nulll", "null_", "Null", "nil", "undefined", "none"};

    /** One to three random mutations of {@code line}. */
    static byte[] mutate(byte[] line, Random random) {
        byte[] out = line;
        for (int i = 1 + random.nextInt(random.nextInt(4) == 0 ? 3 : 1); i > 0; i--) {
            out = mutateOnce(out, random);
        }
        return out;
    }

    static byte[] mutateOnce(byte[] line, Random random) {
        int n = line.length;
        switch (random.nextInt(16)) {
            case 15: {
                // Zero bytes among the first four: Jackson's blocking parser then guesses UTF-16 or UTF-32.
                int at = Math.min(n, 1 + random.nextInt(3));
                return splice(line, at, at, new byte[1 + random.nextInt(3)]);
            }
            case 0:
                return truncate(line, random.nextInt(n + 1));
            case 1: {
                if (n == 0) {
                    return line;
                }
                byte[] out = line.clone();
                out[random.nextInt(n)] = richByte(random);
                return out;
            }
            case 2: {
                int at = random.nextInt(n + 1);
                return splice(line, at, at, new byte[] {richByte(random)});
            }
            case 3: {
                if (n == 0) {
                    return line;
                }
                int at = random.nextInt(n);
                return splice(line, at, at + 1, new byte[0]);
            }
            case 4: {
                String[] separators = {"", " ", "\n", ",", "\t", "\r\n"};
                return concat(line, separators[random.nextInt(separators.length)].getBytes(UTF_8), line);
            }
            case 5: {
                String[] garbage = {" ", "\t", "\r", "\n", " \r\n\t ", "x", ",", "}", "]", "{}", "[]", " {}", "0", " 1",
                    "\u0000", "\u000b", "\u000c", "\u00a0", "\ufeff", "\"", "\"\"", "null", " true", "//", "/* */",
                    "#", "\u0080", "\\"};
                return concat(line, garbage[random.nextInt(garbage.length)].getBytes(UTF_8));
            }
            case 6: {
                String[] junk = {" ", "\t\r\n", "\ufeff", "\u0000", "\u0000\u0000\u0000", "x", ",", "[", "]", "{",
                    "}", "\"", "1", "//c\n", "\u00a0"};
                return concat(junk[random.nextInt(junk.length)].getBytes(UTF_8), line);
            }
            case 7, 8:
                return replaceNumber(line, random);
            case 9:
                return replaceLiteral(line, random);
            case 10:
                return nest(line, random);
            case 11: {
                if (n < 2) {
                    return line;
                }
                byte[] out = line.clone();
                int at = random.nextInt(n - 1);
                byte b = out[at];
                out[at] = out[at + 1];
                out[at + 1] = b;
                return out;
            }
            case 12: {
                // Drop or double one structural byte: a quote, colon, comma or bracket.
                int at = findAny(line, random, "\":,{}[]");
                if (at < 0) {
                    return line;
                }
                return random.nextBoolean() ? splice(line, at, at + 1, new byte[0])
                        : splice(line, at, at, new byte[] {line[at]});
            }
            case 13: {
                // Whitespace, legal or not, between two tokens.
                int at = findAny(line, random, ":,{}[]");
                if (at < 0) {
                    return line;
                }
                String[] spaces = {" ", "\t", "\n", "\r", "  \r\n ", "\u000b", "\u000c", "\u0000", "\u00a0"};
                int where = at + random.nextInt(2);
                return splice(line, where, where, spaces[random.nextInt(spaces.length)].getBytes(UTF_8));
            }
            default: {
                // A string value replaced by one with escapes, controls or non-ASCII characters.
                int at = findAny(line, random, "\"");
                if (at < 0) {
                    return line;
                }
                String[] strings = {"\"a\\\"b\"", "\"\\\\\"", "\"\\u0041\"", "\"\\ud83d\\ude00\"", "\"\\ud83d\"",
                    "\"\\x41\"", "\"\\'\"", "\"\\/\"", "\"tab\there\"", "\"\u00e9\"", "\"\u20ac\"", "\"a\\\"",
                    "\"\\u00\"", "\"\\uZZZZ\"", "\"\"", "\"new\nline\""};
                return splice(line, at, at + 1, strings[random.nextInt(strings.length)].getBytes(UTF_8));
            }
        }
    }

    static byte[] truncate(byte[] line, int length) {
        byte[] out = new byte[length];
        System.arraycopy(line, 0, out, 0, length);
        return out;
    }

    /** A number in the line (a digit or '-' after ':', ',' or '[') replaced by a variant, valid or not. */
    private static byte[] replaceNumber(byte[] line, Random random) {
        int at = -1;
        int start = random.nextInt(line.length + 1);
        for (int k = 0; k < line.length && at < 0; k++) {
            int i = (start + k) % line.length;
            byte b = line[i];
            if ((b == '-' || (b >= '0' && b <= '9')) && i > 0 && (line[i - 1] == ':' || line[i - 1] == ','
                    || line[i - 1] == '[')) {
                at = i;
            }
        }
        if (at < 0) {
            // No number in the line: put one where a string value starts, if any.
            at = findAny(line, random, "\"");
            if (at < 0) {
                return line;
            }
            return splice(line, at, at, (numberVariant(random) + ",").getBytes(UTF_8));
        }
        int end = at;
        while (end < line.length && "0123456789-+.eE".indexOf(line[end]) >= 0) {
            end++;
        }
        return splice(line, at, end, numberVariant(random).getBytes(UTF_8));
    }

    private static String numberVariant(Random random) {
        switch (random.nextInt(6)) {
            case 0:
                return NUMBER_VARIANTS[random.nextInt(NUMBER_VARIANTS.length)];
            case 1: {
                int[] lengths = {19, 20, 100, 255, 256, 257, 999, 1000, 1001, 1500};
                int length = lengths[random.nextInt(lengths.length)];
                String body = (1 + random.nextInt(9)) + digits(random, length - 1);
                switch (random.nextInt(3)) {
                    case 0:
                        return body;
                    case 1:
                        return "-" + body;
                    default:
                        return "0." + body;
                }
            }
            case 2: {
                // Random characters of numbers, mostly invalid.
                StringBuilder s = new StringBuilder();
                for (int i = 1 + random.nextInt(6); i > 0; i--) {
                    s.append("0123456789.eE+-".charAt(random.nextInt(15)));
                }
                return s.toString();
            }
            case 3:
                return validNumber(random);
            default:
                return validInteger(random);
        }
    }

    private static byte[] replaceLiteral(byte[] line, Random random) {
        String text = new String(line, UTF_8);
        String[] literals = {"true", "false", "null"};
        String literal = literals[random.nextInt(3)];
        int at = text.indexOf(literal, random.nextInt(text.length() + 1));
        if (at < 0) {
            at = text.indexOf(literal);
        }
        if (at < 0 || text.length() != line.length) {
            return line;
        }
        String variant = random.nextInt(4) == 0 ? literals[random.nextInt(3)]
                : LITERAL_VARIANTS[random.nextInt(LITERAL_VARIANTS.length)];
        return splice(line, at, at + literal.length(), variant.getBytes(UTF_8));
    }

    /** Nesting: the whole line wrapped, or a value replaced, in many levels of arrays or objects. */
    private static byte[] nest(byte[] line, Random random) {
        int[] depths = {1, 2, 10, 58, 59, 60, 61, 62, 63, 64, 65, 66, 100, 999, 1000, 1001, 1500};
        int levels = depths[random.nextInt(depths.length)];
        boolean objects = random.nextBoolean();
        ByteArrayOutputStream open = new ByteArrayOutputStream();
        ByteArrayOutputStream close = new ByteArrayOutputStream();
        for (int i = 0; i < levels; i++) {
            open.writeBytes((objects && random.nextBoolean() ? "{\"k\":" : "[").getBytes(UTF_8));
        }
        byte[] opened = open.toByteArray();
        for (int i = opened.length - 1; i >= 0; i--) {
            if (opened[i] == '[') {
                close.write(']');
            } else if (opened[i] == '{') {
                close.write('}');
            }
        }
        if (random.nextBoolean()) {
            return concat(opened, line, close.toByteArray());
        }
        String text = new String(line, UTF_8);
        int at = text.indexOf("null");
        if (at < 0 || text.length() != line.length) {
            return concat(opened, line, close.toByteArray());
        }
        return splice(line, at, at + 4, concat(opened, "null".getBytes(UTF_8), close.toByteArray()));
    }

    // ---------------------------------------------------------------------------------------
    // Random fragments: short sequences of JSON-ish pieces, mostly invalid, rich in corner cases.

    static final String[] FRAGMENTS = {"{", "}", "[", "]", ":", ",", "\"a\"", "\"b\"", "\"\"", "\"x\\\"y\"", "\"oid\"",
        "1", "-1", "0", "-0", "01", "1.5", "1e3", "1E+3", "-", ".", "e", "true", "false", "null", "tru", " ",
        "\t", "\n", "\r", "\u0000", "\u00e9", "\"", "\\", "/", "//c", "'a'", "NaN", "9223372036854775808",
        "\"\u0001\"", "\"\u007f\"", "{\"a\":", "[1,", "],", "}]", "\"a\":1", "x", "\ufeff", "\u000b", "0.0"};

    static byte[] fragments(Random random) {
        StringBuilder s = new StringBuilder();
        for (int i = 1 + random.nextInt(20); i > 0; i--) {
            s.append(FRAGMENTS[random.nextInt(FRAGMENTS.length)]);
        }
        return s.toString().getBytes(UTF_8);
    }

    // ---------------------------------------------------------------------------------------

    private static int findAny(byte[] line, Random random, String bytes) {
        if (line.length == 0) {
            return -1;
        }
        int start = random.nextInt(line.length);
        for (int k = 0; k < line.length; k++) {
            int i = (start + k) % line.length;
            if (bytes.indexOf(line[i]) >= 0) {
                return i;
            }
        }
        return -1;
    }

    private static byte richByte(Random random) {
        return RICH_BYTES[random.nextInt(RICH_BYTES.length)];
    }

    static byte[] splice(byte[] line, int from, int to, byte[] insert) {
        byte[] out = new byte[line.length - (to - from) + insert.length];
        System.arraycopy(line, 0, out, 0, from);
        System.arraycopy(insert, 0, out, from, insert.length);
        System.arraycopy(line, to, out, from + insert.length, line.length - to);
        return out;
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    private static byte[] bytes(String ascii, int... more) {
        byte[] out = new byte[ascii.length() + more.length];
        for (int i = 0; i < ascii.length(); i++) {
            out[i] = (byte) ascii.charAt(i);
        }
        for (int i = 0; i < more.length; i++) {
            out[ascii.length() + i] = (byte) more[i];
        }
        return out;
    }

    /**
     * Writes JSON text: commas and colons where they belong, JSON whitespace between tokens when
     * spaced, strings escaped as needed (and marks the text dirty when a string needs escapes or
     * holds non-ASCII characters).
     */
    static final class JsonText {
        private final StringBuilder s = new StringBuilder(1024);
        private final Random random;
        private final boolean spaced;
        private final int[] counts = new int[4096];
        private int depth;
        private boolean afterName;
        boolean dirty;

        JsonText(Random random, boolean spaced) {
            this.random = random;
            this.spaced = spaced;
        }

        JsonText open(char bracket) {
            item();
            s.append(bracket);
            counts[++depth] = 0;
            return this;
        }

        JsonText close(char bracket) {
            space();
            s.append(bracket);
            depth--;
            return this;
        }

        JsonText name(String name) {
            if (counts[depth]++ > 0) {
                s.append(',');
            }
            space();
            quote(name);
            space();
            s.append(':');
            space();
            afterName = true;
            return this;
        }

        JsonText string(String value) {
            item();
            quote(value);
            return this;
        }

        /** A number or literal, written as given. */
        JsonText raw(String token) {
            if (token.startsWith("-0")) {
                dirty = true; // negative zero: the fast cursor defers, see FastJsonCursor#number
            }
            item();
            s.append(token);
            return this;
        }

        /** A field whose value is a string, or null. */
        JsonText field(String name, String value) {
            name(name);
            return value == null ? raw("null") : string(value);
        }

        byte[] bytes() {
            space();
            return s.toString().getBytes(UTF_8);
        }

        private void item() {
            if (afterName) {
                afterName = false;
                return;
            }
            if (depth > 0 && counts[depth]++ > 0) {
                s.append(',');
            }
            space();
        }

        private void space() {
            if (spaced && random.nextInt(3) == 0) {
                String[] spaces = {" ", "\t", "\n", "\r", "  ", "\r\n"};
                s.append(spaces[random.nextInt(spaces.length)]);
            }
        }

        private void quote(String text) {
            s.append('"');
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c == '"' || c == '\\') {
                    dirty = true;
                    s.append('\\').append(c);
                } else if (c < 0x20) {
                    dirty = true;
                    s.append(String.format("\\u%04x", (int) c));
                } else if (c >= 0x80) {
                    dirty = true;
                    if (random.nextBoolean() || Character.isSurrogate(c)) { // a lone surrogate has no UTF-8
                        s.append(String.format("\\u%04X", (int) c));
                    } else {
                        s.append(c);
                    }
                } else {
                    s.append(c);
                }
            }
            s.append('"');
        }
    }
}
