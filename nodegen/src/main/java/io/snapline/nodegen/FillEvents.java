package io.snapline.nodegen;

import io.snapline.nodegen.SyntheticMarket.Coin;

import java.util.SplittableRandom;

/**
 * Fills as the node writes them: {@code [user, fill]} pairs. The optional fields vary as in real
 * output: {@code cloid} is left out (not null) when the order had none, a few fills carry a
 * {@code liquidation} or a {@code builderFee}.
 */
final class FillEvents implements EventWriter {

    /** USDC amounts (fees, PnL) are written with up to six decimals. */
    private static final int USDC_SCALE = 6;

    private final SyntheticMarket market;
    private final BlockClock clock;
    private final SplittableRandom random;

    FillEvents(SyntheticMarket market, BlockClock clock) {
        this.market = market;
        this.clock = clock;
        this.random = market.random();
    }

    @Override
    public void append(AsciiBuffer out, EventDefect defect) {
        Coin coin = market.coin();
        long px = market.price(coin);
        long sz = market.size(coin);
        boolean buy = random.nextBoolean();
        // Where the position stood before the fill: flat a third of the time.
        long startPosition = random.nextInt(3) == 0 ? 0 : (random.nextBoolean() ? 1 : -1) * market.size(coin) * 3;
        boolean closing = buy ? startPosition < 0 : startPosition > 0;
        boolean crossed = random.nextInt(3) == 0;
        double notional = px / pow10(coin.pxScale) * (sz / pow10(coin.szScale));
        // Takers pay 4.5 bp; makers pay a little or get a rebate.
        double feeRate = crossed ? 0.00045 : 0.00015 - 0.0002 * random.nextDouble();

        out.append("[\"").append(market.user()).append("\",{");
        EventWriter.appendCoin(out, coin, defect);
        out.append("\"px\":\"").appendDecimal(px, coin.pxScale)
                .append("\",\"sz\":\"").appendDecimal(sz, coin.szScale)
                .append("\",\"side\":\"").append(buy ? 'B' : 'A')
                .append("\",\"time\":").append(clock.blockEpochMillis())
                .append(",\"startPosition\":\"").appendDecimal(startPosition, coin.szScale)
                .append("\",\"dir\":\"").append(direction(coin, buy, startPosition))
                .append("\",\"closedPnl\":\"");
        if (closing) {
            out.appendDecimal(Math.round(notional * (random.nextDouble() - 0.5) * 0.02 * pow10(USDC_SCALE)), USDC_SCALE);
        } else {
            out.append("0.0");
        }
        out.append("\",\"hash\":\"").appendHex(random, 32)
                .append("\",\"oid\":").append(market.recentOid())
                .append(",\"crossed\":").append(crossed)
                .append(",\"fee\":\"").appendDecimal(Math.round(notional * feeRate * pow10(USDC_SCALE)), USDC_SCALE)
                .append("\",\"tid\":").append(market.nextTid());
        if (random.nextBoolean()) {
            out.append(",\"cloid\":\"").appendHex(random, 16).append('"');
        }
        if (random.nextInt(100) == 0) {
            out.append(",\"liquidation\":{\"liquidatedUser\":\"").append(market.user())
                    .append("\",\"markPx\":\"").appendDecimal(market.price(coin), coin.pxScale)
                    .append("\",\"method\":\"").append(random.nextBoolean() ? "market" : "backstop").append("\"}");
        }
        out.append(",\"feeToken\":\"USDC\",\"twapId\":");
        if (random.nextInt(50) == 0) {
            out.append(100_000 + random.nextInt(900_000));
        } else {
            out.append("null");
        }
        if (random.nextInt(20) == 0) {
            out.append(",\"builderFee\":\"").appendDecimal(Math.round(notional * 0.0001 * pow10(USDC_SCALE)), USDC_SCALE)
                    .append('"');
        }
        out.append("}]");
    }

    private static String direction(Coin coin, boolean buy, long startPosition) {
        if (coin.spot) {
            return buy ? "Buy" : "Sell";
        }
        if (buy) {
            return startPosition < 0 ? "Close Short" : "Open Long";
        }
        return startPosition > 0 ? "Close Long" : "Open Short";
    }

    private static double pow10(int scale) {
        double value = 1;
        for (int i = 0; i < scale; i++) {
            value *= 10;
        }
        return value;
    }
}
