package io.snapline.sidecar.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.snapline.engine.Engine;
import io.snapline.engine.EngineConfig;
import io.snapline.engine.ring.RingConfig;
import io.snapline.engine.testing.ExpectedIdentity;
import io.snapline.engine.testing.ExpectedViews;
import io.snapline.engine.testing.FileLines;
import io.snapline.engine.testing.StreamSamples;
import io.snapline.nodegen.BadLine;
import io.snapline.nodegen.GeneratorOptions;
import io.snapline.nodegen.NodeFileGenerator;
import io.snapline.nodegen.NodeHour;
import io.snapline.queue.chronicle.ChronicleOutput;
import io.snapline.records.RecordType;
import io.snapline.records.testing.JsonTree;
import io.snapline.tailer.NodeLayout;
import io.snapline.tailer.NodeStream;
import io.snapline.tailer.TailerConfig;
import io.snapline.testkit.Resources;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import picocli.CommandLine;

/**
 * {@code snapline cat} over a queue the real engine wrote from generated node files with bad
 * lines: every record printed is checked field by field against the generated line as Jackson
 * reads it.
 */
class CatCommandTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final NodeHour HOUR = NodeHour.parse("20260505/17");

    /** One generator run: which stream and layout, how many lines, how often a bad one. */
    record Generated(NodeStream stream, NodeLayout layout, int lines, int badEvery, int eventsPerBlock, long linesPerHour) {

        GeneratorOptions options(Path root) {
            return GeneratorOptions.of(root, stream, layout, lines).withStartHour(HOUR).withBadEvery(badEvery)
                    .withEventsPerBlock(eventsPerBlock).withLinesPerHour(linesPerHour);
        }
    }

    // Each with at least five bad lines, so every kind of bad line is in the queue (invalid UTF-8 included).
    private static final List<Generated> GENERATED = List.of(
            new Generated(NodeStream.ORDER_STATUSES, NodeLayout.STREAMING, 200, 7, 50, Long.MAX_VALUE),
            new Generated(NodeStream.ORDER_STATUSES, NodeLayout.BY_BLOCK, 30, 6, 8, Long.MAX_VALUE),
            new Generated(NodeStream.FILLS, NodeLayout.BY_BLOCK, 60, 4, 5, Long.MAX_VALUE),
            new Generated(NodeStream.FILLS, NodeLayout.PLAIN, 50, 9, 50, Long.MAX_VALUE),
            new Generated(NodeStream.TRADES, NodeLayout.PLAIN, 80, 5, 50, 30), // three hourly files
            new Generated(NodeStream.RAW_BOOK_DIFFS, NodeLayout.STREAMING, 100, 10, 4, Long.MAX_VALUE),
            new Generated(NodeStream.RAW_BOOK_DIFFS, NodeLayout.PLAIN, 40, 8, 50, Long.MAX_VALUE),
            new Generated(NodeStream.TWAP_STATUSES, NodeLayout.BY_BLOCK, 40, 5, 6, Long.MAX_VALUE),
            new Generated(NodeStream.TWAP_STATUSES, NodeLayout.PLAIN, 30, 6, 50, Long.MAX_VALUE),
            new Generated(NodeStream.MISC_EVENTS, NodeLayout.STREAMING, 60, 7, 4, Long.MAX_VALUE),
            new Generated(NodeStream.MISC_EVENTS, NodeLayout.BY_BLOCK, 30, 6, 5, Long.MAX_VALUE),
            new Generated(NodeStream.HIP3_ORACLE_UPDATES, NodeLayout.PLAIN, 50, 8, 50, Long.MAX_VALUE),
            new Generated(NodeStream.HIP3_ORACLE_UPDATES, NodeLayout.BY_BLOCK, 30, 6, 3, Long.MAX_VALUE),
            new Generated(NodeStream.SYSTEM_ACTIONS, NodeLayout.BY_BLOCK, 30, 6, 5, Long.MAX_VALUE),
            new Generated(NodeStream.SYSTEM_ACTIONS, NodeLayout.STREAMING, 40, 8, 3, Long.MAX_VALUE));
    /** The hour the sample lines of {@link StreamSamples} are written to, apart from the generated ones. */
    private static final NodeHour SAMPLES_HOUR = NodeHour.parse("20260505/19");

    @TempDir
    static Path shared;
    private static Path queue;
    /** What each line must print, keyed by "source@offset", for good and bad lines apart. */
    private static final Map<String, List<Map<String, Object>>> RECORDS = new LinkedHashMap<>();
    private static final Map<String, Map<String, Object>> DEAD_LETTERS = new LinkedHashMap<>();
    private static final Map<String, byte[]> BAD_LINE_BYTES = new LinkedHashMap<>();

    @TempDir
    Path dir;

    @BeforeAll
    static void engineOverGeneratedFiles() throws Exception {
        Path root = shared.resolve("hl").resolve("data");
        queue = shared.resolve("queue");
        long lines = 0;
        for (Generated g : GENERATED) {
            NodeFileGenerator generator = new NodeFileGenerator();
            lines += generator.run(g.options(root));
            expect(g, generator.files());
        }
        lines += writeUnknownFieldsLine(root);
        lines += writeSamples(root);
        applyIdentity();
        try (Engine engine = startEngine(root, queue)) {
            awaitLinesWritten(engine, lines);
        }
    }

    /**
     * Gives the expected views the event indexes Jackson's walk over each sequence's files gives
     * (a streaming block spans lines): sequences are the node's directories, files in hour order.
     */
    private static void applyIdentity() throws IOException {
        Map<Path, List<Path>> bySequence = new LinkedHashMap<>();
        for (String key : RECORDS.keySet()) {
            Path file = Path.of(key.substring(0, key.lastIndexOf('@')));
            Path sequence = file.getParent().getParent().getParent(); // <sequence>/hourly/<day>/<hour>
            List<Path> files = bySequence.computeIfAbsent(sequence, k -> new ArrayList<>());
            if (!files.contains(file)) {
                files.add(file);
            }
        }
        for (Map.Entry<Path, List<Path>> e : bySequence.entrySet()) {
            List<Path> files = new ArrayList<>(e.getValue());
            files.sort(java.util.Comparator.comparing((Path f) -> f.getParent().getFileName().toString())
                    .thenComparingInt(f -> Integer.parseInt(f.getFileName().toString())));
            Map<String, Long> indexes = ExpectedIdentity.eventIndexes(files,
                    e.getKey().getFileName().toString().endsWith("_by_block"), DEAD_LETTERS.keySet());
            for (Map.Entry<String, List<Map<String, Object>>> line : RECORDS.entrySet()) {
                ExpectedIdentity.apply(indexes, line.getKey(), line.getValue());
            }
        }
    }

    /**
     * A by-block fill line in the next hour with unknown fields of every JSON type (in the
     * envelope, the fill, its liquidation), and a nested order-status-like children array: what
     * the node may add one day, printed back value for value.
     */
    private static long writeUnknownFieldsLine(Path root) throws IOException {
        String unknown = "\"uS\":\"t \\\"q\\\" \u00e9\",\"uBig\":123456789012345678901234567890,\"uExp\":-1.25E+308,"
                + "\"uT\":true,\"uF\":false,\"uN\":null,\"uO\":{\"a\":[1,{\"b\":null}]},\"uA\":[[],{}]";
        String line = "{\"local_time\":\"2026-05-05T18:00:00.1\",\"node\":{\"v\":[1,2]},\"block_time\":\"2026-05-05T18:00:00.0\","
                + "\"block_number\":5,\"events\":[[\"0xaa\",{\"coin\":\"SOL\",\"px\":\"72.153\",\"sz\":\"0.58\",\"tid\":7,"
                + unknown + ",\"liquidation\":{\"method\":\"market\"," + unknown + "},\"priorityGas\":\"0.001\"}]]}\n";
        Path file = root.resolve("node_fills_by_block").resolve("hourly").resolve("20260505").resolve("18");
        java.nio.file.Files.createDirectories(file.getParent());
        java.nio.file.Files.writeString(file, line);
        byte[] bytes = line.substring(0, line.length() - 1).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        RECORDS.put(file + "@0", ExpectedViews.of(NodeStream.FILLS, bytes, file.toString(), 0));
        return 1;
    }

    private static Engine startEngine(Path root, Path queueDir) throws IOException {
        EngineConfig config = engineConfig(root);
        return Engine.start(config, ChronicleOutput.open(queueDir, config));
    }

    private static EngineConfig engineConfig(Path root) {
        return EngineConfig.forNodeDataEveryLayout(root)
                .withRing(new RingConfig(8, 256 * 1024, 64, 64, Duration.ofMillis(2), 2))
                .withTailer(TailerConfig.defaults().withDiscoveryInterval(Duration.ofMillis(50)))
                .withMaxIdle(Duration.ofMillis(10));
    }

    private static void awaitLinesWritten(Engine engine, long lines) {
        assertTrue(Resources.await(() -> engine.counters().linesWritten() >= lines || engine.failure() != null, WAIT),
                "lines written: " + engine.counters().linesWritten() + " of " + lines);
        assertNull(engine.failure());
        assertEquals(lines, engine.counters().linesWritten());
    }

    /** Works out, from the files alone (Jackson's reading of each line), what cat must print. */
    private static void expect(Generated g, List<Path> files) throws IOException {
        long lineNumber = 0;
        for (Path file : files) {
            for (FileLines.Line line : FileLines.read(file)) {
                String key = file + "@" + line.offset();
                BadLine bad = BadLine.forLine(++lineNumber, g.badEvery());
                if (bad == null) {
                    RECORDS.put(key, ExpectedViews.of(g.stream(), line.bytes(), file.toString(), line.offset()));
                } else {
                    DEAD_LETTERS.put(key, ExpectedViews.deadLetter(line.bytes(), bad.reason(), file.toString(), line.offset()));
                    BAD_LINE_BYTES.put(key, line.bytes());
                }
            }
        }
    }

    /**
     * Appends every sample line (each new stream in each layout, an empty block included) to its
     * layout's file; returns how many lines. An empty block prints nothing, so it has no entry.
     */
    private static long writeSamples(Path root) throws IOException {
        long lines = 0;
        for (StreamSamples.Sample sample : StreamSamples.all()) {
            Path file = SAMPLES_HOUR.file(root, sample.stream(), sample.layout());
            Files.createDirectories(file.getParent());
            long offset = Files.exists(file) ? Files.size(file) : 0;
            byte[] line = sample.line().getBytes(UTF_8);
            Files.write(file, (sample.line() + "\n").getBytes(UTF_8), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            if (sample.events() > 0) {
                RECORDS.put(file + "@" + offset, ExpectedViews.of(sample.stream(), line, file.toString(), offset));
            }
            lines++;
        }
        return lines;
    }

    record Run(int exitCode, String out, String err) {

        List<Map<String, Object>> records() {
            List<Map<String, Object>> records = new ArrayList<>();
            for (String line : out.split("\n")) {
                if (!line.isEmpty()) {
                    records.add(JsonTree.object(line));
                }
            }
            return records;
        }
    }

    private static Run cat(OutputStream out, String... args) {
        StringWriter err = new StringWriter();
        CommandLine command = new CommandLine(new CatCommand(out));
        command.setErr(new PrintWriter(err, true));
        int code = command.execute(args);
        return new Run(code, out instanceof ByteArrayOutputStream bytes ? bytes.toString(UTF_8) : "", err.toString());
    }

    private static Run cat(String... args) {
        return cat(new ByteArrayOutputStream(), args);
    }

    /** Printed views grouped by the line they came from, in the order printed. */
    private static Map<String, List<Map<String, Object>>> byLine(List<Map<String, Object>> records) {
        Map<String, List<Map<String, Object>>> byLine = new LinkedHashMap<>();
        for (Map<String, Object> record : records) {
            byLine.computeIfAbsent(record.get("source") + "@" + record.get("offset"), k -> new ArrayList<>()).add(record);
        }
        return byLine;
    }

    @Test
    void shouldPrintEveryRecordButNoDeadLetterFieldByFieldAsTheNodeWroteIt() {
        Run run = cat("--queue", queue.toString());

        assertEquals(0, run.exitCode(), run.err());
        assertEquals("", run.err());
        assertTrue(run.out().endsWith("}\n"), "whole lines");
        // The events; the block accounting between them is BlockAccountingEngineTest's.
        List<Map<String, Object>> records = run.records().stream().filter(r -> RecordType.ofJsonName(
                (String) r.get("type")).stream() != null).toList();
        assertEquals(RECORDS.values().stream().mapToInt(List::size).sum(), records.size());
        Map<String, List<Map<String, Object>>> printed = byLine(records);
        assertEquals(RECORDS.keySet(), printed.keySet(), "one group of records per good line, none for a bad one");
        for (Map.Entry<String, List<Map<String, Object>>> line : RECORDS.entrySet()) {
            // Map equality: the same fields with the same values, decimals as the very strings written.
            assertEquals(line.getValue(), printed.get(line.getKey()), line.getKey());
        }
    }

    @Test
    void shouldPrintOnlyTheTypesAskedForCommaSeparatedOrRepeated() {
        Run fillsAndTrades = cat("--queue", queue.toString(), "--type", "fill,trade");
        Run ordersAndDiffs = cat("--queue", queue.toString(), "--type", "order_status", "--type", "book_diff");

        assertEquals(0, fillsAndTrades.exitCode(), fillsAndTrades.err());
        assertEquals(0, ordersAndDiffs.exitCode(), ordersAndDiffs.err());
        assertEquals(expectedOfTypes("fill", "trade"), fillsAndTrades.records());
        assertEquals(expectedOfTypes("order_status", "book_diff"), ordersAndDiffs.records());
        assertFalse(fillsAndTrades.records().isEmpty());
        assertFalse(ordersAndDiffs.records().isEmpty());
    }

    @Test
    void shouldPrintSystemActionAmountsBeyond64BitsDigitForDigitAndTheFourNewTypesAlone() {
        Run run = cat("--queue", queue.toString(), "--type", "twap_status,misc_event,hip3_oracle_update,system_action");

        assertEquals(0, run.exitCode(), run.err());
        assertEquals(expectedOfTypes("twap_status", "misc_event", "hip3_oracle_update", "system_action"), run.records());
        // The node's text itself, not only an equal number: the action is printed as written.
        assertTrue(run.out().contains(",\"action\":" + StreamSamples.SYSTEM_SEND.substring(
                StreamSamples.SYSTEM_SEND.indexOf("{\"type\"")).replaceFirst("}$", "") + ","), run.out());
    }

    @Test
    void shouldListAndSelectEveryRecordTypeButTheDeadLetter() {
        String help = new CommandLine(new CatCommand()).getUsageMessage();
        Run unknown = cat("--queue", queue.toString(), "--type", "candle");
        for (RecordType type : RecordType.values()) {
            if (type == RecordType.DEAD_LETTER) {
                continue; // --dead-letters selects those
            }
            Run run = cat("--queue", queue.toString(), "--type", type.jsonName());

            assertTrue(help.contains(type.jsonName()), type.jsonName() + " in the help: " + help);
            assertTrue(unknown.err().contains(type.jsonName()), type.jsonName() + " in: " + unknown.err());
            assertEquals(0, run.exitCode(), run.err());
            if (type != RecordType.BLOCK_GAP && type != RecordType.STREAM_STALL) { // none in these files
                assertFalse(run.records().isEmpty(), "the queue holds every type; none printed for " + type.jsonName());
            }
            assertEquals(expectedOfTypes(type.jsonName()), run.records());
        }
    }

    /** The expected records of these types, in queue order: the order cat printed all records in. */
    private static List<Map<String, Object>> expectedOfTypes(String... types) {
        List<String> wanted = List.of(types);
        List<Map<String, Object>> out = new ArrayList<>();
        for (Map<String, Object> record : cat("--queue", queue.toString()).records()) {
            if (wanted.contains((String) record.get("type"))) {
                out.add(record);
            }
        }
        return out;
    }

    @Test
    void shouldPrintOnlyDeadLettersWithSourceOffsetReasonLengthAndTheLine() {
        Run run = cat("--queue", queue.toString(), "--dead-letters");

        assertEquals(0, run.exitCode(), run.err());
        List<Map<String, Object>> letters = run.records();
        assertEquals(DEAD_LETTERS.size(), letters.size());
        int base64 = 0;
        for (Map<String, Object> letter : letters) {
            String key = letter.get("source") + "@" + letter.get("offset");
            assertEquals(DEAD_LETTERS.get(key), ExpectedViews.withoutDetail(letter), key);
            if (letter.containsKey("lineBase64")) {
                base64++;
                assertArrayEquals(BAD_LINE_BYTES.get(key), Base64.getDecoder().decode((String) letter.get("lineBase64")),
                        "the very bytes of the line, invalid UTF-8 included");
            } else {
                assertArrayEquals(BAD_LINE_BYTES.get(key), ((String) letter.get("line")).getBytes(UTF_8));
            }
        }
        long invalidUtf8 = DEAD_LETTERS.values().stream().filter(l -> "invalid_utf8".equals(l.get("reason"))).count();
        assertTrue(invalidUtf8 >= GENERATED.size(), "each run has an invalid UTF-8 line");
        assertEquals(invalidUtf8, base64, "exactly the lines that are not UTF-8 are printed as base64");
        for (String reason : List.of("malformed_json", "missing_field", "unexpected_shape", "invalid_utf8")) {
            assertTrue(letters.stream().anyMatch(l -> reason.equals(l.get("reason"))), reason);
        }
    }

    @Test
    void shouldRefuseBadUsageWithExitCode2() {
        Run unknown = cat("--queue", queue.toString(), "--type", "fill,candle");
        Run deadLetterType = cat("--queue", queue.toString(), "--type", "dead_letter");
        Run both = cat("--queue", queue.toString(), "--dead-letters", "--type", "fill");
        Run noQueue = cat("--type", "fill");

        assertEquals(2, unknown.exitCode());
        assertTrue(unknown.err().contains("unknown record type 'candle'"), unknown.err());
        assertEquals(2, deadLetterType.exitCode());
        assertTrue(deadLetterType.err().contains("--dead-letters"), deadLetterType.err());
        assertEquals(2, both.exitCode());
        assertTrue(both.err().contains("cannot be combined"), both.err());
        assertEquals(2, noQueue.exitCode());
        assertTrue(noQueue.err().contains("--queue"), noQueue.err());
        assertEquals("", unknown.out() + deadLetterType.out() + both.out() + noQueue.out());
    }

    @Test
    void shouldFailClearlyWhenThereIsNoQueueAndPrintNothingForAnEmptyOne() throws Exception {
        Run missing = cat("--queue", dir.resolve("nowhere").toString());
        Files.createDirectories(dir.resolve("empty"));
        Run emptyDirectory = cat("--queue", dir.resolve("empty").toString());
        Path emptyQueue = dir.resolve("queue");
        try (Engine engine = startEngine(dir.resolve("no-node-files"), emptyQueue)) {
            assertTrue(engine.isRunning());
        }
        Run empty = cat("--queue", emptyQueue.toString());

        assertEquals(1, missing.exitCode());
        assertTrue(missing.err().contains("no queue at " + dir.resolve("nowhere") + ": no such directory"), missing.err());
        assertEquals(1, emptyDirectory.exitCode());
        assertTrue(emptyDirectory.err().contains("no Chronicle Queue files"), emptyDirectory.err());
        assertEquals(0, empty.exitCode(), empty.err());
        assertEquals("", empty.out());
        assertEquals("", empty.err());
    }

    @Test
    void shouldStopQuietlyWhenTheReaderOfTheOutputGoesAway() {
        AtomicInteger writes = new AtomicInteger();
        OutputStream closedPipe = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                if (writes.incrementAndGet() > 1) {
                    throw new IOException("Broken pipe");
                }
            }
        };

        Run run = cat(closedPipe, "--queue", queue.toString());

        assertEquals(0, run.exitCode());
        assertEquals("", run.err());
        assertEquals(2, writes.get(), "no write after the pipe closed");
    }

    @Test
    void shouldFollowTheQueueAndPrintABatchAppendedLaterUntilInterrupted() throws Exception {
        Path root = dir.resolve("hl").resolve("data");
        Path followed = dir.resolve("queue");
        GeneratorOptions first = GeneratorOptions.of(root, NodeStream.ORDER_STATUSES, NodeLayout.STREAMING, 40)
                .withStartHour(HOUR).withBadEvery(10);
        new NodeFileGenerator().run(first);
        try (Engine engine = startEngine(root, followed)) {
            awaitLinesWritten(engine, 40);

            ByteArrayOutputStream out = new ByteArrayOutputStream();
            AtomicInteger exitCode = new AtomicInteger(-1);
            Thread follower = new Thread(() -> exitCode.set(cat(out, "--queue", followed.toString(), "--follow").exitCode()),
                    "cat-follow");
            follower.start();
            assertTrue(Resources.await(() -> lines(out) == 36, WAIT), "the queue so far: " + lines(out));

            // A second run appends new events (another seed) to the same file while cat waits.
            new NodeFileGenerator().run(first.withSeed(2).withLines(25));
            awaitLinesWritten(engine, 65);
            assertTrue(Resources.await(() -> lines(out) == 36 + 23, WAIT), "the appended batch: " + lines(out));
            assertTrue(follower.isAlive(), "still following");

            follower.interrupt();
            follower.join(10_000);
            assertFalse(follower.isAlive(), "an interrupt ends --follow");
            assertEquals(0, exitCode.get());
            String printed = out.toString(UTF_8);
            assertTrue(printed.endsWith("}\n"), "whole lines, flushed");
            Path file = HOUR.file(root, NodeStream.ORDER_STATUSES, NodeLayout.STREAMING);
            List<FileLines.Line> lines = FileLines.read(file);
            Map<String, Object> last = JsonTree.object(printed.substring(printed.lastIndexOf('\n', printed.length() - 2) + 1));
            assertEquals(lines.get(lines.size() - 1).offset(), last.get("offset"), "the last line written is the last printed");
        }
    }

    private static long lines(ByteArrayOutputStream out) {
        return out.toString(UTF_8).chars().filter(c -> c == '\n').count();
    }
}
