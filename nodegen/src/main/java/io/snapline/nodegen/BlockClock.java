package io.snapline.nodegen;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.SplittableRandom;

/**
 * The chain as the generated lines see it: a block number that goes up by one per block, the
 * block's time, and the node's local time of writing, which trails the block by a few seconds
 * and never goes back. Block times stay inside the hour being written: the gap between blocks
 * shrinks when an hour must hold more blocks than real ones (about 70 ms apart) would fill.
 */
final class BlockClock {

    /** A block of docs/formats.md's example; the generated chain starts just after it. */
    static final long FIRST_BLOCK = 985_148_189L;

    private static final long NANOS_PER_HOUR = 3_600_000_000_000L;
    private static final long NOMINAL_BLOCK_GAP_NANOS = 70_000_000L;
    /** The node writes a block's events a few seconds after the block's time. */
    private static final long WRITE_DELAY_NANOS = 2_500_000_000L;
    private static final long WRITE_DELAY_SPREAD_NANOS = 500_000_000L;

    private final SplittableRandom random;
    private long blockNumber = FIRST_BLOCK - 1;
    private long blockNanos;
    private long localNanos;
    private long gapNanos = NOMINAL_BLOCK_GAP_NANOS;

    // "YYYY-MM-DDTHH:" of the hour last printed, so a time costs digits, not a date conversion.
    private final AsciiBuffer hourPrefix = new AsciiBuffer(16);
    private long prefixHourStart = Long.MIN_VALUE;

    BlockClock(SplittableRandom random) {
        this.random = random;
    }

    /** Starts the blocks of {@code hour}, which will hold about {@code blocks} of them. */
    void enterHour(NodeHour hour, long blocks) {
        long start = hour.startEpochNanos();
        gapNanos = Math.max(1, Math.min(NOMINAL_BLOCK_GAP_NANOS, NANOS_PER_HOUR / (blocks + 1)));
        // Never back in time: a later start hour only moves the clock forward.
        blockNanos = Math.max(blockNanos, start);
    }

    /** Moves to the next block. */
    void nextBlock() {
        blockNumber++;
        // A gap in [gap/2, gap]: the hour's blocks end before the hour does.
        blockNanos += gapNanos / 2 + random.nextLong(gapNanos / 2 + 1);
        long written = blockNanos + WRITE_DELAY_NANOS + random.nextLong(WRITE_DELAY_SPREAD_NANOS);
        localNanos = Math.max(localNanos + 1_000, written);
    }

    long blockNumber() {
        return blockNumber;
    }

    long blockEpochMillis() {
        return blockNanos / 1_000_000L;
    }

    void appendBlockTime(AsciiBuffer out) {
        appendTime(out, blockNanos);
    }

    void appendLocalTime(AsciiBuffer out) {
        appendTime(out, localNanos);
    }

    /** {@code YYYY-MM-DDTHH:MM:SS.nnnnnnnnn}: naive UTC with nanoseconds, as the node writes times. */
    private void appendTime(AsciiBuffer out, long epochNanos) {
        long hourStart = Math.floorDiv(epochNanos, NANOS_PER_HOUR) * NANOS_PER_HOUR;
        if (hourStart != prefixHourStart) {
            LocalDateTime hour = LocalDateTime.ofEpochSecond(hourStart / 1_000_000_000L, 0, ZoneOffset.UTC);
            hourPrefix.setLength(0);
            hourPrefix.appendPadded(hour.getYear(), 4).append('-').appendPadded(hour.getMonthValue(), 2).append('-')
                    .appendPadded(hour.getDayOfMonth(), 2).append('T').appendPadded(hour.getHour(), 2).append(':');
            prefixHourStart = hourStart;
        }
        long inHour = epochNanos - hourStart;
        long seconds = inHour / 1_000_000_000L;
        out.append(hourPrefix.array(), hourPrefix.length())
                .appendPadded(seconds / 60, 2).append(':').appendPadded(seconds % 60, 2).append('.')
                .appendPadded(inHour % 1_000_000_000L, 9);
    }
}
