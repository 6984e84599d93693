package io.snapline.queue.chronicle;

import static org.junit.jupiter.api.Assertions.*;

import io.snapline.records.BatchView;
import io.snapline.records.Field;
import io.snapline.records.RecordType;
import io.snapline.records.RecordView;
import io.snapline.records.RecordWriter;
import io.snapline.records.testing.TestBatches;
import io.snapline.testkit.Resources;

import java.io.IOException;
import java.lang.ref.Reference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.wire.DocumentContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QueueRecordsTest {

    @TempDir
    Path dir;

    /** Appends one batch exactly as the engine's writer does: the document is the batch bytes. */
    static void append(ExcerptAppender appender, byte[] batch) {
        try (DocumentContext dc = appender.writingDocument()) {
            dc.wire().bytes().write(batch, 0, batch.length);
        }
    }

    /** The engine's queue: FAST_HOURLY cycles; the reader must not need to be told. */
    static ChronicleQueue writerQueue(Path queueDir) {
        return ChronicleQueue.singleBuilder(queueDir).rollCycle(RollCycles.FAST_HOURLY).build();
    }

    /** Batch {@code n}: n + 1 records (every few a dead letter), sources named after n. */
    static byte[] batch(int n, int rawLength) {
        RecordWriter w = new RecordWriter(64);
        for (int i = 0; i <= n; i++) {
            if (i % 4 == 3) {
                byte[] raw = new byte[rawLength];
                Arrays.fill(raw, (byte) 'x');
                TestBatches.deadLetter(w, 1, n * 1000L + i, raw);
            } else {
                TestBatches.orderStatus(w, 0, n * 1000L + i);
            }
        }
        return TestBatches.batch(List.of("/hl/" + n + "/a", "/hl/" + n + "/b"), TestBatches.OPAQUE_POSITIONS, w);
    }

    @Test
    void shouldReadBackEveryBatchByteForByteFromTheRealQueue() {
        Path queueDir = dir.resolve("queue");
        List<byte[]> written = new ArrayList<>();
        try (ChronicleQueue queue = writerQueue(queueDir); ExcerptAppender appender = queue.createAppender()) {
            for (int n = 0; n < 40; n++) {
                // Some batches far larger than the reader's first buffer, so it must grow.
                byte[] batch = batch(n, n % 10 == 9 ? 200_000 : 10);
                written.add(batch);
                append(appender, batch);
            }
        }

        try (QueueRecords reader = QueueRecords.open(queueDir)) {
            BatchView batch = new BatchView();
            RecordView record = new RecordView();
            for (int n = 0; n < written.size(); n++) {
                assertTrue(reader.nextBatch(batch), "batch " + n);
                byte[] expected = written.get(n);
                assertEquals(expected.length, batch.length(), "document length is the batch length exactly");
                assertArrayEquals(expected, Arrays.copyOfRange(batch.bytes(), batch.offset(), batch.offset() + batch.length()));
                assertEquals(n + 1, batch.recordCount());
                assertEquals("/hl/" + n + "/b", batch.source(1));
                int i = 0;
                while (batch.next(record)) {
                    assertEquals(n * 1000L + i, record.lineOffset());
                    assertEquals(i % 4 == 3 ? RecordType.DEAD_LETTER : RecordType.ORDER_STATUS, record.type());
                    i++;
                }
                assertEquals(n + 1, i);
            }
            assertFalse(reader.nextBatch(batch), "nothing after the last batch");
        }
    }

    @Test
    void shouldVisitEveryRecordWithForEachRecord() {
        Path queueDir = dir.resolve("queue");
        int expected = 0;
        try (ChronicleQueue queue = writerQueue(queueDir); ExcerptAppender appender = queue.createAppender()) {
            for (int n = 0; n < 10; n++) {
                append(appender, batch(n, 5));
                expected += n + 1;
            }
        }
        try (QueueRecords reader = QueueRecords.open(queueDir)) {
            List<String> coins = new ArrayList<>();
            long count = reader.forEachRecord(r -> {
                if (r.type() == RecordType.ORDER_STATUS) {
                    coins.add(r.text(Field.COIN));
                }
            });
            assertEquals(expected, count);
            assertTrue(coins.stream().allMatch("BTC"::equals));
            assertEquals(0, reader.forEachRecord(r -> fail("no more records")));
        }
    }

    @Test
    void shouldResumeAtAGivenIndex() {
        Path queueDir = dir.resolve("queue");
        try (ChronicleQueue queue = writerQueue(queueDir); ExcerptAppender appender = queue.createAppender()) {
            for (int n = 0; n < 5; n++) {
                append(appender, batch(n, 5));
            }
        }
        long third;
        try (QueueRecords reader = QueueRecords.open(queueDir)) {
            BatchView batch = new BatchView();
            assertEquals(-1, reader.lastIndex());
            for (int n = 0; n < 3; n++) {
                assertTrue(reader.nextBatch(batch));
            }
            third = reader.lastIndex();
        }
        try (QueueRecords reader = QueueRecords.open(queueDir)) {
            BatchView batch = new BatchView();
            assertTrue(reader.moveToIndex(third));
            assertTrue(reader.nextBatch(batch));
            assertEquals("/hl/2/a", batch.source(0));
            assertEquals(third, reader.lastIndex());
            assertFalse(reader.moveToIndex(third + 1000), "no such index");

            reader.toStart();
            assertTrue(reader.nextBatch(batch));
            assertEquals("/hl/0/a", batch.source(0));
        }
    }

    @Test
    void shouldFollowAQueueWhileItIsWritten() {
        Path queueDir = dir.resolve("queue");
        try (ChronicleQueue queue = writerQueue(queueDir); ExcerptAppender appender = queue.createAppender()) {
            append(appender, batch(0, 5));
            try (QueueRecords reader = QueueRecords.open(queueDir)) {
                BatchView batch = new BatchView();
                assertTrue(reader.nextBatch(batch));
                assertFalse(reader.nextBatch(batch));
                append(appender, batch(1, 5));
                assertTrue(reader.nextBatch(batch));
                assertEquals(2, batch.recordCount());
                assertFalse(reader.nextBatch(batch));
            }
        }
    }

    @Test
    void shouldNameTheDocumentThatIsNotABatchAndGoOnPastIt() {
        Path queueDir = dir.resolve("queue");
        try (ChronicleQueue queue = writerQueue(queueDir); ExcerptAppender appender = queue.createAppender()) {
            append(appender, new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21});
            append(appender, batch(0, 5));
        }
        try (QueueRecords reader = QueueRecords.open(queueDir)) {
            BatchView batch = new BatchView();
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> reader.nextBatch(batch));
            assertTrue(e.getMessage().contains("document at index " + Long.toHexString(reader.lastIndex())), e.getMessage());
            assertTrue(e.getMessage().contains("bad magic"), e.getMessage());
            assertTrue(reader.nextBatch(batch));
            assertEquals(1, batch.recordCount());
        }
    }

    @Test
    void shouldReadAnEmptyQueueDirectoryWithoutWritingToIt() throws IOException {
        Path empty = Files.createDirectory(dir.resolve("empty"));
        try (QueueRecords reader = QueueRecords.open(empty)) {
            assertFalse(reader.nextBatch(new BatchView()));
        }
        try (Stream<Path> files = Files.list(empty)) {
            assertEquals(0, files.count(), "a read-only reader creates no files");
        }
    }

    @Test
    void shouldRefuseAMissingDirectory() {
        Path missing = dir.resolve("missing");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> QueueRecords.open(missing));
        assertEquals("no Chronicle Queue directory at " + missing, e.getMessage());
        assertFalse(Files.exists(missing));
    }

    @Test
    void shouldReleaseFilesMappingsAndThreadsOnClose() throws Exception {
        Path queueDir = dir.resolve("queue");
        try (ChronicleQueue queue = writerQueue(queueDir); ExcerptAppender appender = queue.createAppender()) {
            for (int n = 0; n < 5; n++) {
                append(appender, batch(n, 5));
            }
        }
        // The writer's process-wide Chronicle threads (resource releaser, disk space checker) are
        // already running; what the readers start must be gone after close.
        awaitReleased(queueDir);
        Set<Thread> before = Resources.threadsNamed("");

        // Closed readers stay reachable, so the garbage collector cannot release what close forgot.
        List<QueueRecords> closed = new ArrayList<>();
        for (int round = 0; round < 10; round++) {
            try (QueueRecords reader = QueueRecords.open(queueDir)) {
                closed.add(reader);
                assertEquals(15, reader.forEachRecord(r -> { }));
                assertFalse(Resources.openUnder(queueDir).isEmpty() && Resources.mappedUnder(queueDir).isEmpty(),
                        "while open the reader holds the queue's files");
            }
        }

        awaitReleased(queueDir);
        Reference.reachabilityFence(closed);
        // A JDK thread pool thread (process reaper) idles out on its own; not Chronicle's.
        Resources.await(() -> Resources.newThreadsNamed("", before).stream().allMatch(name -> name.equals("process reaper")),
                Duration.ofSeconds(10));
        List<String> leaked = Resources.newThreadsNamed("", before);
        leaked.removeIf(name -> name.equals("process reaper"));
        assertEquals(List.of(), leaked);
    }

    /** Waits until no descriptor and no mapping of this process points into the directory. */
    private static void awaitReleased(Path queueDir) throws IOException {
        assertTrue(Resources.awaitReleased(queueDir, Duration.ofSeconds(10)), "still held after close: files "
                + Resources.openUnder(queueDir) + ", mappings " + Resources.mappedUnder(queueDir));
    }
}
