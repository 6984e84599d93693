package io.snapline.testkit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * How much two {@link MemorySnapshot}s may differ before {@link MemoryLeakReport} calls it a leak.
 * A limit of {@value #NOT_JUDGED} is not judged (the figure is still reported). Threads and
 * descriptors of the JVM and the test framework are never counted ({@link #JVM_THREADS},
 * {@link #JVM_DESCRIPTORS}); a test adds its own with {@link #ignoringThreads} and
 * {@link #ignoringDescriptors}.
 *
 * @param maxHeapGrowthMb    heap in use after a settled collection
 * @param maxRssGrowthMb     resident set size
 * @param maxDirectGrowthMb  the direct buffer pool
 * @param maxFdGrowth        open descriptors
 * @param maxThreadGrowth    live threads
 * @param maxMappedGrowth    distinct mapped files, and buffers in the mapped buffer pool
 * @param maxInstanceGrowth  live instances of any one class (needs a class histogram in both snapshots)
 * @param ignoreThreads      name prefixes of threads not counted
 * @param ignoreDescriptors  descriptor targets not counted (whole-target matches)
 * @param ignoreMappedFiles  mapped file paths not counted (whole-path matches)
 */
public record LeakThresholds(double maxHeapGrowthMb, double maxRssGrowthMb, double maxDirectGrowthMb, int maxFdGrowth,
                             int maxThreadGrowth, int maxMappedGrowth, long maxInstanceGrowth,
                             List<String> ignoreThreads, List<Pattern> ignoreDescriptors,
                             List<Pattern> ignoreMappedFiles) {

    public static final int NOT_JUDGED = -1;

    /**
     * Threads the JVM, the JDK and the test framework start and stop on their own: the reference
     * and finalizer threads, the common cleaner, an attach listener (jcmd), the common fork-join
     * pool, the process reaper, Surefire's and JUnit's, and this harness's sampler.
     */
    public static final List<String> JVM_THREADS = List.of("Reference Handler", "Finalizer", "Signal Dispatcher",
            "Notification Thread", "Service Thread", "Common-Cleaner", "Attach Listener", "process reaper",
            "ForkJoinPool.commonPool-worker-", "surefire-", "junit-", "JFR ", "RMI ", "JMX ",
            LeakCheckExtension.SAMPLER_THREAD);

    /**
     * Descriptors the JVM opens on its own: JAR files of classes loaded for the first time, the
     * class-data archive, the random devices (opened once and kept), and the cgroup files its
     * container support reads (nothing in Snapline reads them; a tailer test once saw
     * {@code /sys/fs/cgroup/memory/.../memory.stat} open in the JVM while it counted).
     */
    public static final List<Pattern> JVM_DESCRIPTORS = List.of(Pattern.compile(".*\\.jar"),
            Pattern.compile(".*\\.jsa"), Pattern.compile("/dev/u?random"), Pattern.compile("/sys/fs/cgroup/.*"));

    public LeakThresholds {
        ignoreThreads = List.copyOf(ignoreThreads);
        ignoreDescriptors = List.copyOf(ignoreDescriptors);
        ignoreMappedFiles = List.copyOf(ignoreMappedFiles);
    }

    /**
     * The defaults of {@link LeakCheck}: heap may grow 16 MB; not one more descriptor, thread or
     * mapped file; RSS, direct memory and instances not judged.
     */
    public static LeakThresholds defaults() {
        return new LeakThresholds(16, NOT_JUDGED, NOT_JUDGED, 0, 0, 0, NOT_JUDGED, JVM_THREADS, JVM_DESCRIPTORS,
                List.of());
    }

    /** Only the heap is judged: for two marks inside one run, where threads and files are open at both. */
    public static LeakThresholds heapOnly(double maxHeapGrowthMb) {
        return new LeakThresholds(maxHeapGrowthMb, NOT_JUDGED, NOT_JUDGED, NOT_JUDGED, NOT_JUDGED, NOT_JUDGED,
                NOT_JUDGED, JVM_THREADS, JVM_DESCRIPTORS, List.of());
    }

    /** The limits an annotation sets, the built-in ignores plus its own. */
    public static LeakThresholds of(LeakCheck check) {
        return new LeakThresholds(check.maxHeapGrowthMb(), check.maxRssGrowthMb(), check.maxDirectGrowthMb(),
                check.maxFdGrowth(), check.maxThreadGrowth(), check.maxMappedGrowth(), check.maxInstanceGrowth(),
                JVM_THREADS, JVM_DESCRIPTORS, List.of())
                .ignoringThreads(check.ignoreThreads())
                .ignoringDescriptors(check.ignoreDescriptors())
                .ignoringMappedFiles(check.ignoreMappedFiles());
    }

    public LeakThresholds withMaxHeapGrowthMb(double value) {
        return new LeakThresholds(value, maxRssGrowthMb, maxDirectGrowthMb, maxFdGrowth, maxThreadGrowth,
                maxMappedGrowth, maxInstanceGrowth, ignoreThreads, ignoreDescriptors, ignoreMappedFiles);
    }

    public LeakThresholds withMaxRssGrowthMb(double value) {
        return new LeakThresholds(maxHeapGrowthMb, value, maxDirectGrowthMb, maxFdGrowth, maxThreadGrowth,
                maxMappedGrowth, maxInstanceGrowth, ignoreThreads, ignoreDescriptors, ignoreMappedFiles);
    }

    /** Threads whose name starts with one of {@code prefixes} are not counted either. */
    public LeakThresholds ignoringThreads(String... prefixes) {
        List<String> all = new ArrayList<>(ignoreThreads);
        all.addAll(Arrays.asList(prefixes));
        return new LeakThresholds(maxHeapGrowthMb, maxRssGrowthMb, maxDirectGrowthMb, maxFdGrowth, maxThreadGrowth,
                maxMappedGrowth, maxInstanceGrowth, all, ignoreDescriptors, ignoreMappedFiles);
    }

    /** Descriptors whose whole target matches one of {@code regexes} are not counted either. */
    public LeakThresholds ignoringDescriptors(String... regexes) {
        return new LeakThresholds(maxHeapGrowthMb, maxRssGrowthMb, maxDirectGrowthMb, maxFdGrowth, maxThreadGrowth,
                maxMappedGrowth, maxInstanceGrowth, ignoreThreads, plus(ignoreDescriptors, regexes), ignoreMappedFiles);
    }

    /** Mapped files whose whole path matches one of {@code regexes} are not counted either. */
    public LeakThresholds ignoringMappedFiles(String... regexes) {
        return new LeakThresholds(maxHeapGrowthMb, maxRssGrowthMb, maxDirectGrowthMb, maxFdGrowth, maxThreadGrowth,
                maxMappedGrowth, maxInstanceGrowth, ignoreThreads, ignoreDescriptors, plus(ignoreMappedFiles, regexes));
    }

    boolean countsThread(String name) {
        for (String prefix : ignoreThreads) {
            if (name.startsWith(prefix)) {
                return false;
            }
        }
        return true;
    }

    boolean countsDescriptor(String target) {
        return !matchesAny(ignoreDescriptors, target);
    }

    boolean countsMappedFile(String path) {
        return !matchesAny(ignoreMappedFiles, path);
    }

    private static boolean matchesAny(List<Pattern> patterns, String text) {
        for (Pattern pattern : patterns) {
            if (pattern.matcher(text).matches()) {
                return true;
            }
        }
        return false;
    }

    private static List<Pattern> plus(List<Pattern> patterns, String... regexes) {
        List<Pattern> all = new ArrayList<>(patterns);
        for (String regex : regexes) {
            all.add(Pattern.compile(regex));
        }
        return all;
    }
}
