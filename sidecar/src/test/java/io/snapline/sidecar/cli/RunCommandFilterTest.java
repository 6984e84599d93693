package io.snapline.sidecar.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.snapline.engine.testing.NodeFile;
import io.snapline.engine.testing.NodeLines;
import io.snapline.tailer.NodeLayout;
import io.snapline.tailer.NodeStream;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code snapline run --drain} with a filter: the summary line says how many events were dropped. */
class RunCommandFilterTest {

    @TempDir
    Path dir;

    @Test
    void shouldShowTheFilteredEventsInTheDrainSummary() throws Exception {
        Path root = dir.resolve("hl/data");
        NodeFile byBlock = NodeFile.at(root, NodeStream.ORDER_STATUSES, NodeLayout.BY_BLOCK, "20260505", 17);
        for (int block = 0; block < 10; block++) {
            byBlock.append(NodeLines.byBlockOrderStatuses(block, 10L * block, 10L * block + 1, 10L * block + 2));
        }
        Path config = Files.writeString(dir.resolve("snapline.yaml"), String.join("\n",
                "sources:",
                "  - node_data: " + root,
                "output:",
                "  chronicle:",
                "    path: " + dir.resolve("queue"),
                "metrics:",
                "  enabled: false",
                "filter:",
                "  order_status:",
                "    drop_status: [badAloPxRejected]",
                ""));

        StringWriter out = new StringWriter();
        int status = new CommandLine(new RunCommand()).setOut(new PrintWriter(out))
                .execute("--config", config.toString(), "--drain");

        assertEquals(ExitCodes.OK, status, out.toString());
        // Each block holds open, badAloPxRejected, open.
        assertTrue(out.toString().startsWith("snapline: 10 lines durable, 20 records, 10 events filtered, 0 dead letters,"),
                out.toString());
    }
}
