package io.snapline.sidecar.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.snapline.sidecar.config.SnaplineConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code snapline check} in-process: it refuses stop budgets that do not fit {@code
 * shutdown.timeout}, naming the keys, prints the sum for a file that fits, and says which heap it
 * judged the heap rules against.
 */
class CheckCommandTest {

    @TempDir
    Path dir;

    private String out = "";
    private String err = "";

    private int check(String yaml) throws IOException {
        Path file = Files.writeString(dir.resolve("snapline.yaml"), """
                sources:
                  - node_data: /root/hl/data
                output:
                  chronicle:
                    path: /q
                """ + yaml);
        StringWriter outText = new StringWriter();
        StringWriter errText = new StringWriter();
        CommandLine command = Main.commandLine();
        command.setOut(new PrintWriter(outText));
        command.setErr(new PrintWriter(errText));
        int status = command.execute("check", "--config", file.toString());
        out = outText.toString();
        err = errText.toString();
        return status;
    }

    /** Valid before: the reader's stop alone can take the 10s, and the drain its 10s on top. */
    @Test
    void shouldRefuseAShutdownTimeoutThatTheStopBudgetsDoNotFit() throws IOException {
        assertEquals(ExitCodes.BAD_CONFIG, check("shutdown:\n  timeout: 10s\n"), out);
        assertTrue(err.contains(":7: shutdown.timeout: expected at least 35s (the stop budgets add up to reader stop"
                + " 10s + engine.drain_timeout 10s + ring thread joins 5s + sidecar threads 8s + closing the queue 2s"
                + " = 35s), got 10s"), err);
    }

    @Test
    void shouldPrintTheStopBudgetsAndTheHeapItJudgedAgainst() throws IOException {
        assertEquals(ExitCodes.OK, check("memory:\n  max_heap: 512MiB\n"), err);
        assertTrue(out.contains("  shutdown: 40s holds reader stop 10s + engine.drain_timeout 10s + ring thread joins 5s"
                + " + sidecar threads 8s + closing the queue 2s = 35s"), out);
        assertTrue(out.contains("  heap:    rules judged against memory.max_heap 512MiB, as run judges them"), out);

        assertEquals(ExitCodes.OK, check(""), err);
        assertTrue(out.contains("  note: heap rules judged against this JVM's max heap"), out);
    }

    @Test
    void shouldSayWhatTheFilterDrops() throws IOException {
        assertEquals(ExitCodes.OK, check(""), err);
        assertTrue(out.contains("  filter:  none: every event is kept"), out);

        assertEquals(ExitCodes.OK, check("filter:\n  order_status:\n    drop_status: [badAloPxRejected]\n"), err);
        assertTrue(out.contains("  filter:  dropping order_status: drop_status 1 value\n"), out);
    }

    /** The shipped unit must give a stop more time than shutdown.timeout before systemd sends SIGKILL. */
    @Test
    void shouldGiveTheSystemdUnitAStopTimeoutAboveTheDefaultShutdownTimeout() throws IOException {
        Matcher stop = Pattern.compile("(?m)^TimeoutStopSec=(\\d+)$")
                .matcher(Files.readString(Path.of("..", "docs", "snapline.service")));
        assertTrue(stop.find(), "TimeoutStopSec in docs/snapline.service");
        Duration systemd = Duration.ofSeconds(Long.parseLong(stop.group(1)));
        assertTrue(systemd.compareTo(SnaplineConfig.DEFAULT_SHUTDOWN_TIMEOUT) > 0,
                "TimeoutStopSec " + systemd + " must exceed shutdown.timeout " + SnaplineConfig.DEFAULT_SHUTDOWN_TIMEOUT);
    }
}
