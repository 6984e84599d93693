package io.snapline.tailer;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Following the layout the node writes now ({@link HourlyFileSequence#activeLayout}): real files
 * in a temp directory, modification times set by the test (the rule reads them), a fake clock and
 * {@link Tailer#poll()} called directly.
 */
class ActiveLayoutTest {

    private static final String DAY = "20260505";
    private static final Instant T0 = Instant.parse("2026-05-05T17:00:00Z");
    private static final NodeStream STREAM = NodeStream.ORDER_STATUSES;
    /** Lines long enough that a 64-byte read buffer holds one of them at a time. */
    private static final String B3 = "b3-" + "x".repeat(40);
    private static final String B4 = "b4-" + "x".repeat(40);

    @TempDir
    Path root;

    private final AtomicLong clock = new AtomicLong(5_000_000_000L);
    private final Lines sink = new Lines();
    private final LayoutEvents events = new LayoutEvents();
    private final List<Tailer> tailers = new ArrayList<>();

    @AfterEach
    void closeTailers() throws IOException {
        for (Tailer tailer : tailers) {
            tailer.close();
        }
    }

    @Test
    void shouldReadTheSameHourOnceFromTheActiveLayoutByDefault() throws IOException {
        NodeFile plain = write(NodeLayout.PLAIN, 17, 0, "p1", "p2", "p3");
        NodeFile streaming = write(NodeLayout.STREAMING, 17, 5, "s1", "s2", "s3");

        Tailer tailer = follow(HourlyFileSequence.activeLayout(root, STREAM));
        drain(tailer);

        assertEquals(texts(streaming), sink.texts());
        assertEquals(List.of(), sink.of(plain));
        assertEquals(List.of("found " + root + ": node_order_statuses: streaming (plain stale since 2026-05-05T17)"),
                events.log);
    }

    @Test
    void shouldReadEveryListedLayoutWhenChosenExplicitly() throws IOException {
        NodeFile plain = write(NodeLayout.PLAIN, 17, 0, "p1", "p2");
        NodeFile streaming = write(NodeLayout.STREAMING, 17, 5, "s1", "s2");

        Tailer tailer = follow(List.of(new HourlyFileSequence(root, STREAM, NodeLayout.PLAIN),
                new HourlyFileSequence(root, STREAM, NodeLayout.STREAMING)));
        drain(tailer);

        assertEquals(texts(plain), sink.of(plain));
        assertEquals(texts(streaming), sink.of(streaming));
    }

    @Test
    void shouldReadHistoryOfAnotherLayoutOnlyBeforeTheActiveLayoutsFirstHour() throws IOException {
        NodeFile plain15 = write(NodeLayout.PLAIN, 15, -120, "p15");
        NodeFile plain16 = write(NodeLayout.PLAIN, 16, -60, "p16");
        NodeFile plain17 = write(NodeLayout.PLAIN, 17, 1, "p17");
        NodeFile streaming17 = write(NodeLayout.STREAMING, 17, 30, "s17");
        NodeFile streaming18 = write(NodeLayout.STREAMING, 18, 60, "s18");

        Tailer tailer = follow(HourlyFileSequence.activeLayout(root, STREAM));
        drain(tailer);

        assertEquals(List.of("p15", "p16"), sink.of(plain15, plain16));
        assertEquals(List.of(), sink.of(plain17)); // hour 17 is the active layout's
        assertEquals(List.of("s17", "s18"), sink.of(streaming17, streaming18));
    }

    @Test
    void shouldDrainTheOldLayoutThenReadTheNewOneFromTheSwitchOn() throws IOException {
        NodeFile old = write(NodeLayout.BY_BLOCK, 17, 0, "b1", "b2");
        NodeFile history = write(NodeLayout.STREAMING, 12, -300, "s12"); // streaming's own past
        // One line per file and poll, so the old layout takes several polls to drain.
        Tailer tailer = follow(HourlyFileSequence.activeLayout(root, STREAM),
                TailerConfig.defaults().withReadBudgetBytes(1).withReadBufferSize(64));
        drain(tailer);
        assertEquals(List.of("s12", "b1", "b2"), sink.texts());

        // The operator restarts the node without --batch-by-block half way through hour 17: the last
        // by-block lines are flushed as the node stops, then plain writes hour 17 and then 18. Plain
        // comes first in the tailer's order of sequences, so only holding it back drains by_block first.
        append(old, 30, B3, B4);
        NodeFile new17 = write(NodeLayout.PLAIN, 17, 32, "p17-1", "p17-2");
        tailer.requestDiscovery();
        drain(tailer);
        NodeFile new18 = write(NodeLayout.PLAIN, 18, 60, "p18-1");
        tailer.requestDiscovery();
        drain(tailer);

        assertEquals(List.of("s12", "b1", "b2", B3, B4, "p17-1", "p17-2", "p18-1"), sink.texts());
        assertEquals(List.of("switched node_order_statuses by_block -> plain"), events.switches());
        assertEquals(texts(history), sink.of(history));
        assertEquals(texts(new17), sink.of(new17));
        assertEquals(texts(new18), sink.of(new18));
    }

    @Test
    void shouldNotSwitchOnTheSameHourWhileTheOtherLayoutIsLessThanTheMarginNewer() throws IOException {
        write(NodeLayout.STREAMING, 17, 0, "s1");
        Tailer tailer = follow(HourlyFileSequence.activeLayout(root, STREAM));
        drain(tailer);

        NodeFile plain = write(NodeLayout.PLAIN, 17, 1, "p1"); // one minute: not more than the margin
        tailer.requestDiscovery();
        drain(tailer);

        assertEquals(List.of(), sink.of(plain));
        assertEquals(List.of(), events.switches());
    }

    @Test
    void shouldRepeatNothingWhenRestartedAfterASwitch() throws IOException {
        NodeFile old = write(NodeLayout.STREAMING, 17, 0, "s1");
        Tailer first = follow(HourlyFileSequence.activeLayout(root, STREAM));
        drain(first);
        NodeFile new17 = write(NodeLayout.PLAIN, 17, 30, "p1");
        first.requestDiscovery();
        drain(first);
        TailerPositions stored = first.positions();
        first.close();

        append(new17, 40, "p2");
        NodeFile new18 = write(NodeLayout.PLAIN, 18, 60, "p3");
        Tailer second = follow(HourlyFileSequence.activeLayout(root, STREAM));
        second.resume(stored);
        drain(second);

        assertEquals(List.of("s1", "p1", "p2", "p3"), sink.texts());
        assertEquals(texts(old), sink.of(old));
        assertEquals(texts(new18), sink.of(new18));
        assertEquals(List.of("switched node_order_statuses streaming -> plain"), events.switches());
    }

    @Test
    void shouldTreatASwitchWhileStoppedAsOneWhileRunning() throws IOException {
        write(NodeLayout.STREAMING, 16, -60, "s16");
        Tailer first = follow(HourlyFileSequence.activeLayout(root, STREAM));
        drain(first);
        TailerPositions stored = first.positions();
        first.close();

        // While stopped: streaming's next hour begins, then the node is switched to plain in it.
        NodeFile old17 = write(NodeLayout.STREAMING, 17, 0, "s17");
        NodeFile new17 = write(NodeLayout.PLAIN, 17, 30, "p17");
        Tailer second = follow(HourlyFileSequence.activeLayout(root, STREAM));
        second.resume(stored);
        drain(second);

        assertEquals(List.of("s16", "s17", "p17"), sink.texts());
        assertEquals(texts(old17), sink.of(old17));
        assertEquals(texts(new17), sink.of(new17));
        assertEquals(List.of("switched node_order_statuses streaming -> plain"), events.switches());
    }

    @Test
    void shouldRepeatNothingWhenUpgradedFromPositionsOfEveryLayout() throws IOException {
        write(NodeLayout.PLAIN, 16, -90, "p16");
        write(NodeLayout.PLAIN, 17, -5, "p17");
        NodeFile streaming = write(NodeLayout.STREAMING, 17, 0, "s17");
        write(NodeLayout.BY_BLOCK, 17, -2, "b17");
        // The previous version read every layout, and stored the positions of all of them.
        Tailer previous = follow(HourlyFileSequence.allLayouts(root, STREAM));
        drain(previous);
        assertEquals(4, sink.texts().size());
        TailerPositions stored = previous.positions();
        previous.close();
        sink.lines.clear();

        append(streaming, 10, "s17-2");
        NodeFile next = write(NodeLayout.STREAMING, 18, 60, "s18");
        Tailer upgraded = follow(HourlyFileSequence.activeLayout(root, STREAM));
        upgraded.resume(stored);
        drain(upgraded);

        assertEquals(List.of("s17-2", "s18"), sink.texts());
        assertEquals(texts(next), sink.of(next));
        assertEquals(List.of(), events.switches());
        assertEquals(stored.files().size() + 1, upgraded.positions().files().size()); // every position kept
    }

    @Test
    void shouldWarnOnceWhenAConfiguredLayoutStoppedGrowingWhileAnotherGrows() throws IOException {
        NodeFile plain = write(NodeLayout.PLAIN, 17, 0, "p1");
        NodeFile streaming = write(NodeLayout.STREAMING, 18, 119, "s1"); // 1 h 59 min later: not yet
        Tailer tailer = follow(List.of(new HourlyFileSequence(root, STREAM, NodeLayout.PLAIN)));
        drain(tailer);
        assertEquals(List.of(), events.stale());

        append(streaming, 120, "s2"); // now two hours
        tailer.requestDiscovery();
        drain(tailer);
        tailer.requestDiscovery();
        drain(tailer);
        assertEquals(List.of("stale node_order_statuses plain, streaming is written, PT2H"), events.stale());

        append(plain, 125, "p2"); // plain grows again: no longer stale, no warning
        tailer.requestDiscovery();
        drain(tailer);
        assertEquals(1, events.stale().size());
        assertEquals(List.of("p1", "p2"), sink.texts());
    }

    @Test
    void shouldDescribeWhatIsReadAtStart() {
        StreamLayout explicit = new StreamLayout(NodeStream.FILLS, List.of(NodeLayout.PLAIN), false,
                Map.of(NodeLayout.PLAIN, 2026120309L, NodeLayout.BY_BLOCK, 2026120400L));
        StreamLayout none = new StreamLayout(NodeStream.TRADES, List.of(), true, Map.of());

        assertEquals("node_fills: plain (configured; by_block not read, newest hour 2026-12-04T00)",
                explicit.describe());
        assertEquals("node_trades: no files yet, the layout is chosen when they come", none.describe());
    }

    // ---------------------------------------------------------------- helpers

    private Tailer follow(List<FileSequence> sequences) {
        return follow(sequences, TailerConfig.defaults());
    }

    private Tailer follow(List<FileSequence> sequences, TailerConfig config) {
        Tailer tailer = new Tailer(sequences, config, sink, events, clock::get);
        tailers.add(tailer);
        return tailer;
    }

    private static void drain(Tailer tailer) throws IOException {
        for (int i = 0; i < 100 && tailer.poll() > 0; i++) {
            // until a poll finds nothing new
        }
    }

    /** Writes whole lines to the layout's hour file, which was last modified {@code minutes} after T0. */
    private NodeFile write(NodeLayout layout, int hour, int minutes, String... lines) throws IOException {
        NodeFile file = new NodeFile(root.resolve(layout.directoryName(STREAM)).resolve("hourly").resolve(DAY)
                .resolve(Integer.toString(hour)));
        append(file, minutes, lines);
        return file;
    }

    private static void append(NodeFile file, int minutes, String... lines) throws IOException {
        for (String line : lines) {
            file.write(line + "\n");
        }
        Files.setLastModifiedTime(file.path, FileTime.from(T0.plus(Duration.ofMinutes(minutes))));
    }

    private static List<String> texts(NodeFile file) {
        return file.wholeLines().stream().map(NodeFile.Line::text).toList();
    }

    private static final class Lines implements LineSink {
        record Line(long inode, String text) {
        }

        final List<Line> lines = new ArrayList<>();

        @Override
        public void onLine(TailedFile file, byte[] buffer, int offset, int length, long startOffset, long endOffset) {
            lines.add(new Line(file.identity().inode(), new String(buffer, offset, length, UTF_8)));
        }

        @Override
        public void onLineTooLong(TailedFile file, long startOffset, long length, byte[] head, int headOffset,
                                  int headLength, long endOffset) {
            throw new AssertionError("no line is too long here");
        }

        List<String> texts() {
            return lines.stream().map(Line::text).toList();
        }

        List<String> of(NodeFile... files) {
            List<String> texts = new ArrayList<>();
            for (Line line : lines) {
                for (NodeFile file : files) {
                    if (line.inode() == file.inode) {
                        texts.add(line.text());
                    }
                }
            }
            return texts;
        }
    }

    private static final class LayoutEvents implements TailerEvents {
        final List<String> log = new ArrayList<>();

        @Override
        public void layoutsFound(Path nodeDataRoot, List<StreamLayout> streams) {
            log.add("found " + nodeDataRoot + ": " + String.join("; ",
                    streams.stream().map(StreamLayout::describe).toList()));
        }

        @Override
        public void layoutSwitched(NodeStream stream, NodeLayout from, NodeLayout to) {
            log.add("switched " + stream.directoryName() + " " + (from == null ? "none" : from.configName())
                    + " -> " + to.configName());
        }

        @Override
        public void layoutStale(NodeStream stream, NodeLayout configured, NodeLayout writing, Duration behind) {
            log.add("stale " + stream.directoryName() + " " + configured.configName() + ", "
                    + writing.configName() + " is written, " + behind);
        }

        List<String> switches() {
            return log.stream().filter(line -> line.startsWith("switched")).toList();
        }

        List<String> stale() {
            assertTrue(log.stream().noneMatch(line -> line.startsWith("switched")), "explicit layouts never switch");
            return log.stream().filter(line -> line.startsWith("stale")).toList();
        }
    }
}
