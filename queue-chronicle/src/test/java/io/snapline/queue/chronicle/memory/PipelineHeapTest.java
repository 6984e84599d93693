package io.snapline.queue.chronicle.memory;

import io.snapline.engine.ring.PipelineCounters;
import io.snapline.nodegen.GeneratorOptions;
import io.snapline.testkit.LeakCheck;
import io.snapline.testkit.LeakThresholds;
import io.snapline.testkit.LeakWatch;
import io.snapline.testkit.MemoryLeakReport;
import io.snapline.testkit.MemorySnapshot;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Generated order-status lines (one in 1,000 malformed) through the whole pipeline (tailer, ring,
 * parse workers, writer, Chronicle Queue) while the generator writes them: the heap after a
 * settled collection is the same at 100% of the run as at 20%, whatever went through in between;
 * every line is counted; and after close nothing is left.
 */
class PipelineHeapTest {

    private static final int BAD_EVERY = 1000;
    /** Heap in use at 100% of a run against 20%, after a settled collection: the ring and buffers are the same. */
    private static final double FLAT_MB = 4;

    @TempDir
    Path dir;

    @BeforeEach
    void warmUp() throws IOException {
        GeneratedRun.warmUp(dir);
    }

    /** As fast as the generator writes: about 10 s and 1.2 GB of queue on the 2-core machine. */
    @Test
    @LeakCheck(maxHeapGrowthMb = 8, samplingIntervalMs = 500)
    void shouldKeepHeapFlatFrom20To100PercentOf2MillionLines(LeakWatch watch) throws IOException {
        runAndMark(watch, GeneratedRun.orderStatuses(dir, 2_000_000, 200_000).withBadEvery(BAD_EVERY),
                Duration.ofSeconds(90));
    }

    /**
     * Three minutes at 40,000 lines a second (seven times a busy node's order statuses), an hour
     * file every 30 s: 7.2M lines, about 4.3 GB of queue. Paced, so the run is long but its disk
     * bounded; the node files are pruned behind the engine.
     */
    @Test
    @Tag("memory-long")
    @LeakCheck(maxHeapGrowthMb = 8, samplingIntervalMs = 5000)
    void shouldKeepHeapFlatFrom20To100PercentOfThreeMinutesOfLines(LeakWatch watch) throws IOException {
        runAndMark(watch, GeneratedRun.orderStatuses(dir, 7_200_000, 1_200_000).withBadEvery(BAD_EVERY).withRate(40_000),
                Duration.ofMinutes(10));
    }

    private void runAndMark(LeakWatch watch, GeneratorOptions options, Duration timeout) throws IOException {
        long lines = options.lines();
        MemorySnapshot at20;
        MemorySnapshot at100;
        PipelineCounters counters;
        long started = System.nanoTime();
        try (GeneratedRun run = GeneratedRun.start(dir, options)) {
            run.awaitLinesWritten(lines / 5, timeout);
            at20 = watch.mark("20%");
            run.awaitLinesWritten(lines, timeout);
            at100 = watch.mark("100%");
            counters = run.engine().counters();
            System.out.printf("PipelineHeapTest: %,d lines in %.1f s, %d hour files pruned, queue %,d bytes%n", lines,
                    (System.nanoTime() - started) / 1e9, run.hoursPruned(), bytesUnder(dir.resolve("queue")));
        }
        GeneratedRun.assertCounted(counters, options);
        MemoryLeakReport.between(at20, at100, LeakThresholds.heapOnly(FLAT_MB)).assertNoLeak();
    }

    private static long bytesUnder(Path path) throws IOException {
        try (Stream<Path> files = Files.walk(path)) {
            return files.filter(Files::isRegularFile).mapToLong(file -> file.toFile().length()).sum();
        }
    }
}
