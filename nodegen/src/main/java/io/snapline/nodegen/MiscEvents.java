package io.snapline.nodegen;

import java.util.SplittableRandom;

/**
 * Misc events: {@code time, hash, inner{KIND: …}}, a tagged union whose shapes differ by kind.
 * Ledger updates of several delta types are the most common; funding distributions carry many
 * deltas with snake_case names; staking deposits, delegations and validator rewards come now and
 * then. System events (funding, rewards) have an all-zero hash.
 */
final class MiscEvents implements EventWriter {

    private static final String ZERO_HASH = "0x" + "0".repeat(64);
    private static final int USDC_SCALE = 6;
    /** HYPE staking amounts are integers in units of 10^-8. */
    private static final long HYPE_UNIT = 100_000_000L;

    private final SyntheticMarket market;
    private final BlockClock clock;
    private final SplittableRandom random;

    MiscEvents(SyntheticMarket market, BlockClock clock) {
        this.market = market;
        this.clock = clock;
        this.random = market.random();
    }

    @Override
    public void append(AsciiBuffer out, EventDefect defect) {
        int kind = random.nextInt(100);
        boolean system = kind >= 60 && kind < 75 || kind >= 95;
        out.append('{');
        // time is what every misc event requires: the one field a defect spoils.
        if (EventWriter.openRequired(out, "time", defect)) {
            clock.appendBlockTime(out);
            EventWriter.closeRequired(out, defect);
        }
        out.append("\"hash\":\"");
        if (system) {
            out.append(ZERO_HASH);
        } else {
            out.appendHex(random, 32);
        }
        out.append("\",\"inner\":{");
        if (kind < 60) {
            ledgerUpdate(out);
        } else if (kind < 75) {
            funding(out);
        } else if (kind < 85) {
            out.append("\"CDeposit\":{\"user\":\"").append(market.user()).append("\",\"amount\":")
                    .append(1 + random.nextLong(10_000 * HYPE_UNIT)).append('}');
        } else if (kind < 95) {
            out.append("\"Delegation\":{\"user\":\"").append(market.user()).append("\",\"validator\":\"")
                    .append(market.builder()).append("\",\"amount\":").append(1 + random.nextLong(1_000 * HYPE_UNIT))
                    .append(",\"is_undelegate\":").append(random.nextInt(4) == 0).append('}');
        } else {
            out.append("\"ValidatorRewards\":{\"validator_to_reward\":[");
            for (int i = 0; i < 3; i++) {
                out.append(i > 0 ? "," : "").append("[\"").append(market.builder()).append("\",\"")
                        .appendDecimal(random.nextLong(100 * HYPE_UNIT), 8).append("\"]");
            }
            out.append("]}");
        }
        out.append("}}");
    }

    private void ledgerUpdate(AsciiBuffer out) {
        byte[] user = market.user();
        byte[] other = market.user();
        out.append("\"LedgerUpdate\":{\"users\":[\"").append(user).append('"');
        switch (random.nextInt(6)) {
            case 0, 1 -> out.append("],\"delta\":{\"type\":\"deposit\",\"usdc\":\"").appendDecimal(usdc(), USDC_SCALE)
                    .append('"');
            case 2 -> out.append("],\"delta\":{\"type\":\"withdraw\",\"usdc\":\"").appendDecimal(usdc(), USDC_SCALE)
                    .append("\",\"nonce\":").append(clock.blockEpochMillis()).append(",\"fee\":\"1.0\"");
            case 3 -> {
                out.append(",\"").append(other).append("\"],\"delta\":{\"type\":\"send\",\"user\":\"").append(user)
                        .append("\",\"destination\":\"").append(other).append("\",\"token\":\"USDC\",\"amount\":\"")
                        .appendDecimal(usdc(), USDC_SCALE).append("\",\"usdcValue\":\"").appendDecimal(usdc(), USDC_SCALE)
                        .append("\",\"fee\":\"0.0\",\"nativeTokenFee\":\"0.0\",\"nonce\":").append(clock.blockEpochMillis());
            }
            case 4 -> {
                out.append(",\"").append(other).append("\"],\"delta\":{\"type\":\"spotTransfer\",\"token\":\"HYPE\",")
                        .append("\"amount\":\"").appendDecimal(random.nextLong(100 * HYPE_UNIT), 8)
                        .append("\",\"usdcValue\":\"").appendDecimal(usdc(), USDC_SCALE)
                        .append("\",\"user\":\"").append(user).append("\",\"destination\":\"").append(other)
                        .append("\",\"fee\":\"0.0\",\"nativeTokenFee\":\"0.0\",\"nonce\":").append(clock.blockEpochMillis());
            }
            default -> out.append("],\"delta\":{\"type\":\"liquidation\",\"liquidatedNtlPos\":\"")
                    .appendDecimal(usdc(), USDC_SCALE).append("\",\"accountValue\":\"").appendDecimal(usdc(), USDC_SCALE)
                    .append("\",\"leverageType\":\"Cross\",\"liquidatedPositions\":[{\"coin\":\"")
                    .append(market.coin().name).append("\",\"szi\":\"-").appendDecimal(usdc(), 4).append("\"}]");
        }
        out.append("}}");
    }

    /** A funding distribution: one delta per position, with the node's snake_case names. */
    private void funding(AsciiBuffer out) {
        out.append("\"Funding\":{\"deltas\":[");
        for (int i = 0, n = 2 + random.nextInt(20); i < n; i++) {
            SyntheticMarket.Coin coin = market.coin();
            long szi = (random.nextBoolean() ? 1 : -1) * market.size(coin);
            out.append(i > 0 ? "," : "").append("{\"user\":\"").append(market.user())
                    .append("\",\"coin\":\"").append(coin.name)
                    .append("\",\"funding_amount\":\"").appendDecimal(-szi * (1 + random.nextInt(1000)), USDC_SCALE)
                    .append("\",\"szi\":\"").appendDecimal(szi, coin.szScale)
                    .append("\",\"funding_rate\":\"0.0000").append(1 + random.nextInt(99)).append("\"}");
        }
        out.append("]}");
    }

    private long usdc() {
        return 1 + random.nextLong(1_000_000L * 1_000_000L);
    }
}
