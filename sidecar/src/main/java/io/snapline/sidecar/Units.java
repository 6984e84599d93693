package io.snapline.sidecar;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sizes, durations, percentages and counts as text, for the whole sidecar. Three groups:
 * <ul>
 *   <li>{@code parse*}: the config file's syntax. Each returns null when the text is not of its
 *       form, and throws with a hint when it is close to a form that is refused on purpose.
 *   <li>{@code exact*}: a value shown back in a config message, exactly and in that same syntax,
 *       so it can be pasted into the file ({@code 64KiB}, {@code 90s}).
 *   <li>{@code rounded*}: a value in a log line or the progress bar, cut to about three digits
 *       ({@code 1.2 GiB}, {@code 182k}) or two units ({@code 3m05s}), the rest being noise there.
 * </ul>
 */
public final class Units {

    /** Long enough for any retention; short enough that {@link Duration#toNanos()} cannot overflow. */
    private static final Duration MAX_DURATION = Duration.ofDays(3650);

    private static final Pattern DURATION = Pattern.compile("(\\d{1,12})\\s*(ms|s|m|h|d)");
    private static final Pattern SIZE = Pattern.compile("(\\d{1,19})\\s*(B|KiB|MiB|GiB|TiB)?");
    // 64MB, 1k, 2G: people mean both 1000 and 1024 by these, so they are refused rather than guessed.
    private static final Pattern AMBIGUOUS_SIZE = Pattern.compile("\\d+\\s*[kKmMgGtT][bB]?");
    private static final Pattern PERCENT = Pattern.compile("(\\d{1,3}(?:\\.\\d{1,6})?)\\s*%");

    private static final String[] BYTE_UNITS = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};

    private Units() {
    }

    // ---- the config file's syntax ---------------------------------------------------------------

    /** {@code 0}, or a whole number with one of ms, s, m, h, d; null when it is not one. */
    public static Duration parseDuration(String text) {
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
    public static Long parseSize(String text) {
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
    public static BigDecimal parsePercent(String text) {
        Matcher matcher = PERCENT.matcher(text);
        return matcher.matches() ? new BigDecimal(matcher.group(1)) : null;
    }

    // ---- exact, in the config file's syntax -----------------------------------------------------

    /** {@code 64KiB}: exact, in the largest unit that divides it; {@code 1000 bytes} otherwise. */
    public static String exactSize(long bytes) {
        String[] units = {"TiB", "GiB", "MiB", "KiB"};
        for (int i = 0; i < units.length; i++) {
            int shift = 40 - 10 * i;
            if (bytes != 0 && bytes % (1L << shift) == 0) {
                return (bytes >> shift) + units[i];
            }
        }
        return bytes + " bytes";
    }

    /** {@code 2d}, {@code 90s}, {@code 1500ms}: exact, in the largest unit that divides it. */
    public static String exactDuration(Duration duration) {
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

    // ---- rounded, for status lines --------------------------------------------------------------

    /** {@code 512 B}, {@code 9.5 KiB}, {@code 118 MiB}, {@code 1.2 GiB}: binary units, three digits at most. */
    public static String roundedSize(long bytes) {
        if (bytes < 0) {
            return "-" + roundedSize(bytes == Long.MIN_VALUE ? Long.MAX_VALUE : -bytes);
        }
        if (bytes < 1000) {
            return bytes + " B";
        }
        int unit = 0;
        double value = bytes;
        // Past 999.5 the next unit: 1000 KiB prints as 1.0 MiB, never as four digits.
        while (value >= 999.5 && unit < BYTE_UNITS.length - 1) {
            value /= 1024;
            unit++;
        }
        return scaled(value) + " " + BYTE_UNITS[unit];
    }

    /** {@code 950}, {@code 12k}, {@code 182k}, {@code 4.1M}: for rates where the digits past three are noise. */
    public static String roundedCount(double count) {
        if (count < 999.5) {
            return String.format(Locale.ROOT, "%.0f", count);
        }
        if (count < 999_500) {
            return scaled(count / 1000) + "k";
        }
        if (count < 999_500_000) {
            return scaled(count / 1_000_000) + "M";
        }
        return scaled(count / 1_000_000_000) + "G";
    }

    /** {@code 45s}, {@code 3m05s}, {@code 2h07m}, {@code 3d04h}: two units; {@code --:--} when unknown (negative). */
    public static String roundedDuration(long seconds) {
        if (seconds < 0) {
            return "--:--";
        }
        if (seconds < 60) {
            return seconds + "s";
        }
        if (seconds < 3600) {
            return String.format(Locale.ROOT, "%dm%02ds", seconds / 60, seconds % 60);
        }
        if (seconds < 86_400) {
            return String.format(Locale.ROOT, "%dh%02dm", seconds / 3600, seconds % 3600 / 60);
        }
        return String.format(Locale.ROOT, "%dd%02dh", seconds / 86_400, seconds % 86_400 / 3600);
    }

    /** One decimal below 10 (rounded, so 9.96 becomes 10), none above: two significant digits are enough. */
    private static String scaled(double value) {
        return value < 9.95 ? String.format(Locale.ROOT, "%.1f", value) : String.format(Locale.ROOT, "%.0f", value);
    }
}
