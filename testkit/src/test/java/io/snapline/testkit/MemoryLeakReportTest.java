package io.snapline.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.snapline.testkit.MemorySnapshot.BufferPool;
import io.snapline.testkit.MemorySnapshot.LiveThread;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

/** Judging two hand-made snapshots: what counts, what is ignored, what the message names. */
class MemoryLeakReportTest {

    private static final long MB = 1 << 20;

    private static MemorySnapshot snapshot(String label, long heapMb, List<String> descriptors, List<LiveThread> threads,
            Map<String, Integer> mapped, ClassHistogram histogram) {
        return new MemorySnapshot(label, 0, heapMb * MB, 256 * MB, 50 * MB, new BufferPool("direct", 1, MB),
                new BufferPool("mapped", 0, 0), 300 * MB, 3000 * MB, descriptors, threads, mapped, 4000, histogram);
    }

    private static final List<LiveThread> JVM = List.of(new LiveThread(1, "main", false),
            new LiveThread(2, "Reference Handler", true), new LiveThread(9, "surefire-forkedjvm-ping-30s", true));

    @Test
    void shouldPassWhenNothingCountedGrew() {
        MemorySnapshot before = snapshot("before", 40, List.of("/dev/null", "pipe:[1]"), JVM, Map.of("/opt/lib/modules", 1), null);
        MemorySnapshot after = snapshot("after", 50, List.of("/dev/null", "pipe:[1]", "/m2/x.jar", "/dev/urandom"),
                List.of(JVM.get(0), new LiveThread(10, "Common-Cleaner", true), new LiveThread(11, "Attach Listener", true)),
                Map.of("/opt/lib/modules", 3), null);

        MemoryLeakReport report = MemoryLeakReport.between(before, after, LeakThresholds.defaults());

        assertTrue(report.passed(), report.message());
        assertEquals(0, report.descriptorGrowth(), "a JAR opened by class loading and the random device are the JVM's");
        assertEquals(0, report.threadGrowth());
        assertEquals(10 * MB, report.heapGrowthBytes());
        report.assertNoLeak();
    }

    @Test
    void shouldNameWhatGrewBeyondItsLimit() {
        MemorySnapshot before = snapshot("before", 40, List.of("/dev/null", "/q/a.cq4"), JVM, Map.of(), null);
        MemorySnapshot after = snapshot("after", 80,
                List.of("/dev/null", "/q/b.cq4", "/q/c.cq4", "socket:[77]"),
                List.of(JVM.get(0), JVM.get(1), new LiveThread(12, "snapline-writer", false)),
                Map.of("/q/b.cq4", 4, "/q/metadata.cq4t", 1), null);

        MemoryLeakReport report = MemoryLeakReport.between(before, after,
                LeakThresholds.defaults().withMaxRssGrowthMb(LeakThresholds.NOT_JUDGED));

        assertEquals(List.of(
                "heap: +40.0 MB (limit 16.0 MB), 40.0 MB -> 80.0 MB",
                "descriptors: +2 (limit 0), new: /q/b.cq4, /q/c.cq4, socket:[77]",
                "threads: +1 (limit 0), new: \"snapline-writer\"",
                "mapped files: +2 (limit 0), new: /q/b.cq4, /q/metadata.cq4t"), report.violations());
        AssertionFailedError failure = assertThrows(AssertionFailedError.class, report::assertNoLeak);
        assertTrue(failure.getMessage().startsWith("leak: 4 limits exceeded\n  heap: +40.0 MB"), failure.getMessage());
        assertTrue(failure.getMessage().contains("\n  after: heap 80.0 MB"), failure.getMessage());
    }

    @Test
    void shouldJudgeOnlyTheHeapBetweenTwoMarksOfOneRun() {
        MemorySnapshot at20 = snapshot("20%", 60, List.of("/n/1"), List.of(new LiveThread(3, "snapline-reader", false)), Map.of(), null);
        MemorySnapshot at100 = snapshot("100%", 62, List.of("/n/2", "/n/3"), List.of(), Map.of("/q/x", 1), null);

        assertTrue(MemoryLeakReport.between(at20, at100, LeakThresholds.heapOnly(4)).passed());
        assertEquals(1, MemoryLeakReport.between(at20, at100, LeakThresholds.heapOnly(1)).violations().size());
    }

    @Test
    void shouldListTheTypesThatGrewMostFromTwoHistograms() {
        ClassHistogram was = ClassHistogram.parse("""
                 num     #instances         #bytes  class name (module)
                -------------------------------------------------------
                   1:          1000        1048576  [B (java.base@17.0.15)
                   2:            10            240  java.lang.String (java.base@17.0.15)
                Total          1010        1048816
                """);
        ClassHistogram now = ClassHistogram.parse("""
                   1:          2000       20971520  [B (java.base@17.0.15)
                   2:            10            240  java.lang.String (java.base@17.0.15)
                   3:          1000          16000  io.snapline.Kept
                """);
        assertEquals(List.of(new ClassHistogram.Entry("[B", 1000, 1048576),
                new ClassHistogram.Entry("java.lang.String", 10, 240)), was.entries());

        MemoryLeakReport report = MemoryLeakReport.between(snapshot("before", 40, List.of(), JVM, Map.of(), was),
                snapshot("after", 60, List.of(), JVM, Map.of(), now), LeakThresholds.defaults());

        assertEquals(List.of(new MemoryLeakReport.TypeGrowth("[B", 1000, 19922944),
                new MemoryLeakReport.TypeGrowth("io.snapline.Kept", 1000, 16000)), report.typeGrowth());
        assertTrue(report.violations().get(0).endsWith("grew most: [B +19.0 MB (+1000 instances), io.snapline.Kept +0.0 MB (+1000 instances)"),
                report.violations().toString());
    }
}
