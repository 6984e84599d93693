package io.snapline.sidecar.config;

/**
 * Memory thresholds, already in bytes; 0 turns that check off. Percentages in the file are
 * resolved against the maximum heap when the config is loaded.
 *
 * @param heapWarningBytes   used heap above which a warning is logged
 * @param heapCriticalBytes  used heap above which the reader waits (intake slows) until it falls
 * @param rssWarningBytes    process resident set size above which a warning is logged
 * @param rssCriticalBytes   resident set size above which the reader waits
 * @param maxHeapBytes       the max heap the heap rules were judged against: {@code memory.max_heap},
 *                           or the loading JVM's when it is not set
 * @param maxHeapConfigured  whether that heap was {@code memory.max_heap} (check and run then agree)
 */
public record MemorySettings(long heapWarningBytes, long heapCriticalBytes, long rssWarningBytes,
                             long rssCriticalBytes, long maxHeapBytes, boolean maxHeapConfigured) {

    public MemorySettings {
        if (heapWarningBytes < 0 || heapCriticalBytes < 0 || rssWarningBytes < 0 || rssCriticalBytes < 0) {
            throw new IllegalArgumentException("memory thresholds must be 0 (off) or positive");
        }
        if (maxHeapBytes <= 0) {
            throw new IllegalArgumentException("max heap must be positive; got " + maxHeapBytes);
        }
    }
}
