package io.snapline.queue.chronicle.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.snapline.engine.Engine;
import io.snapline.engine.EngineConfig;
import io.snapline.engine.testing.NodeFile;
import io.snapline.engine.testing.NodeLines;
import io.snapline.queue.chronicle.ChronicleOutput;
import io.snapline.queue.chronicle.QueueContents;
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
 * Issue 12, item 1, into the real queue: the line whose 65,000-character local_time, copied into
 * each of its 5,300 events, made 345 MB of records (and failed the queue writer, at every
 * restart) is one dead letter, and the lines around it are in the queue.
 */
@Tag("faults")
class HugeRecordsLineTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    @Test
    void shouldWriteALineWithHugeRecordsAsOneDeadLetterAndTheLinesAroundIt() throws Exception {
        Path root = dir.resolve("hl").resolve("data");
        Path queue = dir.resolve("queue");
        NodeFile file = NodeFile.at(root, NodeStream.ORDER_STATUSES, NodeLayout.BY_BLOCK, "20260505", 17);
        StringBuilder huge = new StringBuilder(400_000).append("{\"local_time\":\"").append("7".repeat(65_000))
                .append("\",\"block_time\":\"2026-05-05T17:39:13.505427172\",\"block_number\":101,\"events\":[");
        for (int i = 0; i < 5_300; i++) {
            huge.append(i == 0 ? "" : ",").append("{\"user\":\"u\",\"status\":\"s\",\"order\":{\"coin\":\"C\",\"oid\":9}}");
        }
        huge.append("]}");
        file.append(NodeLines.byBlockOrderStatuses(100, 1), huge.toString(), NodeLines.byBlockOrderStatuses(102, 3));
        EngineConfig config = EngineConfig.forNodeData(root)
                .withTailer(TailerConfig.defaults().withDiscoveryInterval(Duration.ofMillis(50)))
                .withMaxIdle(Duration.ofMillis(5));

        try (Engine engine = Engine.start(config, ChronicleOutput.open(queue, config))) {
            assertTrue(Resources.await(() -> engine.counters().linesWritten() >= 3 || engine.failure() != null, WAIT),
                    "lines written: " + engine.counters().linesWritten());
            assertNull(engine.failure(), "one line must not fail the queue writer");
            assertEquals(1, engine.counters().deadLetters(DeadLetterReason.RECORDS_TOO_LARGE));
        }

        List<Rec> records = QueueContents.read(queue).events();
        assertEquals(3, records.size(), records::toString);
        assertEquals(1, records.get(0).longValue(Field.OID));
        assertEquals(RecordType.DEAD_LETTER, records.get(1).type());
        assertEquals("records_too_large", records.get(1).text(Field.REASON));
        assertEquals(huge.length(), records.get(1).longValue(Field.LINE_LENGTH));
        assertEquals(3, records.get(2).longValue(Field.OID));
    }
}
