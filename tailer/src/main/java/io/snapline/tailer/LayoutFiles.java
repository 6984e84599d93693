package io.snapline.tailer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What one discovery saw of one layout of a stream: the hour keys of its files, oldest first, and
 * when its newest file was last modified. File names, sizes and times only: the tailer reads no JSON
 * to tell which layout the node is writing.
 *
 * @param files                the files, oldest first
 * @param hours                hour keys ({@code YYYYMMDD * 100 + H}), ascending; empty when none
 * @param newestModifiedNanos  the newest file's modification time, nanoseconds since the epoch
 */
record LayoutFiles(NodeLayout layout, List<Path> files, long[] hours, long newestModifiedNanos) {

    static LayoutFiles none(NodeLayout layout) {
        return new LayoutFiles(layout, List.of(), new long[0], Long.MIN_VALUE);
    }

    /** From a listing of the layout's sequence, oldest first; one {@code stat}, of the newest file. */
    static LayoutFiles of(NodeLayout layout, List<Path> files) {
        if (files.isEmpty()) {
            return none(layout);
        }
        long[] hours = new long[files.size()];
        for (int i = 0; i < hours.length; i++) {
            hours[i] = HourlyFileSequence.orderKey(files.get(i));
        }
        return new LayoutFiles(layout, List.copyOf(files), hours, modifiedNanos(files.get(files.size() - 1)));
    }

    /** The file's modification time; {@link Long#MIN_VALUE} if gone or unreadable (its hour still counts). */
    static long modifiedNanos(Path file) {
        try {
            return Files.getLastModifiedTime(file).to(TimeUnit.NANOSECONDS);
        } catch (IOException e) {
            return Long.MIN_VALUE;
        }
    }

    /** The modification time of the file of {@code hour}, or {@link Long#MIN_VALUE} if there is none. */
    long modifiedNanosOf(long hour) {
        for (int i = hours.length - 1; i >= 0; i--) {
            if (hours[i] == hour) {
                return i == hours.length - 1 ? newestModifiedNanos : modifiedNanos(files.get(i));
            }
        }
        return Long.MIN_VALUE;
    }

    boolean isEmpty() {
        return hours.length == 0;
    }

    long firstHour() {
        return hours[0];
    }

    long newestHour() {
        return hours[hours.length - 1];
    }

    /** The newest hour below {@code cutoff}, or {@link Long#MIN_VALUE} if there is none. */
    long newestHourBelow(long cutoff) {
        for (int i = hours.length - 1; i >= 0; i--) {
            if (hours[i] < cutoff) {
                return hours[i];
            }
        }
        return Long.MIN_VALUE;
    }
}
