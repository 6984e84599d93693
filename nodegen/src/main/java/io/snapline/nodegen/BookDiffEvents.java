package io.snapline.nodegen;

import io.snapline.nodegen.SyntheticMarket.Coin;

import java.util.SplittableRandom;

/**
 * Raw book diffs: a new resting order, a size update of a recent one, or its removal (the bare
 * string {@code "remove"}); new orders are the most common, updates the least.
 */
final class BookDiffEvents implements EventWriter {

    private final SyntheticMarket market;
    private final SplittableRandom random;

    BookDiffEvents(SyntheticMarket market) {
        this.market = market;
        this.random = market.random();
    }

    @Override
    public void append(AsciiBuffer out, EventDefect defect) {
        Coin coin = market.coin();
        int kind = random.nextInt(100);
        boolean isNew = kind < 45;
        out.append("{\"user\":\"").append(market.user())
                .append("\",\"oid\":").append(isNew ? market.nextOid() : market.recentOid()).append(',');
        EventWriter.appendCoin(out, coin, defect);
        out.append("\"side\":\"").append(random.nextBoolean() ? 'B' : 'A')
                .append("\",\"px\":\"").appendDecimal(market.price(coin), coin.pxScale)
                .append("\",\"raw_book_diff\":");
        if (isNew) {
            out.append("{\"new\":{\"sz\":\"").appendDecimal(market.size(coin), coin.szScale).append("\"}}");
        } else if (kind < 85) {
            out.append("\"remove\"");
        } else {
            long origSz = market.size(coin) + 1;
            out.append("{\"update\":{\"origSz\":\"").appendDecimal(origSz, coin.szScale)
                    .append("\",\"newSz\":\"").appendDecimal(random.nextLong(origSz), coin.szScale).append("\"}}");
        }
        out.append('}');
    }
}
