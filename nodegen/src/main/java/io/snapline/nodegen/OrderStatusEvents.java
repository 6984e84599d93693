package io.snapline.nodegen;

import io.snapline.nodegen.SyntheticMarket.Coin;

import java.util.SplittableRandom;

/**
 * Order statuses as the node writes them: {@code time, user, hash, builder, status, order{…}}.
 * Shaped like a busy hour of a real node on what costs a reader time (docs/tools.md, "Real-shaped
 * order statuses", says where each number comes from): 95% {@code badAloPxRejected} (market
 * makers' ALO orders priced through the book), 97.5% rejections; rejections and cancels have a
 * null hash; builder objects mostly on the few orders that are not market makers' rejections;
 * trigger orders have a null {@code tif}; about one line in a thousand carries TP/SL children as
 * full nested orders; ASCII only; about 600 bytes a line in the streaming layout.
 */
final class OrderStatusEvents implements EventWriter {

    private static final String[] STATUSES = {
        "badAloPxRejected", "iocCancelRejected", "perpMarginRejected", "minTradeNtlRejected", "rejected",
        "open", "filled", "canceled", "triggered", "marginCanceled", "reduceOnlyCanceled", "selfTradeCanceled",
        "siblingFilledCanceled",
    };
    /**
     * Per 10,000 lines, each status in the order above: 9,500 {@code badAloPxRejected} as in a busy
     * hour of a real capture (issue 13), 9,750 rejections in all; the other 250 split among the
     * rest in the order of how often they occur.
     */
    static final int[] PER_TEN_THOUSAND = {9_500, 150, 50, 30, 20, 120, 40, 40, 10, 10, 10, 10, 10};
    private static final int[] CUMULATIVE = cumulative(PER_TEN_THOUSAND);
    private static final int REJECTIONS = 5;
    private static final int BAD_ALO = 0;
    private static final int IOC_CANCEL = 1;
    private static final int OPEN = 5;
    private static final int FILLED = 6;
    private static final int TRIGGERED = 8;

    static final int BUILDER_PERCENT_OF_REJECTIONS = 2;
    static final int BUILDER_PERCENT_OF_OTHERS = 20;
    static final int CLOID_IN_TEN = 9;
    /** One non-trigger open order in this many carries TP/SL children: about 0.1% of lines. */
    private static final int CHILDREN_EVERY_OPEN = 12;

    private static final String[] TRIGGER_TYPES = {"Stop Market", "Stop Limit", "Take Profit Market", "Take Profit Limit"};
    private static final String[] TIFS = {"Gtc", "Alo", "Ioc"};

    private final SyntheticMarket market;
    private final BlockClock clock;
    private final SplittableRandom random;

    OrderStatusEvents(SyntheticMarket market, BlockClock clock) {
        this.market = market;
        this.clock = clock;
        this.random = market.random();
    }

    @Override
    public void append(AsciiBuffer out, EventDefect defect) {
        int status = status();
        boolean rejected = status < REJECTIONS;
        boolean trigger = status == TRIGGERED || (!rejected && random.nextInt(100) < 5);
        out.append("{\"time\":\"");
        clock.appendBlockTime(out);
        out.append("\",\"user\":\"").append(market.user()).append("\",\"hash\":");
        if (status == OPEN || status == FILLED || status == TRIGGERED) {
            out.append('"').appendHex(random, 32).append('"');
        } else {
            out.append("null");
        }
        out.append(",\"builder\":");
        // Builder codes come with front ends' orders, rarely with market makers' rejected quotes.
        if (random.nextInt(100) < (rejected ? BUILDER_PERCENT_OF_REJECTIONS : BUILDER_PERCENT_OF_OTHERS)) {
            out.append("{\"b\":\"").append(market.builder()).append("\",\"f\":").append(1 + random.nextInt(50)).append('}');
        } else {
            out.append("null");
        }
        out.append(",\"status\":\"").append(STATUSES[status]).append("\",\"order\":");
        Coin coin = market.coin();
        boolean withChildren = status == OPEN && !trigger && random.nextInt(CHILDREN_EVERY_OPEN) == 0;
        appendOrder(out, coin, status, trigger, withChildren, defect);
        out.append('}');
    }

    private void appendOrder(AsciiBuffer out, Coin coin, int status, boolean trigger, boolean withChildren,
            EventDefect defect) {
        boolean buy = random.nextBoolean();
        long px = market.price(coin);
        long origSz = market.size(coin);
        long sz = switch (status) {
            case FILLED -> 0;
            case OPEN -> random.nextInt(5) == 0 ? 1 + random.nextLong(origSz) : origSz;
            default -> status >= REJECTIONS && random.nextInt(3) == 0 ? 1 + random.nextLong(origSz) : origSz;
        };
        out.append('{');
        EventWriter.appendCoin(out, coin, defect);
        out.append("\"side\":\"").append(buy ? 'B' : 'A')
                .append("\",\"limitPx\":\"").appendDecimal(px, coin.pxScale)
                .append("\",\"sz\":\"").appendDecimal(sz, coin.szScale)
                .append("\",\"oid\":").append(market.nextOid())
                .append(",\"timestamp\":").append(clock.blockEpochMillis())
                .append(",\"triggerCondition\":\"");
        long triggerPx = 0;
        if (trigger) {
            // A stop sells below (buys above) the market; a take-profit the other way round.
            triggerPx = px + (buy ? 1 : -1) * (px / 50);
            out.append(buy ? "Price above " : "Price below ").appendNumber(triggerPx, coin.pxScale);
        } else {
            out.append("N/A");
        }
        out.append("\",\"isTrigger\":").append(trigger)
                .append(",\"triggerPx\":\"").appendDecimal(triggerPx, coin.pxScale)
                .append("\",\"children\":[");
        if (withChildren) {
            int children = 1 + random.nextInt(2);
            for (int i = 0; i < children; i++) {
                if (i > 0) {
                    out.append(',');
                }
                appendOrder(out, coin, TRIGGERED, true, false, EventDefect.NONE);
            }
        }
        out.append("],\"isPositionTpsl\":").append(trigger && random.nextInt(3) == 0)
                .append(",\"reduceOnly\":").append(trigger ? random.nextBoolean() : random.nextInt(20) == 0)
                .append(",\"orderType\":\"").append(trigger ? TRIGGER_TYPES[random.nextInt(TRIGGER_TYPES.length)] : "Limit")
                .append("\",\"origSz\":\"").appendDecimal(origSz, coin.szScale)
                .append("\",\"tif\":");
        if (trigger) {
            out.append("null"); // trigger orders have no time in force
        } else {
            out.append('"').append(tif(status)).append('"');
        }
        out.append(",\"cloid\":");
        // Market makers' bots tag their orders with client ids; with them a line averages ~600 bytes.
        if (random.nextInt(10) < CLOID_IN_TEN) {
            out.append('"').appendHex(random, 16).append('"');
        } else {
            out.append("null");
        }
        out.append('}');
    }

    private int status() {
        int roll = random.nextInt(10_000);
        int i = 0;
        while (roll >= CUMULATIVE[i]) {
            i++;
        }
        return i;
    }

    private String tif(int status) {
        return switch (status) {
            case BAD_ALO -> "Alo";
            case IOC_CANCEL -> "Ioc";
            default -> TIFS[random.nextInt(TIFS.length)];
        };
    }

    private static int[] cumulative(int[] weights) {
        int[] sums = new int[weights.length];
        int sum = 0;
        for (int i = 0; i < weights.length; i++) {
            sum += weights[i];
            sums[i] = sum;
        }
        if (sum != 10_000) {
            throw new AssertionError("status weights add up to " + sum + ", not 10,000");
        }
        return sums;
    }
}
