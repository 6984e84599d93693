package io.snapline.queue.chronicle.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.snapline.engine.Engine;
import io.snapline.engine.EngineConfig;
import io.snapline.engine.filter.FilterReason;
import io.snapline.engine.filter.IngestFilter;
import io.snapline.engine.ring.RingConfig;
import io.snapline.engine.testing.NodeFile;
import io.snapline.engine.testing.NodeLines;
import io.snapline.queue.chronicle.ChronicleOutput;
import io.snapline.queue.chronicle.QueueContents;
import io.snapline.records.Field;
import io.snapline.records.RecordType;
import io.snapline.records.testing.Rec;
import io.snapline.tailer.FilePosition;
import io.snapline.tailer.NodeLayout;
import io.snapline.tailer.NodeStream;
import io.snapline.tailer.TailerConfig;
import io.snapline.tailer.TailerPositions;
import io.snapline.testkit.Resources;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ingest filters end to end, into a real Chronicle Queue: dropped events leave no record, the
 * positions stored with each batch still pass every line read (a line all of whose events were
 * dropped included), and a restart resumes after them, reading nothing twice.
 */
class IngestFilterEngineTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String DAY = "20260505";
    private static final String REJECTED = "badAloPxRejected";

    @TempDir
    Path dir;

    private EngineConfig config(Path root) {
        return EngineConfig.forNodeDataEveryLayout(root)
                .withRing(new RingConfig(8, 64 * 1024, 4, 64, Duration.ofMillis(2), 2))
                .withTailer(TailerConfig.defaults().withDiscoveryInterval(Duration.ofMillis(50)))
                .withMaxIdle(Duration.ofMillis(10))
                .withFilter(IngestFilter.builder()
                        .drop(RecordType.ORDER_STATUS, FilterReason.STATUS, List.of(REJECTED)).build());
    }

    private Engine start(Path root, Path queue) throws IOException {
        EngineConfig config = config(root);
        return Engine.start(config, ChronicleOutput.open(queue, config));
    }

    @Test
    void shouldStorePositionsPastDroppedLinesAndResumeAfterThemReadingNothingTwice() throws Exception {
        Path root = dir.resolve("hl").resolve("data");
        Path queue = dir.resolve("queue");
        NodeFile streaming = NodeFile.at(root, NodeStream.ORDER_STATUSES, NodeLayout.STREAMING, DAY, 17);
        streaming.append(NodeLines.envelope(100, NodeLines.orderStatusEvent(1, "open")),
                NodeLines.envelope(100, NodeLines.orderStatusEvent(2, REJECTED)),
                NodeLines.envelope(101, NodeLines.orderStatusEvent(3, "open")),
                NodeLines.envelope(101, NodeLines.orderStatusEvent(4, REJECTED))); // the file ends on a dropped line
        NodeFile byBlock = NodeFile.at(root, NodeStream.ORDER_STATUSES, NodeLayout.BY_BLOCK, DAY, 17);
        byBlock.append(NodeLines.envelope(200, NodeLines.orderStatusEvent(10, REJECTED), NodeLines.orderStatusEvent(11, REJECTED)),
                NodeLines.envelope(201, NodeLines.orderStatusEvent(12, "open"), NodeLines.orderStatusEvent(13, REJECTED)),
                NodeLines.envelope(202, NodeLines.orderStatusEvent(14, REJECTED)));
        int lines = 7;

        try (Engine engine = start(root, queue)) {
            awaitLinesWritten(engine, lines);
            assertEquals(6, engine.counters().filtered(RecordType.ORDER_STATUS, FilterReason.STATUS));
            assertEquals(3, engine.counters().records(RecordType.ORDER_STATUS));
        }
        assertEquals(List.of(1L, 3L, 12L), sortedOids(QueueContents.read(queue).events()));
        TailerPositions stored = QueueContents.read(queue).lastPositions();
        assertEquals(streaming.lines().get(3).end(), positionOf(stored, streaming.path()).offset(),
                "past the last line, whose only event was dropped");
        assertEquals(byBlock.lines().get(2).end(), positionOf(stored, byBlock.path()).offset(),
                "past the last block, every event of which was dropped");

        streaming.append(NodeLines.envelope(102, NodeLines.orderStatusEvent(5, "open")));
        byBlock.append(NodeLines.envelope(203, NodeLines.orderStatusEvent(15, "open")));
        try (Engine engine = start(root, queue)) {
            assertEquals(stored, engine.resumedFrom());
            // Were a dropped line read again, it would come before the new line of its file, and count as a line too.
            assertTrue(Resources.await(() -> engine.counters().records(RecordType.ORDER_STATUS) >= 2
                    || engine.failure() != null, WAIT));
            assertNull(engine.failure());
            assertEquals(2, engine.counters().linesWritten(), "only the new lines are read");
            assertEquals(0, engine.counters().filtered(RecordType.ORDER_STATUS, FilterReason.STATUS));
        }
        List<Rec> records = QueueContents.read(queue).events();
        assertEquals(List.of(1L, 3L, 5L, 12L, 15L), sortedOids(records), "each kept event once, no dropped one");
        Rec resumed = records.stream().filter(r -> r.longValue(Field.OID) == 5).findFirst().orElseThrow();
        assertEquals(streaming.lines().get(4).start(), resumed.offset());
    }

    private static void awaitLinesWritten(Engine engine, long lines) {
        assertTrue(Resources.await(() -> engine.counters().linesWritten() >= lines || engine.failure() != null, WAIT),
                "lines written: " + engine.counters().linesWritten() + " of " + lines);
        assertNull(engine.failure());
        assertEquals(lines, engine.counters().linesWritten());
    }

    private static List<Long> sortedOids(List<Rec> records) {
        return records.stream().map(r -> {
            assertEquals(RecordType.ORDER_STATUS, r.type(), r::toString);
            return r.longValue(Field.OID);
        }).sorted().toList();
    }

    private static FilePosition positionOf(TailerPositions positions, Path path) {
        for (FilePosition position : positions.files()) {
            if (position.path().equals(path.toString())) {
                return position;
            }
        }
        throw new AssertionError("no position for " + path + " in " + positions);
    }
}
