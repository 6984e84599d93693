package io.snapline.sidecar.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.snapline.queue.chronicle.ChronicleOutput;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Item 7 of issue 12: {@code snapline run} on a queue another engine holds exits 3 and starts nothing. */
@Tag("faults")
class RunCommandLockTest {

    @TempDir
    Path dir;

    @Test
    void shouldExitThreeWhenAnotherEngineHoldsTheQueue() throws Exception {
        Path root = Files.createDirectories(dir.resolve("hl/data"));
        Path queue = dir.resolve("queue");
        Path config = Files.writeString(dir.resolve("snapline.yaml"), String.join("\n",
                "sources:",
                "  - node_data: " + root,
                "output:",
                "  chronicle:",
                "    path: " + queue,
                "metrics:",
                "  enabled: false",
                ""));
        ChronicleOutput holder = ChronicleOutput.open(queue, Duration.ZERO, 1 << 20);
        try {
            StringWriter out = new StringWriter();
            int status = new CommandLine(new RunCommand()).setOut(new PrintWriter(out))
                    .execute("--config", config.toString(), "--drain");
            assertEquals(ExitCodes.OUTPUT_IN_USE, status);
            assertEquals(3, status);
            assertTrue(out.toString().isEmpty(), "no summary: nothing was started; " + out);
        } finally {
            holder.close();
        }
    }
}
