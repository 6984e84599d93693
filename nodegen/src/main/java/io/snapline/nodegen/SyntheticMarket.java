package io.snapline.nodegen;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * What the generated events are about: coins with their own price and size precision and a
 * price that wanders, a pool of accounts in which a few dozen busy ones dominate (as market
 * makers dominate the node's order flow), and order and trade ids that only go up.
 */
final class SyntheticMarket {

    /** A coin: its name, decimals of price and size, and where its price is now (a mantissa). */
    static final class Coin {
        final byte[] name;
        final int pxScale;
        final int szScale;
        final boolean spot;
        private final long basePx;
        private final long minSz;
        private final long maxSz;
        private long midPx;

        Coin(String name, int pxScale, long basePx, int szScale, long minSz, long maxSz) {
            this.name = name.getBytes(StandardCharsets.US_ASCII);
            this.pxScale = pxScale;
            this.szScale = szScale;
            this.spot = name.startsWith("@");
            this.basePx = basePx;
            this.midPx = basePx;
            this.minSz = minSz;
            this.maxSz = maxSz;
        }
    }

    private static final int USERS = 1000;
    private static final int BUSY_USERS = 40;

    private final SplittableRandom random;
    // Prices as mantissas: BTC 81295 at scale 0 is "81295.0", SOL 72153 at scale 3 is "72.153".
    private final Coin[] coins = {
        new Coin("BTC", 0, 81_295, 5, 10, 50_000),
        new Coin("ETH", 1, 31_205, 4, 10, 50_000),
        new Coin("SOL", 3, 72_153, 2, 1, 10_000),
        new Coin("HYPE", 3, 38_412, 2, 1, 10_000),
        new Coin("@151", 1, 23_939, 4, 10, 20_000),
        new Coin("kPEPE", 6, 12_345, 0, 100, 500_000),
        new Coin("XRP", 4, 21_834, 0, 1, 20_000),
        new Coin("DOGE", 5, 16_421, 0, 10, 100_000),
    };
    private final byte[][] users = new byte[USERS][];
    private final byte[][] builders = new byte[3][];
    private long nextOid = 412_036_463_097L;
    private long nextTid = 340_554_939_716_632L;

    SyntheticMarket(SplittableRandom random) {
        this.random = random;
        AsciiBuffer hex = new AsciiBuffer(64);
        for (int i = 0; i < users.length; i++) {
            users[i] = address(hex);
        }
        for (int i = 0; i < builders.length; i++) {
            builders[i] = address(hex);
        }
    }

    private byte[] address(AsciiBuffer hex) {
        hex.setLength(0);
        hex.appendHex(random, 20);
        return java.util.Arrays.copyOf(hex.array(), hex.length());
    }

    SplittableRandom random() {
        return random;
    }

    /** BTC and ETH take about half the flow, as on the real exchange. */
    Coin coin() {
        return random.nextInt(100) < 50 ? coins[random.nextInt(2)] : coins[random.nextInt(coins.length)];
    }

    /** A user address, {@code 0x} and 40 hex digits; a quarter of the time from the long tail. */
    byte[] user() {
        return random.nextInt(4) == 0 ? users[random.nextInt(USERS)] : users[random.nextInt(BUSY_USERS)];
    }

    byte[] builder() {
        return builders[random.nextInt(builders.length)];
    }

    /** A price near the coin's mid (within 1%); the mid takes a small random step first. */
    long price(Coin coin) {
        long step = Math.max(1, coin.midPx / 20_000);
        long mid = coin.midPx + (random.nextInt(3) - 1) * step;
        // Wander, but stay within a factor of two of where it started.
        coin.midPx = Math.max(coin.basePx / 2, Math.min(coin.basePx * 2, mid));
        long spread = Math.max(1, coin.midPx / 100);
        return coin.midPx - spread + random.nextLong(2 * spread + 1);
    }

    /** A size, mostly small: skewed towards the coin's minimum. */
    long size(Coin coin) {
        double u = random.nextDouble();
        return coin.minSz + (long) ((coin.maxSz - coin.minSz) * u * u * u);
    }

    /** The next order id: unique and increasing, with gaps for other nodes' orders. */
    long nextOid() {
        nextOid += 1 + random.nextInt(3);
        return nextOid;
    }

    /** An order id seen lately: what a book update or removal refers to. */
    long recentOid() {
        return nextOid - random.nextInt(5_000);
    }

    /** The next trade id: unique and increasing. */
    long nextTid() {
        nextTid += 1 + random.nextInt(1_000);
        return nextTid;
    }
}
