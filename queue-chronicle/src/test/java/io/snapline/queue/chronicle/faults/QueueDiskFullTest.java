package io.snapline.queue.chronicle.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.snapline.engine.Engine;
import io.snapline.engine.EngineConfig;
import io.snapline.engine.ring.RingConfig;
import io.snapline.engine.testing.NodeFile;
import io.snapline.engine.testing.NodeLines;
import io.snapline.queue.chronicle.ChronicleOptions;
import io.snapline.queue.chronicle.ChronicleOutput;
import io.snapline.queue.chronicle.QueueRecords;
import io.snapline.queue.chronicle.QueueSpaceGuard;
import io.snapline.records.BatchView;
import io.snapline.records.Field;
import io.snapline.records.RecordView;
import io.snapline.tailer.NodeLayout;
import io.snapline.tailer.NodeStream;
import io.snapline.tailer.TailerConfig;
import io.snapline.testkit.Resources;
import io.snapline.testkit.SmallFilesystem;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Item 4 of issue 12 on a real size-limited filesystem: the queue on a small tmpfs, more lines than
 * it has room for. Without a guard the writer dies on a SIGBUS in the mapped file with a document
 * half written; with it, intake pauses before the filesystem is full, {@code /healthz} (the gate's
 * reason) says why, and once space is freed it resumes by itself with every line exactly once.
 *
 * <p>Mounting needs root (CI runs as root); where {@code mount} is refused the test is skipped,
 * since no other way makes a real filesystem run out of space without filling the host's disk.
 */
@Tag("faults")
class QueueDiskFullTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final long MIB = 1 << 20;
    private static final long FILESYSTEM = 96 * MIB;
    private static final long MIN_FREE = 16 * MIB;

    @TempDir
    Path dir;
    private SmallFilesystem small;
    private Path mount;

    @BeforeEach
    void smallFilesystem() throws Exception {
        small = SmallFilesystem.mount(dir.resolve("small"), (int) (FILESYSTEM / MIB));
        mount = small.root();
    }

    @AfterEach
    void unmount() throws Exception {
        if (small != null) {
            small.close();
        }
    }

    @Test
    void shouldPauseIntakeBeforeTheQueueFilesystemIsFullAndResumeWhenSpaceComesBackWithEveryLineOnce() throws Exception {
        Path root = dir.resolve("hl").resolve("data");
        int total = writeOrderStatuses(root, 64 * MIB);
        // Leave 24 MiB free: far less than the queue will need for these lines.
        Path filler = small.fillUntilFree(24 * MIB, (int) MIB);

        Path queue = mount.resolve("queue");
        EngineConfig config = smallEngine(root);
        try (ChronicleOutput output = ChronicleOutput.open(queue, ChronicleOptions.DEFAULTS.withMinFreeBytes(MIN_FREE),
                config.largestBatchBytes());
             Engine engine = Engine.start(config, output)) {
            QueueSpaceGuard space = output.space();
            assertTrue(Resources.await(() -> space.paused() || engine.failure() != null
                    || engine.counters().linesWritten() == total, WAIT), "lines written " + engine.counters().linesWritten());
            assertNull(engine.failure(), "the writer must not fault on a full filesystem");
            assertTrue(space.paused(), "intake paused before the filesystem was full");
            String reason = space.closedReason();
            assertTrue(reason.startsWith("intake paused: ") && reason.contains("free on the queue's filesystem (" + queue
                    + "), need 16 MiB"), reason);
            long writtenWhilePaused = engine.counters().linesWritten();
            assertTrue(writtenWhilePaused < total, "paused with lines still to write");
            assertTrue(small.usableBytes() > 0);

            Files.delete(filler); // the operator frees space
            assertTrue(Resources.await(() -> engine.counters().linesWritten() == total || engine.failure() != null, WAIT),
                    "lines written " + engine.counters().linesWritten() + " of " + total);
            assertNull(engine.failure());
            assertFalse(space.paused(), "resumed by itself");
            assertTrue(space.pauses() >= 1);
        }

        Map<Long, Integer> seen = new HashMap<>();
        try (QueueRecords reader = QueueRecords.open(queue)) {
            BatchView batch = new BatchView();
            RecordView record = new RecordView();
            while (reader.nextBatch(batch)) {
                while (batch.next(record)) {
                    seen.merge(record.longValue(Field.OID), 1, Integer::sum);
                }
            }
        }
        assertEquals(total, seen.size(), "every line is in the queue");
        assertTrue(seen.values().stream().allMatch(times -> times == 1), "no line is in the queue twice");
    }

    @Test
    void shouldHoldTheWriterInsteadOfFaultingWhenSomethingElseFillsTheDiskUnderIt() throws Exception {
        Path root = dir.resolve("hl").resolve("data");
        int total = writeOrderStatuses(root, 12 * MIB); // under the tailer's 16 MiB read budget: one poll reads them all
        // Something else has filled the disk to 6 MiB free: intake pauses after the first poll, but
        // that poll's batches reach the writer anyway, with room for only some of them.
        Path filler = small.fillUntilFree(6 * MIB, 64 * 1024);
        Path queue = mount.resolve("queue");
        EngineConfig config = smallEngine(root);
        try (ChronicleOutput output = ChronicleOutput.open(queue, ChronicleOptions.DEFAULTS.withMinFreeBytes(MIN_FREE),
                config.largestBatchBytes());
             Engine engine = Engine.start(config, output)) {
            QueueSpaceGuard space = output.space();
            assertTrue(Resources.await(() -> space.writerWaits() > 0 || engine.failure() != null
                    || engine.counters().linesWritten() == total, WAIT), "lines written " + engine.counters().linesWritten());
            assertNull(engine.failure(), "the writer must not fault on a full filesystem");
            assertTrue(space.writerWaits() > 0, "the writer waited for room");
            assertTrue(engine.counters().linesWritten() < total);

            Files.delete(filler);
            assertTrue(Resources.await(() -> engine.counters().linesWritten() == total || engine.failure() != null, WAIT),
                    "lines written " + engine.counters().linesWritten() + " of " + total);
            assertNull(engine.failure());
        }
        Map<Long, Integer> seen = new HashMap<>();
        try (QueueRecords reader = QueueRecords.open(queue)) {
            reader.forEachRecord(record -> seen.merge(record.longValue(Field.OID), 1, Integer::sum));
        }
        assertEquals(total, seen.size(), "every line is in the queue");
        assertTrue(seen.values().stream().allMatch(times -> times == 1), "no line is in the queue twice");
    }

    /** Plain order statuses into one hour file until they pass {@code bytes}; returns how many. */
    private static int writeOrderStatuses(Path root, long bytes) throws IOException {
        NodeFile file = NodeFile.at(root, NodeStream.ORDER_STATUSES, NodeLayout.PLAIN, "20260505", 17);
        int lines = 0;
        long lineBytes = 0;
        String[] chunk = new String[1000];
        while (lineBytes < bytes) {
            for (int i = 0; i < chunk.length; i++) {
                chunk[i] = NodeLines.plainOrderStatus(lines + i);
                lineBytes += chunk[i].length() + 1;
            }
            file.append(chunk);
            lines += chunk.length;
        }
        return lines;
    }

    /** Small batches and lines, so the queue's blocks and the free-space margin fit a 96 MiB disk. */
    private static EngineConfig smallEngine(Path root) {
        return EngineConfig.forNodeData(root)
                .withRing(new RingConfig(8, 64 * 1024, 1024, 64, Duration.ofMillis(2), 2))
                .withTailer(TailerConfig.defaults().withMaxLineLength(64 * 1024).withDiscoveryInterval(Duration.ofMillis(50)))
                .withMaxIdle(Duration.ofMillis(10));
    }
}
