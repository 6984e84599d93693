package io.snapline.sidecar.config;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The syntax of durations, sizes and percentages. Each parser returns null when the text is not
 * of its form, and throws with a hint when it is close to a form that is refused on purpose.
 */
final class Units {

    /** Long enough for any retention; short enough that {@link Duration#toNanos()} cannot overflow. */
    static final Duration MAX_DURATION = Duration.ofDays(3650);

    private static final Pattern DURATION = Pattern.compile("(\\d{1,12})\\s*(ms|s|m|h|d)");
    private static final Pattern SIZE = Pattern.compile("(\\d{1,19})\\s*(B|KiB|MiB|GiB|TiB)?");
    // 64MB, 1k, 2G: people mean both 1000 and 1024 by these, so they are refused rather than guessed.
    private static final Pattern AMBIGUOUS_SIZE = Pattern.compile("\\d+\\s*[kKmMgGtT][bB]?");
    private static final Pattern PERCENT = Pattern.compile("(\\d{1,3}(?:\\.\\d{1,6})?)\\s*%");

    private Units() {
    }

    /** {@code 0}, or a whole number with one of ms, s, m, h, d; null when it is not one. */
    static Duration duration(String text) {
        if (text.equals("0")) {
            return Duration.ZERO;
        }
        Matcher matcher = DURATION.matcher(text);
        if (!matcher.matches()) {
            if (text.chars().allMatch(Character::isDigit)) {
                throw new IllegalArgumentException("a duration needs a unit: ms, s, m, h or d");
            }
            return null;
        }
        long amount = Long.parseLong(matcher.group(1));
        ChronoUnit unit = switch (matcher.group(2)) {
            case "ms" -> ChronoUnit.MILLIS;
            case "s" -> ChronoUnit.SECONDS;
            case "m" -> ChronoUnit.MINUTES;
            case "h" -> ChronoUnit.HOURS;
            default -> ChronoUnit.DAYS;
        };
        Duration duration = Duration.of(amount, unit);
        if (duration.compareTo(MAX_DURATION) > 0) {
            throw new IllegalArgumentException("at most " + MAX_DURATION.toDays() + "d");
        }
        return duration;
    }

    /** Bytes, plain or with B, KiB, MiB, GiB or TiB (1024-based); null when it is not a size. */
    static Long size(String text) {
        Matcher matcher = SIZE.matcher(text);
        if (!matcher.matches()) {
            if (AMBIGUOUS_SIZE.matcher(text).matches()) {
                throw new IllegalArgumentException("KB, MB, GB are not accepted; write KiB, MiB or GiB (1024-based)");
            }
            return null;
        }
        String unit = matcher.group(2) == null ? "B" : matcher.group(2);
        int shift = switch (unit) {
            case "KiB" -> 10;
            case "MiB" -> 20;
            case "GiB" -> 30;
            case "TiB" -> 40;
            default -> 0;
        };
        try {
            long amount = Long.parseLong(matcher.group(1));
            if (amount > (Long.MAX_VALUE >> shift)) {
                throw new IllegalArgumentException("too large");
            }
            return amount << shift;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("too large", e);
        }
    }

    /** {@code 75%} or {@code 72.5%}, as a fraction of 100; null when it is not a percentage. */
    static BigDecimal percent(String text) {
        Matcher matcher = PERCENT.matcher(text);
        return matcher.matches() ? new BigDecimal(matcher.group(1)) : null;
    }

    /** How a size is shown back in messages: exact, in the largest unit that divides it. */
    static String formatSize(long bytes) {
        String[] units = {"TiB", "GiB", "MiB", "KiB"};
        for (int i = 0; i < units.length; i++) {
            int shift = 40 - 10 * i;
            if (bytes != 0 && bytes % (1L << shift) == 0) {
                return (bytes >> shift) + units[i];
            }
        }
        return bytes + " bytes";
    }

    /** How a duration is shown back in messages, in the units the file uses. */
    static String formatDuration(Duration duration) {
        long millis = duration.toMillis();
        if (millis == 0) {
            return "0";
        }
        long[] sizes = {86_400_000L, 3_600_000L, 60_000L, 1_000L};
        String[] units = {"d", "h", "m", "s"};
        for (int i = 0; i < sizes.length; i++) {
            if (millis % sizes[i] == 0) {
                return millis / sizes[i] + units[i];
            }
        }
        return millis + "ms";
    }
}
