package io.snapline.tailer;

import java.time.Duration;

/**
 * The tailer's knobs. Defaults suit a node: by-block lines are routinely megabytes, and the
 * previous hour's file can still receive writes for a while after the next one appears.
 *
 * @param maxLineLength      longest line handed on whole (terminator excluded); longer ones are
 *                           reported with their length and first bytes, and skipped
 * @param readBufferSize     initial size of the one read buffer; it grows (up to
 *                           {@code maxLineLength + 2}) only for a line that does not fit
 * @param tooLongHeadBytes   how many first bytes of an over-long line are kept in its report
 * @param rolloverGrace      how long a file that is no longer the newest (or was deleted) stays
 *                           open while idle, for late writes
 * @param readBudgetBytes    bytes read from one file per poll before the read stops at the next
 *                           line end, so one large backlog file cannot starve the other files or
 *                           delay a shutdown; a single line longer than the budget is still read
 *                           whole (up to {@code maxLineLength}), or a long line would never finish
 * @param discoveryInterval  how often directories are listed when no watch event asked for it
 * @param startAt            where to start in files that existed at a first start (no positions)
 * @param followSymlinks     whether a symbolic link in a sequence is read (wherever it points);
 *                           by default only regular files really under the sequence's root are
 */
public record TailerConfig(
        int maxLineLength,
        int readBufferSize,
        int tooLongHeadBytes,
        Duration rolloverGrace,
        long readBudgetBytes,
        Duration discoveryInterval,
        StartAt startAt,
        boolean followSymlinks) {

    /** Where a file the tailer has no position for starts, on the tailer's first start. */
    public enum StartAt {
        /** Read every existing file from its first byte. */
        BEGINNING,
        /** Skip what existing files hold now (up to their last whole line); read what comes next. */
        END
    }

    public static final int DEFAULT_MAX_LINE_LENGTH = 64 << 20;

    public TailerConfig {
        require(maxLineLength > 0, "maxLineLength", "a positive number of bytes", maxLineLength);
        require(maxLineLength <= Integer.MAX_VALUE - 16, "maxLineLength", "at most 2 GiB", maxLineLength);
        require(readBufferSize >= 16, "readBufferSize", "at least 16 bytes", readBufferSize);
        require(tooLongHeadBytes >= 0, "tooLongHeadBytes", "zero or more bytes", tooLongHeadBytes);
        require(!rolloverGrace.isNegative(), "rolloverGrace", "zero or a positive duration", rolloverGrace);
        require(readBudgetBytes > 0, "readBudgetBytes", "a positive number of bytes", readBudgetBytes);
        require(!discoveryInterval.isNegative(), "discoveryInterval", "zero or a positive duration",
                discoveryInterval);
        require(startAt != null, "startAt", "BEGINNING or END", startAt);
    }

    public static TailerConfig defaults() {
        return new TailerConfig(DEFAULT_MAX_LINE_LENGTH, 1 << 20, 64 << 10, Duration.ofSeconds(30),
                16L << 20, Duration.ofSeconds(1), StartAt.BEGINNING, false);
    }

    public TailerConfig withMaxLineLength(int value) {
        return new TailerConfig(value, readBufferSize, tooLongHeadBytes, rolloverGrace, readBudgetBytes,
                discoveryInterval, startAt, followSymlinks);
    }

    public TailerConfig withReadBufferSize(int value) {
        return new TailerConfig(maxLineLength, value, tooLongHeadBytes, rolloverGrace, readBudgetBytes,
                discoveryInterval, startAt, followSymlinks);
    }

    public TailerConfig withTooLongHeadBytes(int value) {
        return new TailerConfig(maxLineLength, readBufferSize, value, rolloverGrace, readBudgetBytes,
                discoveryInterval, startAt, followSymlinks);
    }

    public TailerConfig withRolloverGrace(Duration value) {
        return new TailerConfig(maxLineLength, readBufferSize, tooLongHeadBytes, value, readBudgetBytes,
                discoveryInterval, startAt, followSymlinks);
    }

    public TailerConfig withReadBudgetBytes(long value) {
        return new TailerConfig(maxLineLength, readBufferSize, tooLongHeadBytes, rolloverGrace, value,
                discoveryInterval, startAt, followSymlinks);
    }

    public TailerConfig withDiscoveryInterval(Duration value) {
        return new TailerConfig(maxLineLength, readBufferSize, tooLongHeadBytes, rolloverGrace, readBudgetBytes,
                value, startAt, followSymlinks);
    }

    public TailerConfig withStartAt(StartAt value) {
        return new TailerConfig(maxLineLength, readBufferSize, tooLongHeadBytes, rolloverGrace, readBudgetBytes,
                discoveryInterval, value, followSymlinks);
    }

    public TailerConfig withFollowSymlinks(boolean value) {
        return new TailerConfig(maxLineLength, readBufferSize, tooLongHeadBytes, rolloverGrace, readBudgetBytes,
                discoveryInterval, startAt, value);
    }

    private static void require(boolean ok, String key, String expected, Object actual) {
        if (!ok) {
            throw new IllegalArgumentException("tailer." + key + ": expected " + expected + ", got " + actual);
        }
    }
}
