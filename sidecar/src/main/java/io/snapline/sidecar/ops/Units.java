package io.snapline.sidecar.ops;

import java.util.Locale;

/** Numbers for people: byte sizes in binary units, durations in h/m/s, counts with k/M. */
final class Units {

    private static final String[] BYTE_UNITS = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};

    private Units() {
    }

    /** {@code 512 B}, {@code 9.5 KiB}, {@code 118 MiB}, {@code 1.2 GiB}: three digits at most. */
    static String bytes(long bytes) {
        if (bytes < 0) {
            return "-" + bytes(bytes == Long.MIN_VALUE ? Long.MAX_VALUE : -bytes);
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
    static String count(double count) {
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

    /** {@code 45s}, {@code 3m05s}, {@code 2h07m}, {@code 3d04h}; {@code --:--} when unknown (negative). */
    static String duration(long seconds) {
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
