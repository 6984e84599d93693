package io.snapline.queue.chronicle.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.snapline.engine.ring.PipelineCounters;
import io.snapline.nodegen.GeneratorOptions;
import io.snapline.queue.chronicle.QueueRecords;
import io.snapline.records.DeadLetterReason;
import io.snapline.records.Field;
import io.snapline.records.RecordType;
import io.snapline.testkit.LeakCheck;
import io.snapline.testkit.LeakThresholds;
import io.snapline.testkit.LeakWatch;
import io.snapline.testkit.MemoryLeakReport;
import io.snapline.testkit.MemorySnapshot;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A flood of malformed lines, every one of them bad (truncated JSON, not JSON at all, a missing
 * field, a field of the wrong type, invalid UTF-8, in turn): each becomes a dead letter with its
 * reason, the counters and the queue agree, the heap is as flat at the end as at 20%, and nothing
 * is left after close.
 */
class DeadLetterFloodTest {

    private static final long LINES = 300_000;

    @TempDir
    Path dir;

    @BeforeEach
    void warmUp() throws IOException {
        GeneratedRun.warmUp(dir);
    }

    @Test
    @LeakCheck(maxHeapGrowthMb = 8, samplingIntervalMs = 500)
    void shouldTurnEveryLineOfAFloodOfMalformedLinesIntoADeadLetterWithFlatHeap(LeakWatch watch) throws IOException {
        GeneratorOptions options = GeneratedRun.orderStatuses(dir, LINES, 100_000).withBadEvery(1);
        MemorySnapshot at20;
        MemorySnapshot at100;
        PipelineCounters counters;
        try (GeneratedRun run = GeneratedRun.start(dir, options)) {
            run.awaitLinesWritten(LINES / 5, Duration.ofSeconds(60));
            at20 = watch.mark("20%");
            run.awaitLinesWritten(LINES, Duration.ofSeconds(60));
            at100 = watch.mark("100%");
            counters = run.engine().counters();
        }
        GeneratedRun.assertCounted(counters, options);
        assertEquals(0, counters.records(RecordType.ORDER_STATUS));
        MemoryLeakReport.between(at20, at100, LeakThresholds.heapOnly(4)).assertNoLeak();

        Map<String, Long> inQueue = new HashMap<>();
        try (QueueRecords queue = QueueRecords.open(dir.resolve("queue"))) {
            queue.forEachRecord(record -> inQueue.merge(record.type() == RecordType.DEAD_LETTER
                    ? record.textAt(record.indexOf(Field.REASON)) : record.type().name(), 1L, Long::sum));
        }
        Map<String, Long> counted = new HashMap<>();
        for (DeadLetterReason reason : DeadLetterReason.values()) {
            if (counters.deadLetters(reason) > 0) {
                counted.put(reason.label(), counters.deadLetters(reason));
            }
        }
        assertEquals(counted, inQueue, "the queue holds exactly the dead letters counted, and nothing else");
    }
}
