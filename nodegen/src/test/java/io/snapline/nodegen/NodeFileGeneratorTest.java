package io.snapline.nodegen;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.snapline.engine.parse.FastJsonCursor;
import io.snapline.engine.parse.LineParser;
import io.snapline.engine.testing.ExpectedViews;
import io.snapline.engine.testing.FileLines;
import io.snapline.records.BatchView;
import io.snapline.records.DeadLetterReason;
import io.snapline.records.RecordJson;
import io.snapline.records.RecordView;
import io.snapline.records.RecordWriter;
import io.snapline.records.testing.JsonTree;
import io.snapline.records.testing.TestBatches;
import io.snapline.tailer.NodeLayout;
import io.snapline.tailer.NodeStream;
import io.snapline.testkit.Resources;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The generator's files, read back as the engine reads them: every good line becomes exactly
 * the records a Jackson reading of it calls for, and exactly the injected bad lines become dead
 * letters, with the reason their kind promises.
 */
class NodeFileGeneratorTest {

    private static final NodeHour HOUR = NodeHour.parse("20260505/17");

    @TempDir
    Path dir;

    static Stream<Arguments> streamsAndLayouts() {
        List<Arguments> all = new ArrayList<>();
        for (NodeStream stream : NodeStream.values()) {
            for (NodeLayout layout : NodeLayout.values()) {
                if (stream != NodeStream.TRADES || layout == NodeLayout.PLAIN) {
                    all.add(Arguments.of(stream, layout));
                }
            }
        }
        return all.stream();
    }

    private GeneratorOptions options(Path root, NodeStream stream, NodeLayout layout, long lines) {
        return GeneratorOptions.of(root, stream, layout, lines).withStartHour(HOUR);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("streamsAndLayouts")
    void shouldWriteLinesThatBecomeTheirRecordsExceptExactlyTheInjectedBadOnes(NodeStream stream, NodeLayout layout)
            throws IOException {
        int badEvery = 7;
        int eventsPerBlock = 6;
        long lines = 5L * 5 * badEvery + 3; // every bad kind five times over
        GeneratorOptions options = options(dir, stream, layout, lines).withBadEvery(badEvery)
                .withEventsPerBlock(eventsPerBlock);

        assertEquals(lines, new NodeFileGenerator().run(options));

        Path file = HOUR.file(dir, stream, layout);
        List<FileLines.Line> written = FileLines.read(file);
        assertEquals(lines, written.size());
        assertEquals(Files.size(file), written.get(written.size() - 1).offset() + written.get(written.size() - 1).bytes().length + 1,
                "the file ends with a whole line");

        LineParser parser = new LineParser(new FastJsonCursor());
        RecordWriter records = new RecordWriter(1 << 20);
        Map<BadLine, Integer> badKinds = new EnumMap<>(BadLine.class);
        List<List<Map<String, Object>>> expected = new ArrayList<>();
        for (int i = 0; i < written.size(); i++) {
            FileLines.Line line = written.get(i);
            BadLine bad = BadLine.forLine(i + 1, badEvery);
            int before = records.recordCount();
            DeadLetterReason reason = parser.parse(stream, line.bytes(), 0, line.bytes().length, 0, line.offset(), records);
            assertEquals(bad == null ? null : bad.reason(), reason, "line " + (i + 1) + ": " + text(line.bytes()));
            if (bad == null) {
                List<Map<String, Object>> views = ExpectedViews.of(stream, line.bytes(), file.toString(), line.offset());
                assertEquals(layout == NodeLayout.BY_BLOCK ? eventsPerBlock : 1, views.size());
                expected.add(views);
            } else {
                badKinds.merge(bad, 1, Integer::sum);
                expected.add(List.of(ExpectedViews.deadLetter(line.bytes(), bad.reason(), file.toString(), line.offset())));
            }
            assertEquals(expected.get(i).size(), records.recordCount() - before, "records of line " + (i + 1));
        }
        for (BadLine kind : BadLine.values()) {
            assertEquals(5, badKinds.get(kind), kind + " lines");
        }

        // Field by field: each record, printed as the record view, is what Jackson's reading of its line says.
        byte[] batch = TestBatches.batch(List.of(file.toString()), TestBatches.OPAQUE_POSITIONS, records);
        BatchView view = new BatchView().wrap(batch, 0, batch.length);
        RecordView record = new RecordView();
        RecordJson json = new RecordJson();
        for (List<Map<String, Object>> lineViews : expected) {
            for (Map<String, Object> want : lineViews) {
                assertTrue(view.next(record));
                assertEquals(want, ExpectedViews.withoutDetail(JsonTree.object(json.toJson(record))));
            }
        }
        assertFalse(view.next(record));
    }

    @Test
    void shouldWriteTheShapesOfDesignMdWithBlockNumbersUpByOnePerBlockAndTimesInTheHour() throws IOException {
        new NodeFileGenerator().run(options(dir, NodeStream.ORDER_STATUSES, NodeLayout.BY_BLOCK, 40));
        new NodeFileGenerator().run(options(dir, NodeStream.FILLS, NodeLayout.STREAMING, 120).withEventsPerBlock(10));

        long expectedBlock = BlockClock.FIRST_BLOCK;
        String previousTime = "";
        Set<String> statuses = new HashSet<>();
        int rejections = 0;
        int events = 0;
        for (FileLines.Line line : FileLines.read(HOUR.file(dir, NodeStream.ORDER_STATUSES, NodeLayout.BY_BLOCK))) {
            Map<String, Object> block = asMap(JsonTree.parse(line.bytes()));
            assertEquals(List.of("local_time", "block_time", "block_number", "events"), List.copyOf(block.keySet()));
            assertEquals(expectedBlock++, block.get("block_number"));
            String blockTime = (String) block.get("block_time");
            assertTrue(blockTime.matches("2026-05-05T17:\\d\\d:\\d\\d\\.\\d{9}"), blockTime);
            assertTrue(blockTime.compareTo(previousTime) > 0, "block times advance");
            assertTrue(((String) block.get("local_time")).compareTo(blockTime) > 0, "written after the block");
            previousTime = blockTime;
            for (Object e : (List<?>) block.get("events")) {
                Map<String, Object> event = asMap(e);
                events++;
                assertEquals(List.of("time", "user", "hash", "builder", "status", "order"), List.copyOf(event.keySet()));
                assertEquals(blockTime, event.get("time"));
                String status = (String) event.get("status");
                statuses.add(status);
                rejections += status.endsWith("Rejected") ? 1 : 0;
                assertTrue(((String) event.get("user")).matches("0x[0-9a-f]{40}"));
                Object hash = event.get("hash");
                assertTrue(hash == null || ((String) hash).matches("0x[0-9a-f]{64}"));
                Map<String, Object> order = asMap(event.get("order"));
                assertTrue(((String) order.get("limitPx")).matches("\\d+\\.\\d+"), "a decimal string");
                assertTrue(((String) order.get("sz")).matches("\\d+\\.\\d+"), "a decimal string");
                assertTrue(order.get("oid") instanceof Long);
            }
        }
        assertEquals(40 * GeneratorOptions.DEFAULT_EVENTS_PER_BLOCK, events);
        assertTrue(rejections > events * 8 / 10, "mostly rejections: " + rejections + " of " + events);
        assertTrue(statuses.containsAll(List.of("badAloPxRejected", "open", "filled", "canceled")), statuses.toString());

        List<FileLines.Line> fills = FileLines.read(HOUR.file(dir, NodeStream.FILLS, NodeLayout.STREAMING));
        for (int i = 0; i < fills.size(); i++) {
            Map<String, Object> line = asMap(JsonTree.parse(fills.get(i).bytes()));
            assertEquals(BlockClock.FIRST_BLOCK + i / 10, line.get("block_number"), "ten lines to a block");
            List<?> pair = (List<?>) ((List<?>) line.get("events")).get(0);
            assertEquals(2, pair.size(), "[user, fill]");
            assertTrue(((String) pair.get(0)).matches("0x[0-9a-f]{40}"));
            assertNotNull(asMap(pair.get(1)).get("tid"));
        }
    }

    @Test
    void shouldWriteByteIdenticalFilesForTheSameOptionsAndSeed() throws IOException {
        GeneratorOptions options = options(dir.resolve("a"), NodeStream.RAW_BOOK_DIFFS, NodeLayout.STREAMING, 500)
                .withBadEvery(9).withLinesPerHour(200);
        new NodeFileGenerator().run(options);
        new NodeFileGenerator().run(withRoot(options, dir.resolve("b")));
        new NodeFileGenerator().run(withRoot(options, dir.resolve("c")).withSeed(2));

        NodeHour hour = HOUR;
        for (int i = 0; i < 3; i++, hour = hour.next()) {
            byte[] a = Files.readAllBytes(hour.file(dir.resolve("a"), options.stream(), options.layout()));
            byte[] b = Files.readAllBytes(hour.file(dir.resolve("b"), options.stream(), options.layout()));
            byte[] c = Files.readAllBytes(hour.file(dir.resolve("c"), options.stream(), options.layout()));
            assertArrayEquals(a, b, "hour " + hour);
            assertFalse(java.util.Arrays.equals(a, c), "another seed, other events");
        }
    }

    @Test
    void shouldRollToTheNextHourAfterLinesPerHourAcrossADayChange() throws IOException {
        NodeHour start = NodeHour.parse("20260505/22");
        GeneratorOptions options = GeneratorOptions.of(dir, NodeStream.ORDER_STATUSES, NodeLayout.STREAMING, 100)
                .withStartHour(start).withLinesPerHour(40).withEventsPerBlock(3);

        NodeFileGenerator generator = new NodeFileGenerator();
        assertEquals(100, generator.run(options));

        Path hourly = dir.resolve("node_order_statuses_streaming").resolve("hourly");
        List<Path> files = List.of(hourly.resolve("20260505").resolve("22"), hourly.resolve("20260505").resolve("23"),
                hourly.resolve("20260506").resolve("0"));
        assertEquals(files, generator.files());
        String[] hours = {"2026-05-05T22:", "2026-05-05T23:", "2026-05-06T00:"};
        int[] counts = {40, 40, 20};
        long previousBlock = BlockClock.FIRST_BLOCK - 1;
        long bytes = 0;
        for (int f = 0; f < files.size(); f++) {
            List<FileLines.Line> lines = FileLines.read(files.get(f));
            assertEquals(counts[f], lines.size(), files.get(f).toString());
            for (FileLines.Line line : lines) {
                Map<String, Object> envelope = asMap(JsonTree.parse(line.bytes()));
                assertTrue(((String) envelope.get("block_time")).startsWith(hours[f]), "block time in the file's hour: "
                        + envelope.get("block_time") + " in " + files.get(f));
                long block = (Long) envelope.get("block_number");
                assertTrue(block == previousBlock || block == previousBlock + 1, "block numbers go on across files");
                previousBlock = block;
            }
            bytes += Files.size(files.get(f));
        }
        assertEquals(bytes, generator.bytesWritten());
        try (Stream<Path> days = Files.list(hourly)) {
            assertEquals(2, days.count(), "20260505 and 20260506");
        }
    }

    @Test
    void shouldAppendToExistingFilesSoASecondRunContinuesThem() throws IOException {
        GeneratorOptions first = options(dir.resolve("both"), NodeStream.TRADES, NodeLayout.PLAIN, 30).withBadEvery(4);
        GeneratorOptions second = first.withSeed(2).withLines(20);
        new NodeFileGenerator().run(first);
        new NodeFileGenerator().run(second);
        new NodeFileGenerator().run(withRoot(first, dir.resolve("first")));
        new NodeFileGenerator().run(withRoot(second, dir.resolve("second")));

        byte[] both = Files.readAllBytes(HOUR.file(dir.resolve("both"), NodeStream.TRADES, NodeLayout.PLAIN));
        byte[] a = Files.readAllBytes(HOUR.file(dir.resolve("first"), NodeStream.TRADES, NodeLayout.PLAIN));
        byte[] b = Files.readAllBytes(HOUR.file(dir.resolve("second"), NodeStream.TRADES, NodeLayout.PLAIN));
        byte[] concatenated = new byte[a.length + b.length];
        System.arraycopy(a, 0, concatenated, 0, a.length);
        System.arraycopy(b, 0, concatenated, a.length, b.length);
        assertArrayEquals(concatenated, both, "the first run's lines, then the second's");
    }

    /**
     * By a clock the test moves (the pacer's park advances it), not the wall clock: at 200 lines a
     * second the 60th line is due 295 ms after the first, and it waits exactly until then, with the
     * buffer written out before each wait. A slow write is caught up, not added to the schedule.
     */
    @Test
    void shouldHoldTheRate() throws IOException {
        AtomicLong clock = new AtomicLong(1_000_000_000L);
        AtomicInteger flushes = new AtomicInteger();
        Pacer pacer = new Pacer(200, clock::get, clock::addAndGet);

        for (int line = 0; line < 60; line++) {
            assertTrue(pacer.awaitTurn(line, flushes::incrementAndGet, () -> false));
            if (line == 30) {
                clock.addAndGet(Duration.ofMillis(40).toNanos()); // a slow write: 8 lines' worth
            }
        }

        assertEquals(Duration.ofMillis(295).toNanos(), clock.get() - 1_000_000_000L, "the 59th line waited until it was due");
        assertEquals(59 - 8, flushes.get(), "a flush before each wait; none for the lines the slow write made due");
    }

    @Test
    void shouldStopPacingWhenAStopIsRequested() throws IOException {
        AtomicLong clock = new AtomicLong();
        Pacer pacer = new Pacer(1, clock::get, clock::addAndGet);

        assertTrue(pacer.awaitTurn(0, () -> { }, () -> false));
        assertFalse(pacer.awaitTurn(1, () -> { }, () -> true), "the second line is a second away; the stop comes first");
    }

    @Test
    void shouldMakePacedLinesVisibleWhileRunningAndStopOnInterruptAfterAWholeLine() throws Exception {
        GeneratorOptions options = options(dir, NodeStream.FILLS, NodeLayout.BY_BLOCK, 1_000_000).withRate(20);
        Path file = HOUR.file(dir, NodeStream.FILLS, NodeLayout.BY_BLOCK);
        AtomicLong written = new AtomicLong(-1);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread runner = new Thread(() -> {
            try {
                written.set(new NodeFileGenerator().run(options));
            } catch (Throwable t) {
                failure.set(t);
            }
        }, "paced-generator");
        runner.start();

        assertTrue(Resources.await(() -> linesIn(file) >= 3, Duration.ofSeconds(10)), "lines show up while the run goes on");
        runner.interrupt();
        runner.join(5_000);
        assertFalse(runner.isAlive(), "an interrupt stops the run");
        assertNull(failure.get());
        assertEquals(written.get(), FileLines.read(file).size(), "every line counted is in the file");
        assertEquals('\n', Files.readAllBytes(file)[(int) Files.size(file) - 1], "it stopped after a whole line");
    }

    @Test
    void shouldStopWhenAskedAndSayHowManyLinesWereWritten() throws IOException {
        AtomicBoolean stop = new AtomicBoolean();
        GeneratorOptions options = options(dir, NodeStream.RAW_BOOK_DIFFS, NodeLayout.PLAIN, 1_000);
        long[] asked = {0};

        long written = new NodeFileGenerator().run(options, () -> ++asked[0] > 100 || stop.get());

        assertEquals(100, written);
        assertEquals(100, FileLines.read(HOUR.file(dir, NodeStream.RAW_BOOK_DIFFS, NodeLayout.PLAIN)).size());
    }

    @Test
    void shouldRefuseTradesInAnEnvelopeAndOptionsOutOfRange() {
        IllegalArgumentException trades = assertThrows(IllegalArgumentException.class,
                () -> options(dir, NodeStream.TRADES, NodeLayout.STREAMING, 1));
        assertTrue(trades.getMessage().contains("node_trades has only the plain layout"), trades.getMessage());
        GeneratorOptions fine = options(dir, NodeStream.FILLS, NodeLayout.PLAIN, 1);
        assertThrows(IllegalArgumentException.class, () -> fine.withLines(0));
        assertThrows(IllegalArgumentException.class, () -> fine.withRate(-1));
        assertThrows(IllegalArgumentException.class, () -> fine.withRate(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> fine.withBadEvery(-1));
        assertThrows(IllegalArgumentException.class, () -> fine.withLinesPerHour(0));
        assertThrows(IllegalArgumentException.class, () -> fine.withEventsPerBlock(0));
    }

    @Test
    void shouldParseHoursAsTheNodeNamesThemAndRollOverDaysMonthsAndYears() {
        assertEquals(new NodeHour(LocalDate.of(2026, 5, 5), 9), NodeHour.parse("20260505/9"));
        assertEquals(new NodeHour(LocalDate.of(2026, 5, 5), 9), NodeHour.parse("20260505/09"));
        assertEquals("20260505/9", NodeHour.parse("20260505/09").toString());
        assertEquals(NodeHour.parse("20270101/0"), NodeHour.parse("20261231/23").next());
        assertEquals(NodeHour.parse("20260301/0"), NodeHour.parse("20260228/23").next());
        for (String bad : new String[] {"2026050/9", "20260505", "20260505/", "20260505/24", "20260230/1", "20260505/x",
                "20260505/123", "2026-05-05/1"}) {
            assertThrows(IllegalArgumentException.class, () -> NodeHour.parse(bad), bad);
        }
        assertEquals(Path.of("r", "node_fills_by_block", "hourly", "20260505", "9"),
                NodeHour.parse("20260505/9").file(Path.of("r"), NodeStream.FILLS, NodeLayout.BY_BLOCK));
    }

    @Test
    void shouldCycleThroughEveryBadKindOnEveryKthLine() {
        List<BadLine> seen = new ArrayList<>();
        for (long line = 1; line <= 33; line++) {
            BadLine bad = BadLine.forLine(line, 3);
            assertEquals(line % 3 == 0, bad != null, "line " + line);
            if (bad != null) {
                seen.add(bad);
            }
        }
        assertEquals(List.of(BadLine.values()), seen.subList(0, 5));
        assertEquals(List.of(BadLine.values()), seen.subList(5, 10));
        assertNull(BadLine.forLine(10, 0), "0: no bad lines");
    }

    private static GeneratorOptions withRoot(GeneratorOptions o, Path root) {
        return new GeneratorOptions(root, o.stream(), o.layout(), o.lines(), o.linesPerSecond(), o.badEvery(),
                o.startHour(), o.linesPerHour(), o.seed(), o.eventsPerBlock());
    }

    private static long linesIn(Path file) {
        try {
            return Files.exists(file) ? FileLines.read(file).size() : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object value) {
        return (Map<String, Object>) value;
    }

    private static String text(byte[] line) {
        String s = new String(line, java.nio.charset.StandardCharsets.UTF_8);
        return s.length() > 300 ? s.substring(0, 300) + "…" : s;
    }
}
