package io.snapline.queue.chronicle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.snapline.engine.output.OutputInUseException;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Item 7 of issue 12: two engines on one queue would write every line twice; the second refuses. */
@Tag("faults")
class OutputLockTest {

    private static final long LARGEST_BATCH = 1 << 20;

    @TempDir
    Path dir;

    @Test
    void shouldRefuseASecondOutputOnTheSameQueueInThisJvmAndAllowOneAfterClose() {
        Path queue = dir.resolve("queue");
        ChronicleOutput first = ChronicleOutput.open(queue, Duration.ZERO, LARGEST_BATCH);
        try {
            OutputInUseException refused = assertThrows(OutputInUseException.class,
                    () -> ChronicleOutput.open(queue, Duration.ZERO, LARGEST_BATCH).close());
            assertTrue(refused.getMessage().contains("pid " + ProcessHandle.current().pid() + " on host "),
                    refused.getMessage());
            // The refused open must not have dropped the first one's lock (closing a second
            // descriptor of the file would, on Linux): a third open still refuses.
            assertThrows(OutputInUseException.class, () -> ChronicleOutput.open(queue, Duration.ZERO, LARGEST_BATCH));
        } finally {
            first.close();
        }
        ChronicleOutput.open(queue, Duration.ZERO, LARGEST_BATCH).close();
    }

    @Test
    void shouldRefuseWhileAnotherProcessHoldsTheQueueAndTakeItOnceThatProcessIsKilled() throws Exception {
        Path queue = dir.resolve("queue");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), LockHolderMain.class.getName(), queue.toString()));
        Process holder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
            String said = out.readLine(); // waits until the child holds the lock
            assertEquals("locked " + holder.pid(), said);

            OutputInUseException refused = assertThrows(OutputInUseException.class,
                    () -> ChronicleOutput.open(queue, Duration.ZERO, LARGEST_BATCH).close());
            assertTrue(refused.getMessage().contains("pid " + holder.pid() + " on host "), refused.getMessage());
        } finally {
            holder.destroyForcibly(); // SIGKILL: the OS releases the lock with the process
            assertTrue(holder.waitFor(30, TimeUnit.SECONDS));
        }
        ChronicleOutput.open(queue, Duration.ZERO, LARGEST_BATCH).close();
    }
}
