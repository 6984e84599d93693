package io.snapline.nodegen;

import java.util.SplittableRandom;

/**
 * System and CoreWriter actions: {@code user, nonce, evm_tx_hash, action{type, …}}. Most are
 * system transfers between HyperCore and HyperEVM, whose {@code wei} amounts are raw integers of
 * up to 18 decimals: over a third exceed 64 bits. The rest are CoreWriter orders, written
 * in the exchange API's short-key form.
 */
final class SystemActionEvents implements EventWriter {

    private final SyntheticMarket market;
    private final SplittableRandom random;
    private long nonce = 2_153_263L;

    SystemActionEvents(SyntheticMarket market) {
        this.market = market;
        this.random = market.random();
    }

    @Override
    public void append(AsciiBuffer out, EventDefect defect) {
        nonce += 1 + random.nextInt(20);
        out.append('{');
        EventWriter.appendRequired(out, "user", market.user(), defect);
        out.append("\"nonce\":").append(nonce)
                .append(",\"evm_tx_hash\":\"").appendHex(random, 32).append("\",\"action\":{");
        int kind = random.nextInt(10);
        if (kind < 5) {
            out.append("\"type\":\"SystemSendAssetAction\",\"destination\":\"").append(market.user())
                    .append("\",\"fromSubAccount\":null,\"sourceDexOrSpot\":").append(random.nextInt(3))
                    .append(",\"destinationDexOrSpot\":0,\"token\":").append(random.nextInt(400))
                    .append(",\"wei\":");
            appendWei(out);
        } else if (kind < 7) {
            out.append("\"type\":\"SystemSpotSendAction\",\"destination\":\"").append(market.user())
                    .append("\",\"token\":").append(random.nextInt(400)).append(",\"wei\":");
            appendWei(out);
        } else {
            SyntheticMarket.Coin coin = market.coin();
            out.append("\"type\":\"order\",\"orders\":[{\"a\":").append(random.nextInt(200))
                    .append(",\"b\":").append(random.nextBoolean())
                    .append(",\"p\":\"").appendDecimal(market.price(coin), coin.pxScale)
                    .append("\",\"s\":\"").appendDecimal(market.size(coin), coin.szScale)
                    .append("\",\"r\":").append(random.nextInt(10) == 0)
                    .append(",\"t\":{\"limit\":{\"tif\":\"").append(random.nextBoolean() ? "Ioc" : "Gtc")
                    .append("\"}}}],\"grouping\":\"na\"");
        }
        out.append("}}");
    }

    /**
     * An integer amount in a token's smallest unit: up to 30 digits, so that over a third of them
     * are beyond {@code long} (19 digits), written digit by digit.
     */
    private void appendWei(AsciiBuffer out) {
        int digits = 1 + random.nextInt(30);
        out.append((char) ('1' + random.nextInt(9)));
        for (int i = 1; i < digits; i++) {
            out.append((char) ('0' + random.nextInt(10)));
        }
    }
}
