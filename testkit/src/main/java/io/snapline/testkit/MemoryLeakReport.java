package io.snapline.testkit;

import static io.snapline.testkit.MemorySnapshot.mb;

import io.snapline.testkit.ClassHistogram.Entry;
import io.snapline.testkit.MemorySnapshot.LiveThread;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.opentest4j.AssertionFailedError;

/**
 * What grew between two {@link MemorySnapshot}s, judged against {@link LeakThresholds}: heap, RSS,
 * direct memory, descriptors, threads, mapped files and, with class histograms, instances per
 * class. {@link #message()} names what grew: the new descriptors' targets, the new threads'
 * names, the newly mapped paths, the classes that grew most.
 *
 * <p>Descriptors, threads and mapped files are judged by how many more there are (a file opened
 * while another closed is no leak); the new ones are listed by name either way.
 */
public final class MemoryLeakReport {

    private static final double MB = 1024.0 * 1024.0;
    private static final int LISTED = 12;

    private final MemorySnapshot before;
    private final MemorySnapshot after;
    private final LeakThresholds thresholds;
    private final List<MemorySnapshot> marks;
    private final List<MemorySample> samples;
    private final List<String> newDescriptors;
    private final List<String> newThreads;
    private final List<String> newMappedFiles;
    private final int descriptorGrowth;
    private final int threadGrowth;
    private final int mappedFileGrowth;
    private final List<TypeGrowth> typeGrowth;
    private final List<String> violations = new ArrayList<>();

    /** How one class's live instances and bytes changed. */
    public record TypeGrowth(String className, long instances, long bytes) {
    }

    private MemoryLeakReport(MemorySnapshot before, MemorySnapshot after, LeakThresholds thresholds,
            List<MemorySnapshot> marks, List<MemorySample> samples) {
        this.before = before;
        this.after = after;
        this.thresholds = thresholds;
        this.marks = List.copyOf(marks);
        this.samples = List.copyOf(samples);

        List<String> descriptorsBefore = before.descriptors().stream().filter(thresholds::countsDescriptor).toList();
        List<String> descriptorsAfter = after.descriptors().stream().filter(thresholds::countsDescriptor).toList();
        this.newDescriptors = Resources.added(descriptorsAfter, descriptorsBefore);
        this.descriptorGrowth = descriptorsAfter.size() - descriptorsBefore.size();

        List<LiveThread> threadsBefore = before.threads().stream().filter(t -> thresholds.countsThread(t.name())).toList();
        List<LiveThread> threadsAfter = after.threads().stream().filter(t -> thresholds.countsThread(t.name())).toList();
        Set<Long> idsBefore = new HashSet<>();
        threadsBefore.forEach(t -> idsBefore.add(t.id()));
        this.newThreads = threadsAfter.stream().filter(t -> !idsBefore.contains(t.id()))
                .map(t -> "\"" + t.name() + "\"" + (t.daemon() ? " (daemon)" : "")).toList();
        this.threadGrowth = threadsAfter.size() - threadsBefore.size();

        List<String> mappedBefore = before.mappedFiles().keySet().stream().filter(thresholds::countsMappedFile).toList();
        List<String> mappedAfter = after.mappedFiles().keySet().stream().filter(thresholds::countsMappedFile).toList();
        this.newMappedFiles = Resources.added(mappedAfter, mappedBefore);
        this.mappedFileGrowth = mappedAfter.size() - mappedBefore.size();

        this.typeGrowth = typeGrowth(before.histogram(), after.histogram());
        judge();
    }

    /** {@code after} against {@code before}. */
    public static MemoryLeakReport between(MemorySnapshot before, MemorySnapshot after, LeakThresholds thresholds) {
        return new MemoryLeakReport(before, after, thresholds, List.of(), List.of());
    }

    /** {@code after} against {@code before}, with the marks and samples taken in between shown in the message. */
    public static MemoryLeakReport between(MemorySnapshot before, MemorySnapshot after, LeakThresholds thresholds,
            List<MemorySnapshot> marks, List<MemorySample> samples) {
        return new MemoryLeakReport(before, after, thresholds, marks, samples);
    }

    private void judge() {
        judgeMb("heap", heapGrowthBytes(), thresholds.maxHeapGrowthMb(),
                mb(before.heapUsed()) + " -> " + mb(after.heapUsed()) + largestTypeGrowth());
        judgeMb("rss", rssGrowthBytes(), thresholds.maxRssGrowthMb(),
                mb(before.rssBytes()) + " -> " + mb(after.rssBytes()));
        judgeMb("direct buffers", after.direct().bytes() - before.direct().bytes(), thresholds.maxDirectGrowthMb(),
                before.direct().count() + " (" + mb(before.direct().bytes()) + ") -> " + after.direct().count()
                        + " (" + mb(after.direct().bytes()) + ")");
        judgeCount("descriptors", descriptorGrowth, thresholds.maxFdGrowth(), newDescriptors);
        judgeCount("threads", threadGrowth, thresholds.maxThreadGrowth(), newThreads);
        judgeCount("mapped files", mappedFileGrowth, thresholds.maxMappedGrowth(), newMappedFiles);
        judgeCount("mapped buffers", (int) (after.mapped().count() - before.mapped().count()),
                thresholds.maxMappedGrowth(), List.of());
        if (thresholds.maxInstanceGrowth() != LeakThresholds.NOT_JUDGED) {
            for (TypeGrowth type : typeGrowth) {
                if (type.instances() > thresholds.maxInstanceGrowth()) {
                    violations.add(String.format("instances of %s: %+d (limit %d), %+d bytes", type.className(),
                            type.instances(), thresholds.maxInstanceGrowth(), type.bytes()));
                }
            }
        }
    }

    private void judgeMb(String what, long growthBytes, double limitMb, String detail) {
        if (limitMb != LeakThresholds.NOT_JUDGED && growthBytes / MB > limitMb) {
            violations.add(String.format("%s: %+.1f MB (limit %.1f MB), %s", what, growthBytes / MB, limitMb, detail));
        }
    }

    private void judgeCount(String what, int growth, int limit, List<String> added) {
        if (limit != LeakThresholds.NOT_JUDGED && growth > limit) {
            violations.add(String.format("%s: %+d (limit %d)%s", what, growth, limit,
                    added.isEmpty() ? "" : ", new: " + listed(added)));
        }
    }

    /** Whether every judged figure is within its limit. */
    public boolean passed() {
        return violations.isEmpty();
    }

    /** One line per limit exceeded, naming what grew; empty when {@link #passed()}. */
    public List<String> violations() {
        return List.copyOf(violations);
    }

    /** Throws an {@link AssertionFailedError} with {@link #message()} unless {@link #passed()}. */
    public void assertNoLeak() {
        if (!passed()) {
            throw new AssertionFailedError(message());
        }
    }

    public long heapGrowthBytes() {
        return after.heapUsed() - before.heapUsed();
    }

    public long rssGrowthBytes() {
        return after.rssBytes() - before.rssBytes();
    }

    /** Counted descriptors after less before (the JVM's own not counted). */
    public int descriptorGrowth() {
        return descriptorGrowth;
    }

    public int threadGrowth() {
        return threadGrowth;
    }

    public int mappedFileGrowth() {
        return mappedFileGrowth;
    }

    /** Targets of descriptors open after and not before. */
    public List<String> newDescriptors() {
        return newDescriptors;
    }

    public List<String> newThreads() {
        return newThreads;
    }

    public List<String> newMappedFiles() {
        return newMappedFiles;
    }

    /** Per class, how instances and bytes changed, most bytes first; empty without both histograms. */
    public List<TypeGrowth> typeGrowth() {
        return typeGrowth;
    }

    public MemorySnapshot before() {
        return before;
    }

    public MemorySnapshot after() {
        return after;
    }

    /** The figures in one line: {@code heap +0.3 MB, rss +2.0 MB, descriptors +0, …}. */
    public String summary() {
        return String.format("heap %+.1f MB (%s), rss %+.1f MB, direct %+.1f MB, descriptors %+d, threads %+d, "
                        + "mapped files %+d, mapped buffers %+d, classes %+d",
                heapGrowthBytes() / MB, mb(after.heapUsed()), rssGrowthBytes() / MB,
                (after.direct().bytes() - before.direct().bytes()) / MB, descriptorGrowth, threadGrowth,
                mappedFileGrowth, after.mapped().count() - before.mapped().count(),
                after.loadedClasses() - before.loadedClasses());
    }

    /** What grew beyond its limit, then every figure before and after, the marks and samples. */
    public String message() {
        StringBuilder text = new StringBuilder();
        if (passed()) {
            text.append("no leak: ").append(summary());
        } else {
            text.append(violations.size() == 1 ? "leak: 1 limit exceeded" : "leak: " + violations.size() + " limits exceeded");
            for (String violation : violations) {
                text.append("\n  ").append(violation);
            }
            text.append("\n").append(summary());
        }
        text.append("\n  ").append(before.summary());
        for (MemorySnapshot mark : marks) {
            text.append("\n  ").append(mark.summary());
        }
        text.append("\n  ").append(after.summary());
        if (!typeGrowth.isEmpty()) {
            text.append("\n  grew most: ").append(largestTypeGrowth(LISTED));
        }
        if (!samples.isEmpty()) {
            text.append("\n  samples: ").append(MemorySample.describe(samples, LISTED));
        }
        return text.toString();
    }

    @Override
    public String toString() {
        return message();
    }

    private String largestTypeGrowth() {
        return typeGrowth.isEmpty() ? "" : "; grew most: " + largestTypeGrowth(3);
    }

    private String largestTypeGrowth(int count) {
        List<String> types = new ArrayList<>();
        for (TypeGrowth type : typeGrowth.subList(0, Math.min(count, typeGrowth.size()))) {
            types.add(String.format("%s %+.1f MB (%+d instances)", type.className(), type.bytes() / MB, type.instances()));
        }
        return String.join(", ", types);
    }

    private static List<TypeGrowth> typeGrowth(ClassHistogram before, ClassHistogram after) {
        if (before == null || after == null) {
            return List.of();
        }
        Map<String, Entry> was = before.byClass();
        Map<String, TypeGrowth> growth = new HashMap<>();
        for (Entry now : after.byClass().values()) {
            Entry then = was.get(now.className());
            long instances = now.instances() - (then == null ? 0 : then.instances());
            long bytes = now.bytes() - (then == null ? 0 : then.bytes());
            if (instances > 0 || bytes > 0) {
                growth.put(now.className(), new TypeGrowth(now.className(), instances, bytes));
            }
        }
        return growth.values().stream()
                .sorted(Comparator.comparingLong(TypeGrowth::bytes).reversed().thenComparing(TypeGrowth::className))
                .toList();
    }

    private static String listed(List<String> items) {
        if (items.size() <= LISTED) {
            return String.join(", ", items);
        }
        return String.join(", ", items.subList(0, LISTED)) + " and " + (items.size() - LISTED) + " more";
    }
}
