package io.snapline.sidecar.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.snapline.engine.testing.NodeFile;
import io.snapline.engine.testing.NodeLines;
import io.snapline.queue.chronicle.QueueRecords;
import io.snapline.records.Field;
import io.snapline.records.RecordType;
import io.snapline.tailer.NodeLayout;
import io.snapline.tailer.NodeStream;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Two layouts of one stream on disk, as after an operator switched the node from by-block to
 * streaming output: the old directory stays and stops growing. The default config reads each
 * event once; listing both layouts reads both whole, which is what shows the scenario duplicates.
 */
class RunCommandLayoutsTest {

    private static final long HISTORY_OIDS = 100; // hour 16: only the by-block layout has it

    @TempDir
    Path dir;

    @Test
    void shouldIngestEachEventOnceByDefaultWithTwoLayoutsOfAStreamOnDisk() throws Exception {
        Path root = writeSwitchedNode();

        List<Long> oids = drainedOids(root, "");

        assertEquals(expectedOnce(), oids);
    }

    @Test
    void shouldReadBothLayoutsWholeWhenTheConfigListsThem() throws Exception {
        Path root = writeSwitchedNode();

        List<Long> oids = drainedOids(root, "    layouts: [by_block, streaming]\n");

        List<Long> twice = new ArrayList<>(expectedOnce());
        for (long oid = HISTORY_OIDS; oid < HISTORY_OIDS + 30; oid++) {
            twice.add(oid); // hour 17 from the layout that is no longer written as well
        }
        twice.sort(null);
        assertEquals(twice, oids);
    }

    /** Hour 16 by-block only; hour 17 the same 30 events in both layouts, by-block written 30 min earlier. */
    private Path writeSwitchedNode() throws Exception {
        Path root = dir.resolve("hl/data");
        NodeFile history = NodeFile.at(root, NodeStream.ORDER_STATUSES, NodeLayout.BY_BLOCK, "20260505", 16);
        for (long block = 0; block < HISTORY_OIDS / 10; block++) {
            history.append(NodeLines.byBlockOrderStatuses(block, oidsOf(block)));
        }
        NodeFile old = NodeFile.at(root, NodeStream.ORDER_STATUSES, NodeLayout.BY_BLOCK, "20260505", 17);
        NodeFile current = NodeFile.at(root, NodeStream.ORDER_STATUSES, NodeLayout.STREAMING, "20260505", 17);
        for (long block = HISTORY_OIDS / 10; block < HISTORY_OIDS / 10 + 3; block++) {
            old.append(NodeLines.byBlockOrderStatuses(block, oidsOf(block)));
            for (long oid : oidsOf(block)) {
                current.append(NodeLines.streamingOrderStatus(block, oid));
            }
        }
        Instant now = Instant.now();
        Files.setLastModifiedTime(history.path(), FileTime.from(now.minus(90, ChronoUnit.MINUTES)));
        Files.setLastModifiedTime(old.path(), FileTime.from(now.minus(30, ChronoUnit.MINUTES)));
        Files.setLastModifiedTime(current.path(), FileTime.from(now));
        return root;
    }

    private static long[] oidsOf(long block) {
        long[] oids = new long[10];
        for (int i = 0; i < oids.length; i++) {
            oids[i] = 10 * block + i;
        }
        return oids;
    }

    private static List<Long> expectedOnce() {
        List<Long> oids = new ArrayList<>();
        for (long oid = 0; oid < HISTORY_OIDS + 30; oid++) {
            oids.add(oid);
        }
        return oids;
    }

    /** Runs {@code snapline run --drain} and returns the oids of the order statuses in the queue, sorted. */
    private List<Long> drainedOids(Path root, String layoutsLine) throws Exception {
        Path queue = dir.resolve("queue");
        Path config = Files.writeString(dir.resolve("snapline.yaml"), "sources:\n"
                + "  - node_data: " + root + "\n"
                + "    streams: [node_order_statuses]\n"
                + layoutsLine
                + "output:\n  chronicle:\n    path: " + queue + "\n"
                + "metrics:\n  enabled: false\n");
        StringWriter out = new StringWriter();
        int status = new CommandLine(new RunCommand()).setOut(new PrintWriter(out)).setErr(new PrintWriter(out))
                .execute("--config", config.toString(), "--drain");
        assertEquals(ExitCodes.OK, status, out.toString());

        List<Long> oids = new ArrayList<>();
        try (QueueRecords records = QueueRecords.open(queue)) {
            records.forEachRecord(r -> {
                if (r.type() != RecordType.DEAD_LETTER && r.type().stream() == null) {
                    return; // a block seal: the accounting, not an event
                }
                assertEquals(RecordType.ORDER_STATUS, r.type(), r::toString);
                oids.add(r.longValue(Field.OID));
            });
        }
        oids.sort(null);
        return oids;
    }
}
