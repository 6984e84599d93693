package io.snapline.sidecar.config;

import io.snapline.sidecar.Units;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;

/**
 * {@code memory}: heap and RSS thresholds. Heap ones may be a percentage of the max heap, resolved
 * here; a threshold above the max heap could never be reached, so it is refused rather than left
 * to silently switch the check off.
 */
final class MemorySection {

    static final List<String> KEYS = List.of("max_heap", "heap_warning", "heap_critical", "rss_warning", "rss_critical");
    /** Below this no engine runs: the ring alone at its smallest takes some MiB. */
    static final long MIN_MAX_HEAP = 16L << 20;

    static final BigDecimal DEFAULT_HEAP_WARNING_PERCENT = new BigDecimal(75);
    static final BigDecimal DEFAULT_HEAP_CRITICAL_PERCENT = new BigDecimal(90);

    private MemorySection() {
    }

    /**
     * The heap every heap rule is judged against: {@code max_heap} when given, this JVM's
     * otherwise. In {@code run}, a JVM with less heap than {@code max_heap} is an error at that
     * key: its verdicts would not be the ones {@code check} gave. Some collectors report a little
     * less than {@code -Xmx} (Parallel GC leaves out a survivor space: 455.5 MiB of 512 MiB), so
     * an eighth less is still taken for the same heap.
     */
    static long judgedMaxHeap(YamlMap memory, JvmHeap jvm) {
        memory.allowOnly(KEYS);
        Long configured = memory.get("max_heap").flatMap(value -> value.size(MIN_MAX_HEAP, Long.MAX_VALUE / 2))
                .orElse(null);
        if (configured == null) {
            return jvm.maxHeapBytes();
        }
        if (jvm.runsEngine() && jvm.maxHeapBytes() < configured - configured / 8) {
            memory.error("max_heap", "expected the max heap this JVM was started with (-Xmx), "
                    + Units.exactSize(jvm.maxHeapBytes()) + ", got " + Units.exactSize(configured)
                    + ": start run with -Xmx" + javaSize(configured) + ", or set max_heap to the -Xmx run is given,"
                    + " so that check and run judge the heap rules alike");
        }
        return configured;
    }

    /** {@code 512m}: the -Xmx spelling of a size, rounded up to whole MiB. */
    private static String javaSize(long bytes) {
        return (bytes % (1L << 30) == 0) ? (bytes >> 30) + "g" : ((bytes + (1L << 20) - 1) >> 20) + "m";
    }

    static MemorySettings read(YamlMap memory, long maxHeapBytes) {
        long heapWarning = heap(memory, "heap_warning", maxHeapBytes, DEFAULT_HEAP_WARNING_PERCENT);
        long heapCritical = heap(memory, "heap_critical", maxHeapBytes, DEFAULT_HEAP_CRITICAL_PERCENT);
        long rssWarning = rss(memory, "rss_warning");
        long rssCritical = rss(memory, "rss_critical");
        ordered(memory, "heap_warning", heapWarning, "heap_critical", heapCritical);
        ordered(memory, "rss_warning", rssWarning, "rss_critical", rssCritical);
        return new MemorySettings(heapWarning, heapCritical, rssWarning, rssCritical, maxHeapBytes,
                memory.has("max_heap"));
    }

    /** Resolves a percentage against the max heap now: the heap's limit is fixed for the JVM's life. */
    static long percentOf(long maxHeapBytes, BigDecimal percent) {
        return new BigDecimal(maxHeapBytes).multiply(percent).divide(new BigDecimal(100), 0, RoundingMode.DOWN)
                .longValueExact();
    }

    private static long heap(YamlMap memory, String key, long maxHeapBytes, BigDecimal defaultPercent) {
        String expected = "a percentage of the max heap (" + Units.exactSize(maxHeapBytes) + ") such as 75%,"
                + " or a size up to it such as 512MiB; 0 turns the check off";
        return memory.get(key).flatMap(value -> value.as(expected, text -> {
            BigDecimal percent = Units.parsePercent(text);
            if (percent != null) {
                return percent.compareTo(new BigDecimal(100)) > 0 ? null : percentOf(maxHeapBytes, percent);
            }
            Long size = Units.parseSize(text);
            return size == null || size > maxHeapBytes ? null : size;
        })).orElseGet(() -> percentOf(maxHeapBytes, defaultPercent));
    }

    private static long rss(YamlMap memory, String key) {
        return memory.get(key).flatMap(value -> value.as("a size such as 2GiB; 0 turns the check off", Units::parseSize))
                .orElse(0L);
    }

    private static void ordered(YamlMap memory, String warningKey, long warning, String criticalKey, long critical) {
        // A wrong value was replaced by its default, which is not worth comparing.
        if (memory.hasError(warningKey) || memory.hasError(criticalKey)) {
            return;
        }
        if (warning > 0 && critical > 0 && warning > critical) {
            memory.error(warningKey, "expected at most " + criticalKey + " (" + Units.exactSize(critical)
                    + "), got " + Units.exactSize(warning) + ": the warning must come first");
        }
    }
}
