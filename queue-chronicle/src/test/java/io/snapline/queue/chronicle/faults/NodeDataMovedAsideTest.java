package io.snapline.queue.chronicle.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.snapline.engine.Engine;
import io.snapline.engine.EngineConfig;
import io.snapline.engine.EngineHooks;
import io.snapline.engine.IntakeGate;
import io.snapline.engine.ring.RingConfig;
import io.snapline.engine.testing.NodeFile;
import io.snapline.engine.testing.NodeLines;
import io.snapline.engine.testing.PollCountingGate;
import io.snapline.queue.chronicle.ChronicleOutput;
import io.snapline.queue.chronicle.QueueContents;
import io.snapline.records.Field;
import io.snapline.records.RecordType;
import io.snapline.records.testing.Rec;
import io.snapline.tailer.NodeLayout;
import io.snapline.tailer.NodeStream;
import io.snapline.tailer.TailerConfig;
import io.snapline.testkit.Resources;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12, item 6, end to end with the real Chronicle output: the node data directory is moved
 * aside while the engine is stopped, the engine starts again (resuming from the queue's positions)
 * and lists it missing several times, then the directory comes back and grows. Every line must be
 * in the queue once: 3,000 lines, then 1,000 more, are exactly 4,000 records. Before the fix the
 * first empty discovery dropped the positions awaiting resume and the 3,000 lines were read again
 * from offset 0 (3,000 lines became 6,000 records).
 */
@Tag("faults")
class NodeDataMovedAsideTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String DAY = "20260505";
    private static final int FIRST_LINES = 3_000;
    private static final int LATER_LINES = 1_000;
    /** Discoveries (every poll is one, the interval being zero) while the directory is missing. */
    private static final long POLLS_WHILE_MISSING = 20;

    @TempDir
    Path dir;

    private final Map<Long, NodeFile.Line> lineByOid = new HashMap<>();
    private final Map<Long, NodeFile> fileByOid = new HashMap<>();
    private long nextOid = 1_000_000;

    @Test
    void shouldReadEveryLineOnceWhenTheDataDirectoryWasMissingAtStart() throws Exception {
        Path root = dir.resolve("hl").resolve("data");
        Path aside = dir.resolve("hl").resolve("data.aside");
        Path queue = dir.resolve("queue");
        List<NodeFile> files = List.of(
                NodeFile.at(root, NodeStream.ORDER_STATUSES, NodeLayout.STREAMING, DAY, 17),
                NodeFile.at(root, NodeStream.ORDER_STATUSES, NodeLayout.STREAMING, DAY, 18),
                NodeFile.at(root, NodeStream.ORDER_STATUSES, NodeLayout.PLAIN, DAY, 18));
        write(files, FIRST_LINES);

        try (Engine engine = start(root, queue, new PollCountingGate())) {
            awaitDurable(engine, FIRST_LINES);
        }
        assertEquals(FIRST_LINES, QueueContents.read(queue).events().size(), "the first run's records");

        Files.move(root, aside);
        PollCountingGate polls = new PollCountingGate();
        try (Engine engine = start(root, queue, polls)) {
            assertFalse(engine.resumedFrom().isEmpty(), "the second run resumes from the queue's positions");
            assertTrue(Resources.await(() -> polls.count() >= POLLS_WHILE_MISSING || engine.failure() != null, WAIT),
                    "the reader polled " + polls.count() + " times");
            assertNull(engine.failure(), "the engine failed with the directory missing");
            assertEquals(0, engine.counters().linesWritten(), "nothing to read while the directory is missing");

            Files.move(aside, root);
            write(files, LATER_LINES);
            awaitDurable(engine, LATER_LINES);
        }

        List<Rec> records = QueueContents.read(queue).events();
        assertEquals(List.of(), records.stream().filter(r -> r.type() != RecordType.ORDER_STATUS).toList(),
                "only order statuses, no dead letter");
        Map<Long, Integer> times = new HashMap<>();
        List<String> misplaced = new ArrayList<>();
        for (Rec record : records) {
            long oid = record.longValue(Field.OID);
            times.merge(oid, 1, Integer::sum);
            NodeFile.Line line = lineByOid.get(oid);
            if (line == null || !fileByOid.get(oid).path().toString().equals(record.source())
                    || line.start() != record.offset()) {
                misplaced.add("oid " + oid + " at " + record.source() + "@" + record.offset());
            }
        }
        assertEquals(List.of(), misplaced.subList(0, Math.min(10, misplaced.size())), "records not where their line is");
        assertEquals(List.of(), times.entrySet().stream().filter(e -> e.getValue() != 1).limit(10).toList(),
                "oids in the queue more than once");
        assertEquals(FIRST_LINES + LATER_LINES, records.size(), "every line once: 3,000 then 1,000 lines");
        assertEquals(lineByOid.keySet(), times.keySet(), "every oid written is in the queue");
    }

    /** Appends {@code lines} order statuses, one file after another in turn. */
    private void write(List<NodeFile> files, int lines) throws IOException {
        for (int i = 0; i < lines; i++) {
            NodeFile file = files.get(i % files.size());
            long oid = nextOid++;
            String text = file.path().toString().contains("streaming")
                    ? NodeLines.streamingOrderStatus(500 + oid / 7, oid)
                    : NodeLines.plainOrderStatus(oid);
            lineByOid.put(oid, file.append(text).get(0));
            fileByOid.put(oid, file);
        }
    }

    private static Engine start(Path root, Path queue, IntakeGate gate) throws IOException {
        EngineConfig config = EngineConfig.forNodeDataEveryLayout(root)
                .withRing(new RingConfig(8, 64 * 1024, 64, 64, Duration.ofMillis(2), 2))
                .withTailer(TailerConfig.defaults().withDiscoveryInterval(Duration.ZERO))
                .withMaxIdle(Duration.ofMillis(5));
        return Engine.start(config, ChronicleOutput.open(queue, config), EngineHooks.NONE.withIntake(gate));
    }

    private static void awaitDurable(Engine engine, long lines) throws InterruptedException {
        assertTrue(Resources.await(() -> engine.counters().linesWritten() >= lines || engine.failure() != null, WAIT),
                "lines written: " + engine.counters().linesWritten() + " of " + lines);
        assertNull(engine.failure(), "the engine failed");
        assertTrue(engine.awaitCaughtUp(WAIT), "caught up");
    }
}
