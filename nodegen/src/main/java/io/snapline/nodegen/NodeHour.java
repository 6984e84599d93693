package io.snapline.nodegen;

import io.snapline.tailer.NodeLayout;
import io.snapline.tailer.NodeStream;

import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/**
 * One UTC hour of the node's files, {@code YYYYMMDD/H}: the directory is the date and the file
 * is the hour without zero padding ({@code 20260505/9}), as the node names them.
 */
public record NodeHour(LocalDate day, int hour) {

    private static final DateTimeFormatter DAY = DateTimeFormatter.BASIC_ISO_DATE;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    public NodeHour {
        if (day == null) {
            throw new IllegalArgumentException("day: null");
        }
        if (hour < 0 || hour > 23) {
            throw new IllegalArgumentException("hour must be 0..23; got " + hour);
        }
    }

    /**
     * Parses {@code YYYYMMDD/H}; the hour may be written with or without a leading zero.
     *
     * @throws IllegalArgumentException saying what was expected
     */
    public static NodeHour parse(String text) {
        int slash = text.indexOf('/');
        String hourText = slash < 0 ? "" : text.substring(slash + 1);
        if (slash != 8 || hourText.isEmpty() || hourText.length() > 2 || !hourText.chars().allMatch(Character::isDigit)) {
            throw new IllegalArgumentException("'" + text + "' is not an hour as YYYYMMDD/H (e.g. 20260505/9)");
        }
        LocalDate day;
        try {
            day = LocalDate.parse(text.substring(0, 8), DAY);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + text + "': " + text.substring(0, 8) + " is not a date as YYYYMMDD", e);
        }
        int hour = Integer.parseInt(hourText);
        if (hour > 23) {
            throw new IllegalArgumentException("'" + text + "': the hour must be 0..23");
        }
        return new NodeHour(day, hour);
    }

    /** The UTC hour {@code clock} is in. */
    public static NodeHour current(Clock clock) {
        ZonedDateTime now = ZonedDateTime.now(clock.withZone(ZoneOffset.UTC)).truncatedTo(ChronoUnit.HOURS);
        return new NodeHour(now.toLocalDate(), now.getHour());
    }

    /** The hour after this one, into the next day after 23. */
    public NodeHour next() {
        return hour == 23 ? new NodeHour(day.plusDays(1), 0) : new NodeHour(day, hour + 1);
    }

    /** {@code <root>/<stream><layout suffix>/hourly/YYYYMMDD/H}. */
    public Path file(Path nodeDataRoot, NodeStream stream, NodeLayout layout) {
        return nodeDataRoot.resolve(layout.directoryName(stream)).resolve("hourly").resolve(day.format(DAY))
                .resolve(Integer.toString(hour));
    }

    /** The hour's first instant, in nanoseconds since the epoch. */
    public long startEpochNanos() {
        return day.atTime(hour, 0).toEpochSecond(ZoneOffset.UTC) * NANOS_PER_SECOND;
    }

    @Override
    public String toString() {
        return day.format(DAY) + "/" + hour;
    }
}
