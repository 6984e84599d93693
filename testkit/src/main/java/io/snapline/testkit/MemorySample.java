package io.snapline.testkit;

import java.util.ArrayList;
import java.util.List;

/**
 * One reading of a {@link MemorySampler}, taken without forcing a collection.
 *
 * @param elapsedMillis   since sampling started
 * @param heapUsed        heap in use now, garbage included
 * @param heapAfterLastGc heap the collector left in use after its last collection (each heap
 *                        pool's collection usage): near what is reachable, without forcing a GC
 * @param rssBytes        resident set size
 * @param descriptors     open descriptors
 * @param threads         live threads
 */
public record MemorySample(long elapsedMillis, long heapUsed, long heapAfterLastGc, long rssBytes, long descriptors,
                           int threads) {

    private static final double MB = 1024.0 * 1024.0;

    /**
     * At most {@code count} samples, evenly spread from the first to the last, and the range of
     * heap after GC over all: {@code "42 samples, heap after GC 30.1..41.7 MB; 0s: 30.1/55.0/120 …"}.
     */
    static String describe(List<MemorySample> samples, int count) {
        long low = Long.MAX_VALUE;
        long high = Long.MIN_VALUE;
        for (MemorySample sample : samples) {
            low = Math.min(low, sample.heapAfterLastGc());
            high = Math.max(high, sample.heapAfterLastGc());
        }
        List<String> shown = new ArrayList<>();
        int step = Math.max(1, (samples.size() + count - 1) / count);
        for (int i = 0; i < samples.size(); i += step) {
            shown.add(samples.get(i).toShortString());
        }
        if ((samples.size() - 1) % step != 0) {
            shown.add(samples.get(samples.size() - 1).toShortString());
        }
        return String.format("%d, heap after GC %.1f..%.1f MB; [time: heap after GC / heap / rss MB, fds, threads] %s",
                samples.size(), low / MB, high / MB, String.join("  ", shown));
    }

    String toShortString() {
        return String.format("%.1fs: %.1f/%.1f/%.0f, %d, %d", elapsedMillis / 1000.0, heapAfterLastGc / MB,
                heapUsed / MB, rssBytes / MB, descriptors, threads);
    }
}
