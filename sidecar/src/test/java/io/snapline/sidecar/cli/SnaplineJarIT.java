package io.snapline.sidecar.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.snapline.engine.testing.ExpectedIdentity;
import io.snapline.engine.testing.ExpectedViews;
import io.snapline.records.testing.JsonTree;
import io.snapline.tailer.NodeStream;
import io.snapline.testkit.Resources;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The packaged JAR end to end, as a child process, against files written by its own
 * {@code generate}: drain counts, rollover, field-by-field output, dead letters, SIGTERM and
 * resume, config errors.
 */
class SnaplineJarIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    /** A status line that counts dead letters made durable: "dead letters 3 (+1)". */
    private static final Pattern DURABLE_DEAD_LETTERS = Pattern.compile("dead letters [1-9]");
    private static final Pattern SOURCE_OFFSET = Pattern.compile(",\"source\":\"([^\"]*)\",\"offset\":(\\d+)}$");

    @TempDir
    Path dir;

    private SnaplineJar jar() {
        return new SnaplineJar(dir.resolve("logs"));
    }

    private Path nodeData() {
        return dir.resolve("hl/data");
    }

    private Path config() throws IOException {
        Path config = dir.resolve("snapline.yaml");
        Files.writeString(config, String.join("\n",
                "sources:",
                "  - node_data: " + nodeData(),
                "    streams: [node_order_statuses]",
                "output:",
                "  chronicle:",
                "    path: " + dir.resolve("queue"),
                "metrics:",
                "  enabled: false",
                "logging:",
                "  status_interval: 1s", // a status line a second: tests wait on its counts, not on time
                ""));
        return config;
    }

    private void generate(SnaplineJar jar, int lines, String... more) throws Exception {
        List<String> args = new ArrayList<>(List.of("generate", "--out", nodeData().toString(),
                "--stream", "node_order_statuses", "--layout", "streaming", "--lines", Integer.toString(lines),
                "--start-hour", "20261122/22", "--lines-per-hour", "4000", "--bad-every", "250"));
        args.addAll(List.of(more));
        SnaplineJar.Child child = jar.run(TIMEOUT, args.toArray(String[]::new));
        assertEquals(0, child.process.exitValue(), child.stderr());
    }

    @Test
    void drainReadsEveryLineAcrossHourFilesExactlyOnce() throws Exception {
        SnaplineJar jar = jar();
        generate(jar, 10_000);
        List<Path> files = nodeFiles();
        assertEquals(3, files.size(), "4000 lines an hour over 10000 lines, from 22:00 across midnight: " + files);

        SnaplineJar.Child run = jar.run(TIMEOUT, "run", "--config", config().toString(), "--drain");
        assertEquals(0, run.process.exitValue(), run.stderr());
        assertTrue(run.stdout().contains("10,000 lines durable"), run.stdout());

        List<String> records = cat(jar, "--type", "order_status"); // the events, not the block seals
        List<String> deadLetters = cat(jar, "--dead-letters");
        assertEquals(10_000 / 250, deadLetters.size(), "one dead letter per injected bad line");
        assertEquals(10_000 - 10_000 / 250, records.size());
        assertExactlyOnce(files, records, deadLetters);
        for (String deadLetter : deadLetters) {
            Map<String, Object> fields = JsonTree.object(deadLetter);
            assertEquals("dead_letter", fields.get("type"));
            assertTrue(fields.containsKey("reason") && fields.containsKey("length"), deadLetter);
            assertTrue(fields.containsKey("line") || fields.containsKey("lineBase64"), deadLetter);
        }
    }

    @Test
    void catPrintsTheNodesFieldsExactly() throws Exception {
        SnaplineJar jar = jar();
        generate(jar, 3_000);
        assertEquals(0, jar.run(TIMEOUT, "run", "--config", config().toString(), "--drain").process.exitValue());

        // Event indexes count a streaming block's events over its lines, dead letters left out.
        java.util.Set<String> dead = new java.util.HashSet<>();
        for (String letter : cat(jar, "--dead-letters")) {
            Map<String, Object> fields = JsonTree.object(letter);
            dead.add(fields.get("source") + "@" + fields.get("offset"));
        }
        List<Path> files = new ArrayList<>(nodeFiles());
        files.sort(java.util.Comparator.comparing((Path f) -> f.getParent().getFileName().toString())
                .thenComparingInt(f -> Integer.parseInt(f.getFileName().toString())));
        Map<String, Long> indexes = ExpectedIdentity.eventIndexes(files, false, dead);
        int compared = 0;
        for (String line : cat(jar, "--type", "order_status")) {
            Map<String, Object> printed = JsonTree.object(line);
            String source = (String) printed.get("source");
            long offset = (Long) printed.get("offset");
            // The oracle reads the node's line with Jackson alone: every field, its exact text.
            List<Map<String, Object>> expected = ExpectedIdentity.apply(indexes, source + "@" + offset,
                    ExpectedViews.of(NodeStream.ORDER_STATUSES, nodeLineAt(source, offset), source, offset));
            assertEquals(List.of(printed), expected, "the record printed for " + source + "@" + offset);
            compared++;
        }
        assertEquals(3_000 - 3_000 / 250, compared);
    }

    @Test
    void sigtermStopsCleanlyWithStatusZeroAndTheNextStartResumesExactly() throws Exception {
        SnaplineJar jar = jar();
        Path config = config();
        SnaplineJar.Child writer = jar.start("generate", "--out", nodeData().toString(), "--stream", "node_order_statuses",
                "--layout", "streaming", "--lines", "24000", "--rate", "4000", "--start-hour", "20261122/23",
                "--lines-per-hour", "9000", "--bad-every", "250");
        SnaplineJar.Child follower = jar.start("run", "--config", config.toString());
        // Mid-stream: once it has started and made lines durable, not while the JVM is still starting.
        assertTrue(awaitStderr(follower, "started:"), "the follower started\n" + follower.stderr());
        // Mid-stream: once lines are durable (a dead letter every 250 lines is counted in the status line).
        assertTrue(awaitStderr(follower, DURABLE_DEAD_LETTERS), "lines became durable\n" + follower.stderr());
        follower.terminate();
        assertEquals(0, follower.waitFor(TIMEOUT), "SIGTERM exits 0 after a clean drain\n" + follower.stderr());
        assertTrue(follower.stdout().contains("lines durable"), follower.stdout());
        assertEquals(0, writer.waitFor(TIMEOUT), writer.stderr());

        SnaplineJar.Child rest = jar.run(TIMEOUT, "run", "--config", config.toString(), "--drain");
        assertEquals(0, rest.process.exitValue(), rest.stderr());
        List<String> records = cat(jar, "--type", "order_status"); // the events, not the block seals
        List<String> deadLetters = cat(jar, "--dead-letters");
        assertEquals(24_000, records.size() + deadLetters.size());
        assertExactlyOnce(nodeFiles(), records, deadLetters);
    }

    @Test
    void anInvalidConfigNamesTheKeyAndItsLineAndStartsNothing() throws Exception {
        Path config = dir.resolve("bad.yaml");
        Files.writeString(config, String.join("\n",
                "sources:",
                "  - node_data: " + nodeData(),
                "    streems: [node_order_statuses]",
                "output:",
                "  chronicle:",
                "    path: " + dir.resolve("queue"),
                "engine:",
                "  ring_slots: twelve",
                ""));
        SnaplineJar jar = jar();
        for (String command : List.of("check", "run")) {
            SnaplineJar.Child child = jar.run(TIMEOUT, command, "--config", config.toString());
            assertEquals(3, child.process.exitValue(), command + ": " + child.stderr());
            String err = child.stderr();
            assertTrue(err.contains("bad.yaml:3") && err.contains("streems"), err);
            assertTrue(err.contains("bad.yaml:8") && err.contains("engine.ring_slots"), err);
        }
        assertTrue(Files.notExists(dir.resolve("queue")), "nothing was started, not even the queue");
    }

    @Test
    void everyCommandHasHelp() throws Exception {
        SnaplineJar jar = jar();
        for (String command : List.of("run", "check", "cat", "generate")) {
            SnaplineJar.Child child = jar.run(TIMEOUT, command, "--help");
            assertEquals(0, child.process.exitValue(), child.stderr());
            assertTrue(child.stdout().contains("Usage: snapline " + command), child.stdout());
        }
    }

    /**
     * The manifest's Add-Opens/Add-Exports are the parent pom's chronicle.manifest lists, written
     * apart from its chronicle.jvm.flags (a manifest cannot take flags); here they must agree.
     */
    @Test
    void theManifestOpensAndExportsWhatTheChronicleFlagsDo() throws Exception {
        String flags = System.getProperty("snapline.chronicle.jvm.flags");
        assertNotNull(flags, "system property snapline.chronicle.jvm.flags is not set: run with failsafe (mvn verify)");
        List<String> opens = new ArrayList<>();
        List<String> exports = new ArrayList<>();
        for (String flag : flags.trim().split("\\s+")) {
            if (flag.startsWith("--add-opens=")) {
                opens.add(toAllUnnamed(flag, "--add-opens="));
            } else if (flag.startsWith("--add-exports=")) {
                exports.add(toAllUnnamed(flag, "--add-exports="));
            }
        }
        Attributes manifest = jar().manifest();
        assertEquals(String.join(" ", opens), manifest.getValue("Add-Opens"));
        assertEquals(String.join(" ", exports), manifest.getValue("Add-Exports"));
    }

    /** {@code module/package} of {@code --add-opens=module/package=ALL-UNNAMED}, the one target a manifest has. */
    private static String toAllUnnamed(String flag, String option) {
        assertTrue(flag.endsWith("=ALL-UNNAMED"), flag + ": a manifest can only open or export to ALL-UNNAMED");
        return flag.substring(option.length(), flag.length() - "=ALL-UNNAMED".length());
    }

    private static boolean awaitStderr(SnaplineJar.Child child, String text) throws Exception {
        return awaitStderr(child, Pattern.compile(Pattern.quote(text)));
    }

    /** Waits until the child's log matches, or it exits, or {@link #TIMEOUT} passes. */
    private static boolean awaitStderr(SnaplineJar.Child child, Pattern pattern) throws Exception {
        Resources.await(() -> !child.process.isAlive() || stderrMatches(child, pattern), TIMEOUT);
        return stderrMatches(child, pattern);
    }

    private static boolean stderrMatches(SnaplineJar.Child child, Pattern pattern) {
        try {
            return pattern.matcher(child.stderr()).find();
        } catch (IOException e) {
            return false;
        }
    }

    private List<String> cat(SnaplineJar jar, String... more) throws Exception {
        List<String> args = new ArrayList<>(List.of("cat", "--queue", dir.resolve("queue").toString()));
        args.addAll(List.of(more));
        SnaplineJar.Child child = jar.run(TIMEOUT, args.toArray(String[]::new));
        assertEquals(0, child.process.exitValue(), child.stderr());
        return child.stdoutLines();
    }

    private List<Path> nodeFiles() throws IOException {
        try (Stream<Path> files = Files.walk(nodeData())) {
            return files.filter(Files::isRegularFile).sorted().toList();
        }
    }

    /** Every line start of every file appears once among the records and dead letters; nothing else does. */
    private static void assertExactlyOnce(List<Path> files, List<String> records, List<String> deadLetters) throws IOException {
        Set<String> expected = new HashSet<>();
        for (Path file : files) {
            byte[] bytes = Files.readAllBytes(file);
            long start = 0;
            for (int i = 0; i < bytes.length; i++) {
                if (bytes[i] == '\n') {
                    expected.add(file + "@" + start);
                    start = i + 1;
                }
            }
        }
        Map<String, Integer> seen = new HashMap<>();
        for (List<String> lines : List.of(records, deadLetters)) {
            for (String line : lines) {
                Matcher m = SOURCE_OFFSET.matcher(line);
                assertTrue(m.find(), "no source and offset at the end of " + line);
                seen.merge(m.group(1) + "@" + m.group(2), 1, Integer::sum);
            }
        }
        seen.forEach((key, count) -> assertEquals(1, count, key + " appears " + count + " times"));
        assertEquals(expected, seen.keySet());
    }

    private final Map<String, byte[]> fileBytes = new HashMap<>();

    private byte[] nodeLineAt(String source, long offset) throws IOException {
        byte[] bytes = fileBytes.get(source);
        if (bytes == null) {
            bytes = Files.readAllBytes(Path.of(source));
            fileBytes.put(source, bytes);
        }
        int end = (int) offset;
        while (bytes[end] != '\n') {
            end++;
        }
        return Arrays.copyOfRange(bytes, (int) offset, end);
    }
}
