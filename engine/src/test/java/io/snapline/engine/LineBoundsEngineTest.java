package io.snapline.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.snapline.engine.testing.InMemoryOutput;
import io.snapline.engine.testing.NodeFile;
import io.snapline.engine.testing.NodeLines;
import io.snapline.records.DeadLetterReason;
import io.snapline.records.Field;
import io.snapline.records.RecordType;
import io.snapline.records.testing.Rec;
import io.snapline.tailer.NodeLayout;
import io.snapline.tailer.NodeStream;
import io.snapline.tailer.TailerConfig;
import io.snapline.testkit.Resources;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12, item 1, through the engine: a legal line whose records would be huge (its envelope's
 * 65,000-character local_time copied into 5,300 events) is one dead letter, the lines around it
 * are written, and the output, refusing documents over the engine's own
 * {@link EngineConfig#largestBatchBytes()} as a queue writer does, never sees a batch over it.
 * Before the bound, that line's 345 MB of records failed the write and so the engine, again at
 * every restart.
 */
@Tag("faults")
class LineBoundsEngineTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    @Test
    void shouldDeadLetterALineWhoseRecordsWouldBeHugeAndWriteTheLinesAroundIt() throws Exception {
        Path root = dir.resolve("hl").resolve("data");
        NodeFile file = NodeFile.at(root, NodeStream.ORDER_STATUSES, NodeLayout.BY_BLOCK, "20260505", 17);
        String huge = hugeRecordsLine();
        file.append(NodeLines.byBlockOrderStatuses(100, 1), huge, NodeLines.byBlockOrderStatuses(102, 3));
        EngineConfig config = EngineConfig.forNodeData(root)
                .withTailer(TailerConfig.defaults().withDiscoveryInterval(Duration.ofMillis(50)))
                .withMaxIdle(Duration.ofMillis(5));
        InMemoryOutput output = new InMemoryOutput().largestDocument(config.largestBatchBytes());

        try (Engine engine = Engine.start(config, output)) {
            assertTrue(Resources.await(() -> engine.counters().linesWritten() >= 3 || engine.failure() != null, WAIT),
                    "lines written: " + engine.counters().linesWritten());
            assertNull(engine.failure(), "one line must not fail the pipeline");
            assertEquals(3, engine.counters().linesWritten());
            assertEquals(1, engine.counters().deadLetters(DeadLetterReason.RECORDS_TOO_LARGE));
        }

        List<Rec> records = output.contents().records().stream().filter(r -> !r.isBlockAccounting()).toList();
        assertEquals(3, records.size(), records::toString);
        assertEquals(RecordType.ORDER_STATUS, records.get(0).type());
        assertEquals(1, records.get(0).longValue(Field.OID));
        assertEquals(RecordType.DEAD_LETTER, records.get(1).type());
        assertEquals("records_too_large", records.get(1).text(Field.REASON));
        assertEquals(huge.length(), records.get(1).longValue(Field.LINE_LENGTH));
        assertEquals(3, records.get(2).longValue(Field.OID));
    }

    /** The reported line's shape: a 65,000-character local_time and 5,300 tiny, valid events. */
    private static String hugeRecordsLine() {
        StringBuilder line = new StringBuilder(400_000);
        line.append("{\"local_time\":\"").append("7".repeat(65_000))
                .append("\",\"block_time\":\"2026-05-05T17:39:13.505427172\",\"block_number\":101,\"events\":[");
        for (int i = 0; i < 5_300; i++) {
            line.append(i == 0 ? "" : ",").append("{\"user\":\"u\",\"status\":\"s\",\"order\":{\"coin\":\"C\",\"oid\":9}}");
        }
        return line.append("]}").toString();
    }
}
