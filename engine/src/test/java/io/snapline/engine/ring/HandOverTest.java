package io.snapline.engine.ring;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.snapline.engine.Engine;
import io.snapline.engine.EngineConfig;
import io.snapline.engine.EngineSource;
import io.snapline.engine.testing.CollectingSink;
import io.snapline.engine.testing.InMemoryOutput;
import io.snapline.engine.testing.NodeFile;
import io.snapline.engine.testing.NodeLines;
import io.snapline.engine.testing.RingRig;
import io.snapline.engine.testing.SlotDocuments;
import io.snapline.records.BatchDocument;
import io.snapline.records.Field;
import io.snapline.records.RecordType;
import io.snapline.records.testing.Rec;
import io.snapline.tailer.HourlyFileSequence;
import io.snapline.tailer.LineSink;
import io.snapline.tailer.NodeLayout;
import io.snapline.tailer.NodeStream;
import io.snapline.tailer.TailedFile;
import io.snapline.tailer.TailerConfig;
import io.snapline.testkit.Resources;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hand-over the Python tailer got wrong: the reader always fills a fresh buffer, a handed-over
 * batch is never touched again while it is processed, and reading alongside processing loses
 * nothing.
 */
class HandOverTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final TailerConfig TAILER = TailerConfig.defaults().withDiscoveryInterval(Duration.ofMillis(20));

    @TempDir
    Path dir;

    private List<EngineSource> trades() {
        return List.of(new EngineSource(new HourlyFileSequence(dir, NodeStream.TRADES, NodeLayout.PLAIN), NodeStream.TRADES));
    }

    /** Lines whose trade {@code sz} is their number, across two hourly files. */
    private List<NodeFile> twoHoursOfTrades(int perFile) throws IOException {
        List<NodeFile> files = new ArrayList<>();
        int id = 0;
        for (int hour : new int[] {17, 18}) {
            NodeFile file = NodeFile.at(dir, NodeStream.TRADES, NodeLayout.PLAIN, "20260505", hour);
            String[] lines = new String[perFile];
            for (int i = 0; i < perFile; i++) {
                lines[i] = NodeLines.trade(id++);
            }
            file.append(lines);
            files.add(file);
        }
        return files;
    }

    /**
     * Watches the publisher from the reader's own thread (this test's): after every hand-over the
     * active buffer is empty, and the next line starts a slot that is not the one handed over.
     */
    private static final class HandOverWatch implements LineSink {

        private final SlotPublisher publisher;
        private Slot justHandedOver;
        int handOversInOnLine;
        int handOversAtEndOfPoll;
        int freshSlotsChecked;

        HandOverWatch(SlotPublisher publisher) {
            this.publisher = publisher;
        }

        @Override
        public void onLine(TailedFile file, byte[] buffer, int offset, int length, long startOffset, long endOffset) {
            Slot before = publisher.activeSlot();
            long published = publisher.batchesPublished();
            publisher.onLine(file, buffer, offset, length, startOffset, endOffset);
            Slot now = publisher.activeSlot();
            if (justHandedOver != null) {
                // The first line after a hand-over: alone in a slot that is not the one handed over.
                assertNotNull(now);
                assertNotSame(justHandedOver, now, "the line after a hand-over went into the slot handed over");
                assertEquals(1, now.lineCount(), "the slot after a hand-over starts empty");
                assertEquals(1, publisher.activeLines());
                assertEquals(length, now.slabUsed);
                assertArrayEquals(Arrays.copyOfRange(buffer, offset, offset + length), Arrays.copyOf(now.slab, length));
                assertEquals(startOffset, now.lineOffset[0]);
                justHandedOver = null;
                freshSlotsChecked++;
            }
            if (publisher.batchesPublished() != published) {
                assertEquals(published + 1, publisher.batchesPublished());
                assertEquals(0, publisher.activeLines(), "the active buffer right after a hand-over");
                assertNull(now, "no slot is active between a hand-over and the next line");
                assertNotNull(before);
                handOversInOnLine++;
                justHandedOver = before;
            }
        }

        /** The engine's hand-over after each poll, checked the same way. */
        void endOfPoll() {
            Slot before = publisher.activeSlot();
            long published = publisher.batchesPublished();
            publisher.endOfPoll();
            if (publisher.batchesPublished() != published) {
                assertEquals(0, publisher.activeLines());
                assertNull(publisher.activeSlot());
                handOversAtEndOfPoll++;
                justHandedOver = before;
            }
        }
    }

    @Test
    void shouldHandOverIntoAFreshEmptySlotEveryTime() throws Exception {
        int perFile = 1500;
        twoHoursOfTrades(perFile);
        // 7 lines a batch: hand-overs happen at the line cap, far from the slab's 64 KiB.
        RingConfig ring = new RingConfig(4, 64 * 1024, 7, 8, Duration.ZERO, 1);
        CollectingSink sink = new CollectingSink();
        AtomicReference<HandOverWatch> watch = new AtomicReference<>();

        try (RingRig rig = new RingRig(ring, TAILER.withReadBudgetBytes(64 * 1024), trades(), sink, BatchObserver.NONE,
                publisher -> {
                    watch.set(new HandOverWatch(publisher));
                    return watch.get();
                })) {
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (rig.pipeline().counters().linesWritten() < 2L * perFile && System.nanoTime() < deadline) {
                rig.tailer().poll(); // this thread is the reader
                watch.get().endOfPoll();
            }
            assertEquals(2L * perFile, rig.pipeline().counters().linesWritten());
            assertEquals(rig.publisher().batchesPublished(),
                    watch.get().handOversInOnLine + watch.get().handOversAtEndOfPoll, "every hand-over was watched");
            assertTrue(watch.get().handOversInOnLine >= 2 * perFile / 7 - 2, "hand-overs at the cap: "
                    + watch.get().handOversInOnLine);
            assertTrue(watch.get().freshSlotsChecked >= watch.get().handOversInOnLine - 2);
        }
        List<Rec> records = sink.records();
        assertEquals(2 * perFile, records.size());
        for (int i = 0; i < records.size(); i++) {
            assertEquals(Integer.toString(i), records.get(i).text(Field.SZ), "record " + i + " in line order");
        }
    }

    @Test
    void shouldKeepAHandedOverBatchUnchangedWhileTheReaderFillsOtherSlots() throws Exception {
        List<NodeFile> files = twoHoursOfTrades(3000);
        RingConfig ring = new RingConfig(4, 64 * 1024, 32, 8, Duration.ofMillis(5), 2);
        List<String> problems = new CopyOnWriteArrayList<>();
        AtomicReference<Pipeline> pipeline = new AtomicReference<>();
        AtomicInteger batchesOverlapped = new AtomicInteger();
        CollectingSink slow = new CollectingSink((batch, call) -> {
            byte[] document = BatchDocument.copyOf(batch);
            byte[] slab = Arrays.copyOf(batch.slab, batch.slabUsed);
            List<Rec> records = SlotDocuments.records(batch);
            checkAgainstFiles(records, problems);
            // Slow: held until the reader has filled every other slot (and waits for this one), or
            // has read the whole backlog; waited on, not slept, so the overlap is certain.
            if (!Resources.await(() -> pipeline.get().occupiedSlots() == ring.slots()
                    || pipeline.get().publisher().linesRead() == 6000, WAIT)) {
                problems.add("batch " + call + ": the reader neither filled the ring nor finished");
            }
            // This is batch number `call`; any batch published beyond it was filled by the reader
            // after this one was handed over and before it is released.
            if (pipeline.get().publisher().batchesPublished() > call) {
                batchesOverlapped.incrementAndGet();
            }
            if (!Arrays.equals(document, BatchDocument.copyOf(batch)) || !Arrays.equals(slab,
                    Arrays.copyOf(batch.slab, batch.slabUsed))) {
                problems.add("batch " + call + " changed while the sink held it");
            }
            checkAgainstFiles(SlotDocuments.records(batch), problems);
        }, true);

        try (RingRig rig = new RingRig(ring, TAILER, trades(), slow, BatchObserver.NONE)) {
            pipeline.set(rig.pipeline());
            rig.startReader(Duration.ofMillis(5));
            assertTrue(Resources.await(() -> rig.pipeline().counters().linesWritten() == 6000
                    || rig.pipeline().failure() != null, WAIT), "lines written: " + rig.pipeline().counters().linesWritten());
            assertNull(rig.pipeline().failure());
            assertTrue(rig.publisher().claimWaitNanos() > 0, "the slow sink filled the ring");
        }
        assertEquals(List.of(), problems);
        assertTrue(batchesOverlapped.get() > 10, "the reader filled and published later slots while the sink held"
                + " a batch: " + batchesOverlapped.get() + " times");
        assertEquals(6000, slow.records().size());
        int id = 0;
        for (Rec record : slow.records()) {
            assertEquals(Integer.toString(id++), record.text(Field.SZ));
        }
        assertEquals(files.get(1).path().toString(), slow.records().get(5999).source());
    }

    /** Each record's sz matches the line the source file really holds at the record's offset. */
    private static void checkAgainstFiles(List<Rec> records, List<String> problems) throws IOException {
        Map<String, FileChannel> open = new HashMap<>();
        try {
            ByteBuffer buffer = ByteBuffer.allocate(4096);
            for (Rec record : records) {
                FileChannel channel = open.get(record.source());
                if (channel == null) {
                    channel = FileChannel.open(Path.of(record.source()), StandardOpenOption.READ);
                    open.put(record.source(), channel);
                }
                buffer.clear();
                channel.read(buffer, record.offset());
                String text = new String(buffer.array(), 0, buffer.position(), UTF_8);
                int newline = text.indexOf('\n');
                String line = newline < 0 ? text : text.substring(0, newline);
                String expected = NodeLines.trade(Long.parseLong(record.text(Field.SZ)));
                if (record.type() != RecordType.TRADE || !line.equals(expected)) {
                    problems.add(record + " does not match the file's line at its offset: " + line);
                }
            }
        } finally {
            for (FileChannel channel : open.values()) {
                channel.close();
            }
        }
    }

    @Test
    void shouldLoseNoLineWhileReadingAlongsideProcessing() throws Exception {
        int total = 20_000;
        InMemoryOutput output = new InMemoryOutput();
        EngineConfig config = EngineConfig.forNodeData(dir)
                .withSources(trades())
                .withTailer(TAILER)
                .withRing(new RingConfig(8, 64 * 1024, 64, 8, Duration.ofMillis(2), 2))
                .withMaxIdle(Duration.ofMillis(5));
        NodeFile hour17 = NodeFile.at(dir, NodeStream.TRADES, NodeLayout.PLAIN, "20260505", 17);
        NodeFile hour18 = NodeFile.at(dir, NodeStream.TRADES, NodeLayout.PLAIN, "20260505", 18);
        AtomicReference<Throwable> writerFailure = new AtomicReference<>();

        try (Engine engine = Engine.start(config, output)) {
            Thread writer = new Thread(() -> {
                try {
                    writeConcurrently(hour17, hour18, total);
                } catch (Throwable t) {
                    writerFailure.set(t);
                }
            }, "test-node-writer");
            writer.start();
            writer.join(WAIT.toMillis());
            assertFalse(writer.isAlive(), "the node writer finished");
            assertNull(writerFailure.get());
            assertTrue(Resources.await(() -> engine.counters().linesWritten() == total || engine.failure() != null, WAIT),
                    "lines written: " + engine.counters().linesWritten());
            assertNull(engine.failure());
        }

        List<Rec> records = output.contents().records();
        Map<String, NodeFile> files = Map.of(hour17.path().toString(), hour17, hour18.path().toString(), hour18);
        int[] seen = new int[total];
        for (Rec record : records) {
            assertEquals(RecordType.TRADE, record.type(), record.toString());
            int id = Integer.parseInt(record.text(Field.SZ));
            seen[id]++;
            NodeFile.Line line = files.get(record.source()).lineAt(record.offset());
            assertNotNull(line, "a line starts at " + record);
            assertEquals(NodeLines.trade(id), line.text());
        }
        for (int id = 0; id < total; id++) {
            assertEquals(1, seen[id], "line " + id + " is in the output exactly once");
        }
        assertEquals(total, records.size());
        assertEquals(total, hour17.lines().size() + hour18.lines().size());
    }

    /**
     * What the node does: bursts of lines, some written in two parts, an hourly rollover half way,
     * and late lines to the previous hour after it.
     */
    private static void writeConcurrently(NodeFile hour17, NodeFile hour18, int total) throws Exception {
        SplittableRandom random = new SplittableRandom(42);
        int id = 0;
        while (id < total) {
            NodeFile target = id < total / 2 ? hour17 : (id % 10 == 0 && id < total / 2 + 2000 ? hour17 : hour18);
            int burst = Math.min(1 + random.nextInt(60), total - id);
            if (target == hour17 && id >= total / 2) {
                burst = 1; // a late line now and then
            }
            if (random.nextInt(16) == 0) {
                String line = NodeLines.trade(id++);
                int cut = 1 + random.nextInt(line.length() - 1);
                target.appendRaw(line.substring(0, cut)); // a partial last line, as a buffered writer leaves
                LockSupport.parkNanos(100_000);
                target.appendRaw(line.substring(cut) + "\n");
                target.wroteLine(line);
                continue;
            }
            String[] lines = new String[burst];
            for (int i = 0; i < burst; i++) {
                lines[i] = NodeLines.trade(id++);
            }
            target.append(lines);
            if (random.nextInt(4) == 0) {
                LockSupport.parkNanos(200_000);
            }
        }
    }
}
