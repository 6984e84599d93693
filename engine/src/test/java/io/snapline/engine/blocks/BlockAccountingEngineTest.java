package io.snapline.engine.blocks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.snapline.engine.Engine;
import io.snapline.engine.EngineConfig;
import io.snapline.engine.testing.ExpectedIdentity;
import io.snapline.engine.testing.InMemoryOutput;
import io.snapline.engine.testing.NodeFile;
import io.snapline.engine.testing.NodeLines;
import io.snapline.records.Field;
import io.snapline.records.RecordType;
import io.snapline.records.testing.Rec;
import io.snapline.tailer.NodeLayout;
import io.snapline.tailer.NodeStream;
import io.snapline.tailer.TailerConfig;
import io.snapline.testkit.Resources;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Block accounting end to end: real node files, the real engine, its records in the output. */
class BlockAccountingEngineTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String DAY = "20261122";

    @TempDir
    Path dir;

    private Path root() {
        return dir.resolve("hl/data");
    }

    private EngineConfig config() {
        return EngineConfig.forNodeData(root())
                .withTailer(TailerConfig.defaults().withDiscoveryInterval(Duration.ofMillis(20)))
                .withMaxIdle(Duration.ofMillis(5));
    }

    @Test
    void aStreamingFileWithABlocksLinesCutOutGivesAGapRecordNamingExactlyThatRange() throws Exception {
        NodeFile file = NodeFile.at(root(), NodeStream.ORDER_STATUSES, NodeLayout.STREAMING, DAY, 9);
        // Blocks 100 to 106, each two lines; the lines of 103 and 104 are cut out.
        List<String> lines = new ArrayList<>();
        for (long block = 100; block <= 106; block++) {
            if (block != 103 && block != 104) {
                lines.add(NodeLines.streamingOrderStatus(block, block * 10));
                lines.add(NodeLines.envelope(block, NodeLines.orderStatusEvent(block * 10 + 1, "open"),
                        NodeLines.orderStatusEvent(block * 10 + 2, "open")));
            }
        }
        file.append(lines.toArray(String[]::new));
        InMemoryOutput output = new InMemoryOutput();
        try (Engine engine = Engine.start(config(), output)) {
            awaitLines(engine, lines.size());
        }
        List<Rec> records = output.contents().records();
        List<Rec> gaps = ofType(records, RecordType.BLOCK_GAP);
        assertEquals(1, gaps.size(), gaps::toString);
        Rec gap = gaps.get(0);
        assertEquals(103, gap.longValue(Field.FROM_BLOCK));
        assertEquals(104, gap.longValue(Field.TO_BLOCK));
        assertEquals("possible", gap.text(Field.CERTAINTY), "streaming: a block without events writes no line");
        assertEquals("node_order_statuses", gap.text(Field.STREAM));
        assertEquals("streaming", gap.text(Field.LAYOUT));
        assertEquals(file.path().toString(), gap.text(Field.FILE_BEFORE));
        assertEquals(file.path().toString(), gap.text(Field.FILE_AFTER));
        // Sealed once a later block's line came: 100, 101, 102, 105 (106 is still open), 3 events each.
        assertEquals(List.of("100:3", "101:3", "102:3", "105:3"), seals(records));
        assertIdentityIsJacksons(records, Map.of(NodeLayout.STREAMING, List.of(file.path())));
    }

    @Test
    void aByBlockFileWithAMissingLineGivesACertainGapAndSealsEveryBlockEmptyOnesToo() throws Exception {
        NodeFile file = NodeFile.at(root(), NodeStream.ORDER_STATUSES, NodeLayout.BY_BLOCK, DAY, 9);
        List<String> lines = new ArrayList<>();
        for (long block = 200; block <= 206; block++) {
            if (block == 204) {
                continue; // the lost line
            }
            lines.add(block == 202 ? NodeLines.byBlockOrderStatuses(block) // "events":[]
                    : NodeLines.byBlockOrderStatuses(block, block * 10, block * 10 + 1));
        }
        file.append(lines.toArray(String[]::new));
        InMemoryOutput output = new InMemoryOutput();
        try (Engine engine = Engine.start(config(), output)) {
            awaitLines(engine, lines.size());
            assertEquals(1, engine.counters().blocks().gaps(true));
            assertEquals(1, engine.counters().blocks().missingBlocks(true));
        }
        List<Rec> records = output.contents().records();
        List<Rec> gaps = ofType(records, RecordType.BLOCK_GAP);
        assertEquals(1, gaps.size(), gaps::toString);
        assertEquals(204, gaps.get(0).longValue(Field.FROM_BLOCK));
        assertEquals(204, gaps.get(0).longValue(Field.TO_BLOCK));
        assertEquals("certain", gaps.get(0).text(Field.CERTAINTY));
        assertEquals("by_block", gaps.get(0).text(Field.LAYOUT));
        assertEquals(List.of("200:2", "201:2", "202:0", "203:2", "205:2", "206:2"), seals(records));
        assertIdentityIsJacksons(records, Map.of(NodeLayout.BY_BLOCK, List.of(file.path())));
    }

    @Test
    void aRestartInTheMiddleOfABlockKeepsCountingItsEventsAndFindsTheGapAcrossIt() throws Exception {
        NodeFile hour9 = NodeFile.at(root(), NodeStream.ORDER_STATUSES, NodeLayout.STREAMING, DAY, 9);
        InMemoryOutput output = new InMemoryOutput();
        hour9.append(NodeLines.envelope(100, NodeLines.orderStatusEvent(1, "open"), NodeLines.orderStatusEvent(2, "open")),
                NodeLines.streamingOrderStatus(100, 3));
        try (Engine engine = Engine.start(config(), output)) {
            awaitLines(engine, 2);
        }
        // Block 100 goes on after the restart, then 101; the next hour's file jumps to 104.
        hour9.append(NodeLines.streamingOrderStatus(100, 4), NodeLines.streamingOrderStatus(101, 5));
        NodeFile hour10 = NodeFile.at(root(), NodeStream.ORDER_STATUSES, NodeLayout.STREAMING, DAY, 10);
        hour10.append(NodeLines.streamingOrderStatus(104, 6));
        try (Engine engine = Engine.start(config(), output.reopen())) {
            awaitLines(engine, 3);
        }
        List<Rec> records = output.contents().records();
        assertEquals(List.of("100:4", "101:1"), seals(records), "block 100's count spans the restart");
        List<Rec> gaps = ofType(records, RecordType.BLOCK_GAP);
        assertEquals(1, gaps.size(), gaps::toString);
        assertEquals(102, gaps.get(0).longValue(Field.FROM_BLOCK));
        assertEquals(103, gaps.get(0).longValue(Field.TO_BLOCK));
        assertEquals(hour9.path().toString(), gaps.get(0).text(Field.FILE_BEFORE));
        assertEquals(hour10.path().toString(), gaps.get(0).text(Field.FILE_AFTER));
        assertIdentityIsJacksons(records, Map.of(NodeLayout.STREAMING, List.of(hour9.path(), hour10.path())));
    }

    @Test
    void aStreamThatStopsWhileAnotherGoesOnIsAStallUntilItSpeaksAgain() throws Exception {
        NodeFile statuses = NodeFile.at(root(), NodeStream.ORDER_STATUSES, NodeLayout.STREAMING, DAY, 9);
        NodeFile fills = NodeFile.at(root(), NodeStream.FILLS, NodeLayout.STREAMING, DAY, 9);
        InMemoryOutput output = new InMemoryOutput();
        long block = 100;
        try (Engine engine = Engine.start(config().withStallAfter(Duration.ofMillis(200)), output)) {
            statuses.append(NodeLines.streamingOrderStatus(block, 1));
            fills.append(NodeLines.fills(block, 1));
            awaitLines(engine, 2);
            // Order statuses go on, fills say nothing: each round is a batch that shows the advance.
            long lines = 2;
            while (engine.counters().blocks().stalledStreams() == 0 && engine.failure() == null) {
                statuses.append(NodeLines.streamingOrderStatus(++block, block));
                awaitLines(engine, ++lines);
            }
            String reason = engine.counters().blocks().stalledReason();
            assertTrue(reason.contains("node_fills") && !reason.contains("node_order_statuses"), reason);
            fills.append(NodeLines.fills(++block, 2));
            awaitLines(engine, ++lines);
            assertEquals(0, engine.counters().blocks().stalledStreams());
            assertNull(engine.counters().blocks().stalledReason());
        }
        List<Rec> stalls = ofType(output.contents().records(), RecordType.STREAM_STALL);
        assertEquals(List.of("node_fills started", "node_fills ended"),
                stalls.stream().map(r -> r.text(Field.STREAM) + " " + r.text(Field.STALL)).toList());
        assertTrue(stalls.get(0).longValue(Field.SILENT_MILLIS) >= 200, stalls::toString);
        assertEquals(100, stalls.get(0).longValue(Field.LAST_BLOCK));
        assertTrue(stalls.get(0).longValue(Field.HEAD_BLOCK) > 100, stalls::toString);
    }

    /** Every event's eventIndex is what Jackson's reading of the files in order says. */
    private static void assertIdentityIsJacksons(List<Rec> records, Map<NodeLayout, List<Path>> files) throws Exception {
        Map<String, Long> expected = new HashMap<>();
        for (Map.Entry<NodeLayout, List<Path>> e : files.entrySet()) {
            expected.putAll(ExpectedIdentity.eventIndexes(e.getValue(), e.getKey() == NodeLayout.BY_BLOCK));
        }
        Map<String, Long> actual = new LinkedHashMap<>();
        Map<String, Integer> inLine = new HashMap<>();
        for (Rec r : records) {
            if (r.type().stream() != null) {
                String line = r.source() + "@" + r.offset();
                int i = inLine.merge(line, 1, Integer::sum) - 1;
                actual.put(line + "#" + i, r.longValue(Field.EVENT_INDEX));
            }
        }
        assertEquals(expected, actual);
    }

    private static List<Rec> ofType(List<Rec> records, RecordType type) {
        return records.stream().filter(r -> r.type() == type).toList();
    }

    private static List<String> seals(List<Rec> records) {
        return ofType(records, RecordType.BLOCK_SEAL).stream()
                .map(r -> r.longValue(Field.BLOCK_NUMBER) + ":" + r.longValue(Field.EVENT_COUNT)).toList();
    }

    private static void awaitLines(Engine engine, long lines) {
        assertTrue(Resources.await(() -> engine.counters().linesWritten() >= lines || engine.failure() != null, WAIT),
                "lines written: " + engine.counters().linesWritten() + " of " + lines);
        assertNull(engine.failure());
    }
}
