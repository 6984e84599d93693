package io.snapline.queue.chronicle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.snapline.engine.Engine;
import io.snapline.engine.EngineConfig;
import io.snapline.engine.ring.RingConfig;
import io.snapline.engine.testing.NodeFile;
import io.snapline.engine.testing.NodeLines;
import io.snapline.records.BatchView;
import io.snapline.records.Field;
import io.snapline.records.RecordType;
import io.snapline.records.RecordView;
import io.snapline.tailer.NodeLayout;
import io.snapline.tailer.NodeStream;
import io.snapline.tailer.TailerConfig;
import io.snapline.tailer.TailerPositions;
import io.snapline.testkit.Resources;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import net.openhft.chronicle.core.time.SetTimeProvider;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.wire.DocumentContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Items 4 (recovery), 8 and 11 of issue 12: a restart never depends on the last document being
 * whole. A document that is not a whole batch (a host crash left its header but not its bytes, a
 * disk filled under the writer) was never acknowledged: the engine resumes from the whole batch
 * before it, and the queue ends up with every line exactly once. A queue with no whole batch at all
 * is never taken for a new one.
 */
@Tag("faults")
class QueueRecoveryTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;
    private Path root;
    private Path queue;
    private NodeFile file;
    private long nextOid = 1;

    @BeforeEach
    void nodeDirectory() throws IOException {
        root = dir.resolve("hl").resolve("data");
        queue = dir.resolve("queue");
        file = NodeFile.at(root, NodeStream.ORDER_STATUSES, NodeLayout.PLAIN, "20260505", 17);
    }

    private EngineConfig config() {
        return EngineConfig.forNodeData(root)
                .withRing(new RingConfig(8, 64 * 1024, 64, 64, Duration.ofMillis(2), 2))
                .withTailer(TailerConfig.defaults().withDiscoveryInterval(Duration.ofMillis(50)))
                .withMaxIdle(Duration.ofMillis(10));
    }

    private void appendLines(int count) throws IOException {
        for (int i = 0; i < count; i++) {
            file.append(NodeLines.plainOrderStatus(nextOid++));
        }
    }

    /** Runs an engine until it has written {@code lines} lines, and returns where it resumed from. */
    private TailerPositions runUntilWritten(ChronicleOptions options, long lines) throws IOException {
        EngineConfig config = config();
        try (Engine engine = Engine.start(config, ChronicleOutput.open(queue, options, config.largestBatchBytes()))) {
            assertTrue(Resources.await(() -> engine.counters().linesWritten() >= lines || engine.failure() != null, WAIT),
                    "lines written: " + engine.counters().linesWritten() + " of " + lines);
            assertNull(engine.failure());
            assertEquals(lines, engine.counters().linesWritten());
            return engine.resumedFrom();
        }
    }

    /** Appends a document Chronicle takes as complete but that is not a batch: what a torn write leaves. */
    private void appendTornDocument(byte[] content) {
        try (ChronicleQueue raw = ChronicleQueue.singleBuilder(queue).rollCycle(QueueStore.ROLL_CYCLE).build();
             ExcerptAppender appender = raw.createAppender();
             DocumentContext document = appender.writingDocument()) {
            document.wire().bytes().write(content);
        }
    }

    /** A batch's first bytes and then zeros: the header reached the disk, the rest of its pages did not. */
    private byte[] tornBatchHead() {
        try (QueueRecords reader = QueueRecords.open(queue)) {
            BatchView batch = new BatchView();
            assertTrue(reader.nextBatch(batch));
            byte[] torn = new byte[batch.length()];
            System.arraycopy(batch.bytes(), batch.offset(), torn, 0, Math.min(24, batch.length()));
            return torn;
        }
    }

    /** Every order id in the queue, with how often it is there; documents that are not batches skipped. */
    private Map<Long, Integer> oidsInQueue() {
        Map<Long, Integer> seen = new HashMap<>();
        try (QueueRecords reader = QueueRecords.open(queue)) {
            BatchView batch = new BatchView();
            RecordView record = new RecordView();
            while (true) {
                try {
                    if (!reader.nextBatch(batch)) {
                        break;
                    }
                } catch (IllegalArgumentException notABatch) {
                    continue; // the reader has moved past it
                }
                while (batch.next(record)) {
                    assertEquals(RecordType.ORDER_STATUS, record.type());
                    seen.merge(record.longValue(Field.OID), 1, Integer::sum);
                }
            }
        }
        return seen;
    }

    private void assertEveryLineOnce(long lines) {
        Map<Long, Integer> seen = oidsInQueue();
        List<Long> repeated = new ArrayList<>();
        seen.forEach((oid, times) -> {
            if (times != 1) {
                repeated.add(oid);
            }
        });
        assertEquals(List.of(), repeated, "lines in the queue more than once");
        assertEquals(lines, seen.size(), "every line is in the queue");
    }

    @Test
    void shouldResumeFromTheLastWholeBatchBeforeATornTailAndWriteOnWithEveryLineOnce() throws IOException {
        appendLines(50);
        runUntilWritten(ChronicleOptions.DEFAULTS, 50);
        TailerPositions whole;
        try (QueueStore store = new QueueStore(queue, Duration.ZERO, config().largestBatchBytes())) {
            whole = store.lastPositions();
        }
        appendTornDocument(tornBatchHead());
        appendTornDocument(new byte[] {1, 2, 3}); // and garbage after it

        appendLines(30);
        TailerPositions resumed = runUntilWritten(ChronicleOptions.DEFAULTS, 30);
        assertEquals(whole.files(), resumed.files(), "resumed from the last whole batch");
        assertEveryLineOnce(80);
        try (QueueRecords reader = QueueRecords.open(queue)) {
            assertEquals(80, reader.forEachRecord(record -> { }), "a reader skips the torn documents");
            assertEquals(2, reader.skippedDocuments());
        }
    }

    @Test
    void shouldRefuseAQueueWithDocumentsButNoWholeBatchUnlessToldToStartFresh() throws IOException {
        appendLines(5);
        appendTornDocument(new byte[] {1, 2, 3});
        EngineConfig config = config();
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> Engine.start(config,
                ChronicleOutput.open(queue, ChronicleOptions.DEFAULTS, config.largestBatchBytes())).close());
        assertTrue(refused.getMessage().contains("Refusing to start"), refused.getMessage());
        assertTrue(refused.getMessage().contains("on_unreadable: start_fresh"), refused.getMessage());

        TailerPositions resumed = runUntilWritten(ChronicleOptions.DEFAULTS.withStartFreshWhenUnreadable(true), 5);
        assertTrue(resumed.isEmpty(), "start_fresh resumes as a new queue");
        assertEveryLineOnce(5);
    }

    @Test
    void shouldResumeFromTheLastBatchOfAnOlderCycleWhenTheNewestCycleFileHoldsNoDocument() throws IOException {
        SetTimeProvider time = new SetTimeProvider(Instant.parse("2026-05-05T17:10:00Z"));
        appendLines(20);
        EngineConfig config = config();
        TailerPositions written;
        try (Engine engine = Engine.start(config, ChronicleOutput.open(queue, ChronicleOptions.DEFAULTS,
                config.largestBatchBytes(), time))) {
            assertTrue(Resources.await(() -> engine.counters().linesWritten() >= 20, WAIT));
        }
        try (QueueStore store = new QueueStore(queue, Duration.ZERO, config.largestBatchBytes())) {
            written = store.lastPositions();
        }
        // The next hour's cycle file, created by a first write that never finished.
        time.advanceMillis(Duration.ofHours(1).toMillis());
        try (ChronicleQueue raw = ChronicleQueue.singleBuilder(queue).rollCycle(QueueStore.ROLL_CYCLE)
                .timeProvider(time).build();
             ExcerptAppender appender = raw.createAppender();
             DocumentContext document = appender.writingDocument()) {
            document.wire().bytes().writeInt(1);
            document.rollbackOnClose();
        }
        try (Stream<Path> files = Files.list(queue)) {
            assertEquals(2, files.filter(p -> p.getFileName().toString().endsWith(".cq4")).count());
        }

        appendLines(10);
        try (Engine engine = Engine.start(config, ChronicleOutput.open(queue, ChronicleOptions.DEFAULTS,
                config.largestBatchBytes(), time))) {
            assertEquals(written.files(), engine.resumedFrom().files(), "resumed from the older cycle's last batch");
            assertTrue(Resources.await(() -> engine.counters().linesWritten() >= 10 || engine.failure() != null, WAIT));
            assertNull(engine.failure());
        }
        assertEveryLineOnce(30);
    }

    @Test
    void shouldRefuseAQueueWhoseCycleFilesHoldNoReadableDocumentInsteadOfStartingAgain() throws IOException {
        appendLines(20);
        runUntilWritten(ChronicleOptions.DEFAULTS, 20);
        // What a host crash can leave of a cycle file whose size never reached the disk.
        try (Stream<Path> files = Files.list(queue)) {
            for (Path cycle : files.filter(p -> p.getFileName().toString().endsWith(".cq4")).toList()) {
                try (FileChannel channel = FileChannel.open(cycle, StandardOpenOption.WRITE)) {
                    channel.truncate(0);
                }
            }
        }
        EngineConfig config = config();
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> Engine.start(config,
                ChronicleOutput.open(queue, ChronicleOptions.DEFAULTS, config.largestBatchBytes())).close());
        assertTrue(refused.getMessage().contains("Refusing to start"), refused.getMessage());
        // As the JAR runs, without -ea: there Chronicle finds no document and the queue looked new.
        String probe = resumeProbeWithoutAssertions();
        assertTrue(probe.startsWith("refused ") && probe.contains("cycle files without a Chronicle header"), probe);
    }

    /** {@link ResumeProbeMain} in a child JVM with the Chronicle flags and without {@code -ea}. */
    private String resumeProbeWithoutAssertions() throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        String flags = System.getProperty("snapline.chronicle.jvm.flags");
        assertTrue(flags != null && !flags.isBlank(), "run by Surefire, which passes snapline.chronicle.jvm.flags");
        command.addAll(List.of(flags.trim().split("\\s+")));
        command.addAll(List.of("-da", "-cp", System.getProperty("java.class.path"), ResumeProbeMain.class.getName(),
                queue.toString()));
        Process probe = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String said = new String(probe.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        return said.lines().filter(line -> line.startsWith("resume ") || line.startsWith("refused ")).findFirst()
                .orElse("no answer: " + said);
    }

    @Test
    void shouldResumeFromTheCycleBeforeWhenTheNewestCycleFileWasTruncated() throws IOException {
        SetTimeProvider time = new SetTimeProvider(Instant.parse("2026-05-05T17:10:00Z"));
        EngineConfig config = config();
        appendLines(20);
        try (Engine engine = Engine.start(config, ChronicleOutput.open(queue, ChronicleOptions.DEFAULTS,
                config.largestBatchBytes(), time))) {
            assertTrue(Resources.await(() -> engine.counters().linesWritten() >= 20, WAIT));
        }
        time.advanceMillis(Duration.ofHours(1).toMillis());
        appendLines(10);
        try (Engine engine = Engine.start(config, ChronicleOutput.open(queue, ChronicleOptions.DEFAULTS,
                config.largestBatchBytes(), time))) {
            assertTrue(Resources.await(() -> engine.counters().linesWritten() >= 10, WAIT));
        }
        Path newest;
        try (Stream<Path> files = Files.list(queue)) {
            newest = files.filter(p -> p.getFileName().toString().endsWith(".cq4")).sorted().reduce((a, b) -> b)
                    .orElseThrow();
        }
        try (FileChannel channel = FileChannel.open(newest, StandardOpenOption.WRITE)) {
            channel.truncate(0); // what a host crash can leave of the file it was writing
        }
        appendLines(5);
        try (Engine engine = Engine.start(config, ChronicleOutput.open(queue, ChronicleOptions.DEFAULTS,
                config.largestBatchBytes(), time))) {
            assertTrue(!engine.resumedFrom().isEmpty(), "resumed from the older cycle's last batch");
            assertTrue(Resources.await(() -> engine.counters().linesWritten() >= 15 || engine.failure() != null, WAIT),
                    "lines written " + engine.counters().linesWritten());
            assertNull(engine.failure());
            assertEquals(15, engine.counters().linesWritten(), "the damaged cycle's 10 lines again, and the 5 new");
        }
        assertEveryLineOnce(35);
    }

    @Test
    void shouldStartANewQueueWhenItsDirectoryHoldsNoCycleFile() throws IOException {
        appendLines(3);
        assertTrue(runUntilWritten(ChronicleOptions.DEFAULTS, 3).isEmpty());
    }

    @Test
    void shouldSyncAfterEveryBatchWithBatchAndNeverWithNone() throws IOException {
        EngineConfig config = config();
        for (QueueSync sync : List.of(QueueSync.NONE, QueueSync.BATCH)) {
            appendLines(10);
            try (ChronicleOutput output = ChronicleOutput.open(queue, ChronicleOptions.DEFAULTS.withSync(sync),
                    config.largestBatchBytes());
                 Engine engine = Engine.start(config, output)) {
                assertTrue(Resources.await(() -> engine.counters().linesWritten() >= 10 || engine.failure() != null, WAIT));
                assertNull(engine.failure());
                long batches = engine.counters().batchesWritten();
                assertTrue(batches > 0);
                assertEquals(sync == QueueSync.BATCH ? batches : 0, output.store().syncs(), sync.toString());
            }
        }
        assertEveryLineOnce(20);
    }
}
