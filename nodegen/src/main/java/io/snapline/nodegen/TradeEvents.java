package io.snapline.nodegen;

import io.snapline.nodegen.SyntheticMarket.Coin;

import java.util.SplittableRandom;

/**
 * Trades as the node writes them (no envelope): the trade and its two sides in
 * {@code side_info}, each with the account's position before the trade.
 */
final class TradeEvents implements EventWriter {

    /** Spot balances carry many decimals ({@code "1166.565307356"}). */
    private static final int SPOT_POSITION_SCALE = 9;

    private final SyntheticMarket market;
    private final BlockClock clock;
    private final SplittableRandom random;

    TradeEvents(SyntheticMarket market, BlockClock clock) {
        this.market = market;
        this.clock = clock;
        this.random = market.random();
    }

    @Override
    public void append(AsciiBuffer out, EventDefect defect) {
        Coin coin = market.coin();
        out.append('{');
        EventWriter.appendCoin(out, coin, defect);
        out.append("\"side\":\"").append(random.nextBoolean() ? 'B' : 'A').append("\",\"time\":\"");
        clock.appendBlockTime(out);
        out.append("\",\"px\":\"").appendDecimal(market.price(coin), coin.pxScale)
                .append("\",\"sz\":\"").appendDecimal(market.size(coin), coin.szScale)
                .append("\",\"hash\":\"").appendHex(random, 32)
                .append("\",\"trade_dir_override\":\"Na\",\"side_info\":[");
        appendSide(out, coin, market.recentOid());
        out.append(',');
        appendSide(out, coin, market.nextOid());
        out.append("]}");
    }

    private void appendSide(AsciiBuffer out, Coin coin, long oid) {
        out.append("{\"user\":\"").append(market.user()).append("\",\"start_pos\":\"");
        if (coin.spot) {
            out.appendDecimal(random.nextLong(10_000L * 1_000_000_000L), SPOT_POSITION_SCALE);
        } else {
            out.appendDecimal((random.nextBoolean() ? 1 : -1) * market.size(coin) * 4, coin.szScale);
        }
        out.append("\",\"oid\":").append(oid).append(",\"twap_id\":null,\"cloid\":");
        if (random.nextBoolean()) {
            out.append('"').appendHex(random, 16).append('"');
        } else {
            out.append("null");
        }
        out.append('}');
    }
}
