package io.snapline.nodegen;

import io.snapline.nodegen.SyntheticMarket.Coin;

import java.util.SplittableRandom;

/**
 * TWAP statuses as the node writes them beside the fills: {@code time, twap_id, state{…}, status}.
 * Most are activations; a TWAP then finishes, is terminated, or fails with {@code {"error": msg}}.
 * The state's executed size and notional grow with how far the TWAP has run.
 */
final class TwapStatusEvents implements EventWriter {

    private static final String[] STATUSES = {"activated", "finished", "terminated"};
    private static final String[] ERRORS = {
        "Insufficient margin to place order.",
        "Reduce only order would increase position.",
        "Order could not immediately match against any resting orders.",
    };
    private static final int[] MINUTES = {5, 10, 30, 60, 240, 1440};

    private final SyntheticMarket market;
    private final BlockClock clock;
    private final SplittableRandom random;
    private long nextTwapId = 1_544_034L;

    TwapStatusEvents(SyntheticMarket market, BlockClock clock) {
        this.market = market;
        this.clock = clock;
        this.random = market.random();
    }

    @Override
    public void append(AsciiBuffer out, EventDefect defect) {
        int roll = random.nextInt(100);
        boolean activated = roll < 55;
        Coin coin = market.coin();
        long px = market.price(coin);
        long sz = market.size(coin) * 10;
        // Activated TWAPs have executed nothing yet; the others part or all of their size.
        long executed = activated ? 0 : roll < 75 ? sz : random.nextLong(sz + 1);
        long twapId = activated ? ++nextTwapId : nextTwapId - random.nextInt(500);
        out.append("{\"time\":\"");
        clock.appendBlockTime(out);
        out.append("\",\"twap_id\":").append(twapId).append(",\"state\":{");
        EventWriter.appendCoin(out, coin, defect);
        out.append("\"user\":\"").append(market.user())
                .append("\",\"side\":\"").append(random.nextBoolean() ? 'B' : 'A')
                .append("\",\"sz\":\"").appendDecimal(sz, coin.szScale)
                .append("\",\"executedSz\":\"").appendDecimal(executed, coin.szScale)
                .append("\",\"executedNtl\":\"").appendDecimal(executed * px / pow10(coin.szScale), coin.pxScale)
                .append("\",\"minutes\":").append(MINUTES[random.nextInt(MINUTES.length)])
                .append(",\"reduceOnly\":").append(random.nextInt(10) == 0)
                .append(",\"randomize\":").append(random.nextBoolean())
                .append(",\"timestamp\":").append(clock.blockEpochMillis() - (activated ? 0 : random.nextInt(3_600_000)))
                .append("},\"status\":");
        if (activated) {
            out.append("\"activated\"");
        } else if (roll < 95) {
            out.append('"').append(STATUSES[1 + random.nextInt(2)]).append('"');
        } else {
            out.append("{\"error\":\"").append(ERRORS[random.nextInt(ERRORS.length)]).append("\"}");
        }
        out.append('}');
    }

    private static long pow10(int scale) {
        long value = 1;
        for (int i = 0; i < scale; i++) {
            value *= 10;
        }
        return value;
    }
}
