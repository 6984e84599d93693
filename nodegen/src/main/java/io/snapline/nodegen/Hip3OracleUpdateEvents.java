package io.snapline.nodegen;

import java.util.SplittableRandom;

/**
 * HIP-3 oracle updates, in the shape public readers of the node's files document: one event per
 * deployer push, {@code update_class} ({@code Deployer}, or {@code Fallback} when the validators'
 * fallback prices stand in), the pushed {@code [coin, px]} inputs, and the resulting mark, oracle
 * and external prices, each {@code [coin, {px, last_update_time, daily_px}]}. One dex per event.
 */
final class Hip3OracleUpdateEvents implements EventWriter {

    private static final String[] DEXES = {"xyz", "flx", "km", "cash"};
    private static final String[] ASSETS = {"BTC", "TSLA", "NVDA", "GOLD", "SPX", "COIN"};
    /** {@code dex:ASSET} for every dex and asset, made once: composing a line builds no String. */
    private static final String[][] COINS = new String[DEXES.length][ASSETS.length];
    private static final int PX_SCALE = 2;

    static {
        for (int d = 0; d < DEXES.length; d++) {
            for (int a = 0; a < ASSETS.length; a++) {
                COINS[d][a] = DEXES[d] + ":" + ASSETS[a];
            }
        }
    }

    private final SplittableRandom random;
    private final BlockClock clock;
    private final long[] pxs = {9_060_860, 42_315, 18_000, 261_020, 689_011, 15_842};
    private String[] coins;

    Hip3OracleUpdateEvents(SyntheticMarket market, BlockClock clock) {
        this.random = market.random();
        this.clock = clock;
    }

    @Override
    public void append(AsciiBuffer out, EventDefect defect) {
        coins = COINS[random.nextInt(DEXES.length)];
        int count = 1 + random.nextInt(ASSETS.length);
        for (int i = 0; i < count; i++) {
            pxs[i] += (random.nextInt(3) - 1) * Math.max(1, pxs[i] / 5_000);
        }
        out.append('{');
        // update_class is the one field this stream requires, so the one a defect spoils.
        if (EventWriter.openRequired(out, "update_class", defect)) {
            out.append(random.nextInt(10) == 0 ? "Fallback" : "Deployer");
            EventWriter.closeRequired(out, defect);
        }
        out.append("\"mark_px_inputs\":");
        pairs(out, count, 0);
        out.append(",\"spot_px_inputs\":");
        pairs(out, count, -1);
        out.append(",\"external_perp_px_inputs\":");
        pairs(out, count, 1);
        out.append(",\"oracle_pxs\":{\"coin_to_mark_px\":");
        prices(out, count, 0);
        out.append(",\"coin_to_oracle_px\":");
        prices(out, count, -1);
        out.append(",\"coin_to_external_perp_px\":");
        prices(out, count, 1);
        out.append("}}");
    }

    /** {@code [[coin, px], …]}, the prices a little apart by {@code skew}. */
    private void pairs(AsciiBuffer out, int count, int skew) {
        out.append('[');
        for (int i = 0; i < count; i++) {
            out.append(i > 0 ? ",[\"" : "[\"").append(coins[i]).append("\",\"").appendDecimal(px(i, skew), PX_SCALE)
                    .append("\"]");
        }
        out.append(']');
    }

    private void prices(AsciiBuffer out, int count, int skew) {
        out.append('[');
        for (int i = 0; i < count; i++) {
            out.append(i > 0 ? ",[\"" : "[\"").append(coins[i]).append("\",{\"px\":\"").appendDecimal(px(i, skew), PX_SCALE)
                    .append("\",\"last_update_time\":\"");
            clock.appendBlockTime(out);
            out.append("\",\"daily_px\":\"").appendDecimal(pxs[i] - pxs[i] / 100, PX_SCALE).append("\"}]");
        }
        out.append(']');
    }

    private long px(int i, int skew) {
        return pxs[i] + skew * (pxs[i] / 1_000);
    }
}
