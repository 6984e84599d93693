package io.snapline.engine.ring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.snapline.engine.EngineSource;
import io.snapline.engine.testing.CollectingSink;
import io.snapline.engine.testing.NodeFile;
import io.snapline.engine.testing.NodeLines;
import io.snapline.engine.testing.RingRig;
import io.snapline.records.DeadLetterReason;
import io.snapline.records.Field;
import io.snapline.records.RecordType;
import io.snapline.records.testing.Rec;
import io.snapline.tailer.HourlyFileSequence;
import io.snapline.tailer.NodeLayout;
import io.snapline.tailer.NodeStream;
import io.snapline.tailer.TailerConfig;
import io.snapline.testkit.Resources;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The in-flight gauges count every published line and byte once in and once out, on every path:
 * they read exactly zero once the pipeline is idle, whether batches were written, held dead
 * letters, or were discarded after the sink failed.
 */
class InFlightTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    /** Small batches, so a few hundred lines make many of them and the ring wraps often. */
    private static final RingConfig RING = new RingConfig(4, 64 * 1024, 16, 8, Duration.ofMillis(2), 1);
    private static final TailerConfig TAILER = TailerConfig.defaults().withDiscoveryInterval(Duration.ofMillis(20));

    @TempDir
    Path dir;

    private List<EngineSource> trades() {
        return List.of(new EngineSource(new HourlyFileSequence(dir, NodeStream.TRADES, NodeLayout.PLAIN), NodeStream.TRADES));
    }

    private NodeFile tradesFile() throws Exception {
        return NodeFile.at(dir, NodeStream.TRADES, NodeLayout.PLAIN, "20260505", 17);
    }

    @Test
    void shouldReturnInFlightToExactlyZeroAfterEveryBatchIsWritten() throws Exception {
        NodeFile file = tradesFile();
        String[] lines = new String[1000];
        for (int i = 0; i < lines.length; i++) {
            lines[i] = NodeLines.trade(i);
        }
        file.append(lines);
        AtomicReference<Pipeline> pipeline = new AtomicReference<>();
        AtomicLong mostInFlight = new AtomicLong();
        CollectingSink sink = new CollectingSink((batch, call) ->
                mostInFlight.accumulateAndGet(pipeline.get().inFlight().lines(), Math::max), true);

        try (RingRig rig = new RingRig(RING, TAILER, trades(), sink, BatchObserver.NONE)) {
            pipeline.set(rig.pipeline());
            rig.startReader(Duration.ofMillis(10));
            assertTrue(Resources.await(() -> rig.pipeline().counters().linesWritten() == lines.length, WAIT),
                    "lines written: " + rig.pipeline().counters().linesWritten());
            assertTrue(Resources.await(() -> rig.pipeline().inFlight().lines() == 0, WAIT));

            assertTrue(mostInFlight.get() > 0, "lines were in flight while batches were written");
            assertEquals(0, rig.pipeline().inFlight().lines());
            assertEquals(0, rig.pipeline().inFlight().bytes());
            assertEquals(lines.length, rig.publisher().linesRead());
            assertEquals(0, rig.pipeline().counters().batchesDiscarded());
            assertEquals(lines.length, sink.records().size());
        }
    }

    @Test
    void shouldReturnInFlightToExactlyZeroAfterLinesBecomeDeadLetters() throws Exception {
        NodeFile file = tradesFile();
        List<String> lines = new ArrayList<>();
        int garbage = 0;
        for (int i = 0; i < 600; i++) {
            if (i % 3 == 1) {
                lines.add(i % 2 == 0 ? "garbage " + i + " }{" : "{\"coin\":\"BTC\",\"px\":\"" + i);
                garbage++;
            } else {
                lines.add(NodeLines.trade(i));
            }
        }
        file.append(lines.toArray(String[]::new));
        CollectingSink sink = new CollectingSink();

        try (RingRig rig = new RingRig(RING, TAILER, trades(), sink, BatchObserver.NONE)) {
            rig.startReader(Duration.ofMillis(10));
            assertTrue(Resources.await(() -> rig.pipeline().counters().linesWritten() == lines.size(), WAIT),
                    "lines written: " + rig.pipeline().counters().linesWritten());
            assertTrue(Resources.await(() -> rig.pipeline().inFlight().lines() == 0, WAIT));

            assertEquals(0, rig.pipeline().inFlight().lines());
            assertEquals(0, rig.pipeline().inFlight().bytes());
            long deadLetters = 0;
            for (DeadLetterReason reason : DeadLetterReason.values()) {
                deadLetters += rig.pipeline().counters().deadLetters(reason);
            }
            assertEquals(garbage, deadLetters);
            assertEquals(garbage, rig.pipeline().counters().records(RecordType.DEAD_LETTER));
            assertEquals(lines.size() - garbage, rig.pipeline().counters().records(RecordType.TRADE));
            assertEquals(lines.size(), sink.records().size(), "one record per line, good or bad");
        }
    }

    @Test
    void shouldDiscardLaterBatchesZeroTheGaugesAndStopTheReaderWhenTheSinkFails() throws Exception {
        NodeFile file = tradesFile();
        String[] lines = new String[20_000]; // far more than the ring holds: the reader must wait
        for (int i = 0; i < lines.length; i++) {
            lines[i] = NodeLines.trade(i);
        }
        file.append(lines);
        Exception boom = new Exception("sink failed on its third batch");
        AtomicReference<Pipeline> pipeline = new AtomicReference<>();
        CollectingSink sink = new CollectingSink((batch, call) -> {
            if (call == 3) {
                // Fails only once the reader has filled the ring and waits for a slot.
                if (!Resources.await(() -> pipeline.get().occupiedSlots() == RING.slots(), WAIT)) {
                    throw new AssertionError("the reader never filled the ring");
                }
                throw boom;
            }
        }, true);

        try (RingRig rig = new RingRig(RING, TAILER, trades(), sink, BatchObserver.NONE)) {
            pipeline.set(rig.pipeline());
            rig.startReader(Duration.ofMillis(10));
            assertTrue(Resources.await(() -> rig.pipeline().failure() != null, WAIT));
            assertSame(boom, rig.pipeline().failure());

            assertTrue(Resources.await(() -> !rig.loop().isRunning(), WAIT), "the reader stopped");
            assertInstanceOf(SlotPublisher.PipelineStopped.class, rig.loop().failure());
            assertTrue(Resources.await(() -> rig.pipeline().occupiedSlots() == 0, WAIT), "every published slot released");

            assertEquals(0, rig.pipeline().inFlight().lines());
            assertEquals(0, rig.pipeline().inFlight().bytes());
            assertEquals(2, rig.pipeline().counters().batchesWritten());
            assertTrue(rig.pipeline().counters().batchesDiscarded() > 0);
            assertEquals(rig.publisher().batchesPublished(),
                    rig.pipeline().counters().batchesWritten() + rig.pipeline().counters().batchesDiscarded(),
                    "every published batch was written or discarded");
            assertEquals(3, sink.calls(), "nothing is handed to the sink after it failed");
            assertTrue(rig.publisher().linesRead() < lines.length, "the reader stopped before the end of the backlog");
        }
    }

    /**
     * docs/engine.md: after a sink failure "the reader stops at its next claim". Here the ring
     * never fills (lines trickle in after the failure), so the reader never has to wait for a slot.
     */
    @Test
    void shouldStopTheReaderAtItsNextClaimAfterTheSinkFailsEvenWithRoomInTheRing() throws Exception {
        NodeFile file = tradesFile();
        for (int i = 0; i < 40; i++) {
            file.append(NodeLines.trade(i));
        }
        CollectingSink sink = new CollectingSink((batch, call) -> {
            if (call == 3) {
                throw new Exception("sink failed on its third batch");
            }
        }, true);

        try (RingRig rig = new RingRig(RING, TAILER, trades(), sink, BatchObserver.NONE)) {
            rig.startReader(Duration.ofMillis(10));
            assertTrue(Resources.await(() -> rig.pipeline().failure() != null, WAIT));
            for (int i = 40; i < 60 && rig.loop().isRunning(); i++) { // each line a claim of its own; none waits
                long before = rig.publisher().linesRead();
                file.append(NodeLines.trade(i));
                assertTrue(Resources.await(() -> rig.publisher().linesRead() > before || !rig.loop().isRunning(), WAIT),
                        "the reader took line " + i + " or stopped");
            }
            assertTrue(Resources.await(() -> !rig.loop().isRunning(), WAIT),
                    "the reader stopped; batches discarded meanwhile: " + rig.pipeline().counters().batchesDiscarded());
            assertInstanceOf(SlotPublisher.PipelineStopped.class, rig.loop().failure());
            assertEquals(0, rig.pipeline().inFlight().lines());
        }
    }

    @Test
    void shouldCarryAnOversizeLineAsOneRecordWithoutBlockingLaterOversizeLines() throws Exception {
        NodeFile file = tradesFile();
        List<String> lines = new ArrayList<>();
        List<Integer> oversize = new ArrayList<>();
        int[] sizes = {200_000, 0, 0, 300_000, 150_000, 100_000, 0, 70_000, 500_000, 90_000, 0, 0};
        for (int i = 0; i < sizes.length; i++) {
            if (sizes[i] > 0) {
                lines.add(NodeLines.paddedTrade(i, sizes[i]));
                oversize.add(i);
            } else {
                lines.add(NodeLines.trade(i));
            }
        }
        List<NodeFile.Line> written = file.append(lines.toArray(String[]::new));
        CollectingSink sink = new CollectingSink();
        List<long[]> batches = new CopyOnWriteArrayList<>();
        BatchObserver observer = (batchLines, bytes, records, parseNanos, writeNanos) ->
                batches.add(new long[] {batchLines, bytes, records});
        TailerConfig tailer = TAILER.withMaxLineLength(1 << 20);

        try (RingRig rig = new RingRig(RING, tailer, trades(), sink, observer)) {
            rig.startReader(Duration.ofMillis(10));
            assertTrue(Resources.await(() -> rig.pipeline().counters().linesWritten() == lines.size(), WAIT),
                    "lines written: " + rig.pipeline().counters().linesWritten() + " of " + lines.size());
            assertTrue(Resources.await(() -> rig.pipeline().inFlight().lines() == 0, WAIT));
            assertEquals(0, rig.pipeline().inFlight().bytes());
            assertEquals(0, rig.pipeline().counters().records(RecordType.DEAD_LETTER));
        }

        List<Rec> records = sink.records();
        assertEquals(lines.size(), records.size(), "one record per line");
        for (int i = 0; i < lines.size(); i++) {
            Rec record = records.get(i);
            assertEquals(RecordType.TRADE, record.type(), "line " + i);
            assertEquals(Integer.toString(i), record.text(Field.SZ), "line " + i);
            assertEquals(written.get(i).start(), record.offset(), "line " + i);
            assertEquals(file.path().toString(), record.source());
        }
        for (int i : oversize) {
            long length = lines.get(i).length();
            assertTrue(length > RING.slabBytes());
            assertTrue(batches.stream().anyMatch(b -> b[0] == 1 && b[1] == length && b[2] == 1),
                    "oversize line " + i + " travelled alone, as one record");
        }
    }
}
