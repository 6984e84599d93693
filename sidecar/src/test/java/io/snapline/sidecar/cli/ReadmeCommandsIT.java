package io.snapline.sidecar.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.snapline.testkit.Resources;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The README's own commands, run as written against the real JAR: its config block (with its
 * {@code ${HL_DATA:-...}}) and every {@code java -jar snapline.jar ...} line of its shell blocks,
 * with only the host paths (/etc/snapline, /var/lib/snapline) moved into a temp directory. A
 * command that follows (run without --drain, cat --follow) gets SIGTERM once it is at work (run
 * has logged its start, cat has printed a record) and must exit 0 like the rest.
 */
class ReadmeCommandsIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static final String PREFIX = "java -jar snapline.jar ";

    @TempDir
    Path dir;

    @Test
    void everySnaplineCommandOfTheReadmeWorksAsWritten() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"));
        Path etc = Files.createDirectories(dir.resolve("etc"));
        Path queue = dir.resolve("var/queue");
        Path nodeData = dir.resolve("hl/data");
        Files.writeString(etc.resolve("snapline.yaml"), hostPaths(firstBlock(readme, "```yaml\n"), etc, queue));
        Map<String, String> environment = Map.of("HL_DATA", nodeData.toString());

        SnaplineJar jar = new SnaplineJar(dir.resolve("logs"));
        SnaplineJar.Child generate = jar.run(TIMEOUT, "generate", "--out", nodeData.toString(), "--stream",
                "node_order_statuses", "--layout", "streaming", "--lines", "5000", "--bad-every", "100");
        assertEquals(0, generate.process.exitValue(), generate.stderr());

        List<String> commands = snaplineCommands(readme);
        assertTrue(commands.size() >= 6, "the README's commands: " + commands);
        for (String command : commands) {
            String[] args = hostPaths(command, etc, queue).split("\\s+");
            SnaplineJar.Child child = jar.start(environment, args);
            boolean follows = command.contains("--follow") || (args[0].equals("run") && !command.contains("--drain"));
            if (follows) {
                String atWork = args[0].equals("run") ? "run logged its start" : "cat printed a record";
                assertTrue(Resources.await(() -> !child.process.isAlive() || atWork(child, args[0]), TIMEOUT),
                        command + ": " + atWork + "\n" + output(child));
                child.terminate();
            }
            assertEquals(0, child.waitFor(TIMEOUT), command + "\n" + child.stderr());
            if (args[0].equals("cat")) {
                assertFalse(child.stdout().isEmpty(), command + " printed nothing");
            }
        }
    }

    /** A following run has started reading; a following cat has printed what the queue holds. */
    private static boolean atWork(SnaplineJar.Child child, String command) {
        try {
            return command.equals("run") ? child.stderr().contains("started:") : !child.stdout().isEmpty();
        } catch (IOException e) {
            return false;
        }
    }

    private static String output(SnaplineJar.Child child) {
        try {
            return child.stderr();
        } catch (IOException e) {
            return e.toString();
        }
    }

    /** {@code java -jar snapline.jar} lines of the shell blocks, without comments and pipes. */
    private static List<String> snaplineCommands(String readme) {
        List<String> commands = new ArrayList<>();
        boolean inShell = false;
        for (String line : readme.split("\n")) {
            if (line.startsWith("```")) {
                inShell = !inShell && line.equals("```sh");
                continue;
            }
            if (inShell && line.startsWith(PREFIX)) {
                String command = line.substring(PREFIX.length());
                for (String end : List.of("#", "|")) {
                    int at = command.indexOf(end);
                    command = at < 0 ? command : command.substring(0, at);
                }
                commands.add(command.trim());
            }
        }
        return commands;
    }

    private static String firstBlock(String readme, String fence) {
        int start = readme.indexOf(fence);
        assertTrue(start >= 0, "no " + fence.trim() + " block in the README");
        start += fence.length();
        return readme.substring(start, readme.indexOf("```", start));
    }

    private static String hostPaths(String text, Path etc, Path queue) {
        return text.replace("/etc/snapline", etc.toString()).replace("/var/lib/snapline/queue", queue.toString());
    }
}
