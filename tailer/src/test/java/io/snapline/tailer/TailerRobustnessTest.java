package io.snapline.tailer;

import io.snapline.tailer.NodeFile.Line;
import io.snapline.tailer.RecordingEvents.Event;
import io.snapline.testkit.Resources;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Regression tests for findings of a review of the tailer: each test is one finding, turned into the
 * behaviour the tailer must have. Real files in a temp directory, a fake clock, {@link Tailer#poll()}
 * called directly (except for the {@link TailerLoop} tests, which need its real thread).
 */
class TailerRobustnessTest {

    private static final String DAY = "20260505";
    private static final Duration GRACE = TailerConfig.defaults().rolloverGrace();
    private static final int MAX_POLLS = 10_000;

    @TempDir
    Path root;

    private final AtomicLong clock = new AtomicLong(5_000_000_000L);
    private final RecordingSink sink = new RecordingSink();
    private final RecordingEvents events = new RecordingEvents();
    private final List<Tailer> tailers = new ArrayList<>();

    @AfterEach
    void closeTailers() throws IOException {
        for (Tailer tailer : tailers) {
            tailer.close();
        }
    }

    // ---------------------------------------------------------------- 1. a sink that throws

    /**
     * A sink exception leaves the file not at its end: the next polls go on from the line it threw on.
     * Before the fix, the file kept {@code atEnd} from the previous read and its size was already noted,
     * so the rest of the read was never handed on (and the file was closed after the grace period).
     */
    @ParameterizedTest(name = "the sink throws once on {0}")
    @ValueSource(strings = {"9-2", "9-3", "9-4"}) // first, middle and last line of the read
    void shouldHandOnTheRestOfAReadAfterTheSinkThrew(String failingLine) throws IOException {
        NodeFile h9 = hour(9).write("9-1\n");
        Tailer tailer = tailer(config());
        tailer.poll();
        assertEquals(List.of("9-1"), sink.texts());

        h9.write("9-2\n9-3\n9-4\n");
        sink.throwOnceOn(failingLine);
        IllegalStateException thrown = assertThrows(IllegalStateException.class, tailer::poll);
        assertEquals(RecordingSink.FAILURE + failingLine, thrown.getMessage(), "poll() passes the sink's exception on");
        assertFalse(sink.texts().contains(failingLine));
        assertPositionNotPastAnUndeliveredLine(tailer, h9);

        // The consumer goes on with the same tailer; then more is written and the hour rolls over.
        pollCheckingPositions(tailer, h9);
        assertEquals(h9.wholeLines(), sink.linesOf(h9), "the rest of the read after the sink threw");
        h9.write("9-5\n");
        NodeFile h10 = hour(10).write("10-1\n");
        pollCheckingPositions(tailer, h9, h10);
        advance(GRACE.plusSeconds(1));
        pollCheckingPositions(tailer, h9, h10);
        h10.write("10-2\n");
        pollCheckingPositions(tailer, h9, h10);

        assertEquals(List.of("9-1", "9-2", "9-3", "9-4", "9-5", "10-1", "10-2"), sink.texts());
        assertEquals(h9.wholeLines(), sink.linesOf(h9));
        assertEquals(h10.wholeLines(), sink.linesOf(h10));
        assertEachLineOnce(sink);
    }

    // ---------------------------------------------------------------- 2. rename of the newest file during catch-up

    /**
     * Before the fix, the newest file was not opened until every older file was caught up, so a rename +
     * create of it during a catch-up lost the lines it held: it was never opened under its old name.
     */
    @Test
    void shouldNotLoseTheNewestFileRenamedWhileAnOlderOneCatchesUp() throws IOException {
        StringBuilder backlog = new StringBuilder();
        for (int i = 0; i < 10_000; i++) {
            backlog.append("16-").append(String.format("%05d", i)).append('-').append("z".repeat(36)).append('\n');
        }
        NodeFile h16 = hour(16).write(backlog.toString());
        NodeFile h17 = hour(17).write("17-a\n17-b\n");
        Tailer tailer = tailer(config().withReadBudgetBytes(4096).withReadBufferSize(4096));
        for (int i = 0; i < 5; i++) {
            tailer.poll();
        }
        assertTrue(sink.linesOf(h16).size() < h16.wholeLines().size(), "16 is still being caught up");
        assertEquals(List.of(), sink.linesOf(h17), "17 waits until 16 is caught up");

        h17.renameTo(h17.path.resolveSibling("17.old")); // rename + create, as a node restart does
        NodeFile new17 = hour(17).write("17-new\n");
        pollUntilIdle(tailer);
        advance(GRACE.plusSeconds(1));
        pollUntilIdle(tailer);

        assertEquals(h16.wholeLines(), sink.linesOf(h16));
        assertEquals(h17.wholeLines(), sink.linesOf(h17), "the old 17, renamed to 17.old during the catch-up");
        assertEquals(new17.wholeLines(), sink.linesOf(new17));
        assertEachLineOnce(sink);
    }

    // ---------------------------------------------------------------- 3. a long line in many flushes

    /**
     * Before the fix, each poll read the partial line again from its start: a 4 MiB line flushed in 8 KiB
     * pieces cost about 258 times its length in reads.
     */
    @Test
    void shouldReadALineFlushedInManyPiecesInLinearTime() throws IOException {
        int lineLength = 4 << 20;
        int chunk = 8 << 10;
        NodeFile h9 = hour(9).write("");
        Tailer tailer = tailer(config());
        long read = tailer.poll();

        StringBuilder expected = new StringBuilder(lineLength);
        for (int written = 0, i = 0; written < lineLength; written += chunk, i++) {
            String piece = String.valueOf((char) ('a' + i % 26)).repeat(chunk);
            h9.write(piece);
            expected.append(piece);
            read += tailer.poll();
        }
        assertEquals(List.of(), sink.texts(), "no newline yet");
        h9.write("\n");
        read += tailer.poll();
        for (long n : pollUntilIdle(tailer)) {
            read += n;
        }

        List<Line> lines = sink.linesOf(h9);
        assertEquals(1, lines.size(), "the line arrives once");
        assertEquals(0, lines.get(0).start());
        assertEquals(lineLength + 1L, lines.get(0).end());
        assertTrue(lines.get(0).text().equals(expected.toString()), "the line arrives whole");
        assertTrue(read < 3L * lineLength, "read " + read + " bytes for a line of " + lineLength + " bytes ("
                + String.format("%.1f", (double) read / lineLength) + "x)");
    }

    // ---------------------------------------------------------------- 4. stopping the loop

    /**
     * Before the fix, {@code close()} joined the thread without a timeout: a sink blocked for good made it
     * hang forever.
     */
    @Test
    void shouldStopTheLoopWithinItsTimeoutWhenTheSinkIsBlocked() throws Exception {
        hour(9).write("9-1\n9-2\n");
        AtomicBoolean released = new AtomicBoolean();
        CountDownLatch blocked = new CountDownLatch(1);
        LineSink stuck = (file, buffer, offset, length, startOffset, endOffset) -> {
            blocked.countDown();
            while (!released.get()) {
                LockSupport.parkNanos(1_000_000);
                Thread.interrupted(); // ignores interrupts, like a busy ring producer
            }
        };
        TailerLoop loop = new TailerLoop(new Tailer(List.of(sequence(root)), config(), stuck, TailerEvents.NONE,
                clock::get), Duration.ofMillis(50), "tailer-robustness-blocked-sink").start();
        try {
            assertTrue(blocked.await(5, TimeUnit.SECONDS), "the sink got a line");

            Duration limit = TailerLoop.STOP_TIMEOUT.multipliedBy(2).plusSeconds(3);
            long closing = System.nanoTime();
            Closing closed = closeWithin(loop, limit);
            long tookMillis = (System.nanoTime() - closing) / 1_000_000;

            assertTrue(closed.returned(), "close() has not returned after " + tookMillis + " ms");
            assertNull(closed.failure(), "close() threw");
            Throwable failure = loop.failure();
            assertNotNull(failure, "failure() reports the thread that did not stop");
            assertTrue(failure.getMessage().contains("did not stop"), failure.getMessage());
            assertTrue(loop.isRunning(), "the blocked thread is still there");
        } finally {
            released.set(true);
        }
        awaitStopped(loop, Duration.ofSeconds(5));
        // Now the thread is gone: closes the tailer and the watch.
        assertTrue(closeWithin(loop, Duration.ofSeconds(5)).returned(), "close() once the thread is gone");
    }

    /** Before the fix, {@code close()} from the loop's own thread joined itself, for ever. */
    @Test
    void shouldStopTheLoopWithoutDeadlockWhenClosedFromTheSink() throws Exception {
        hour(9).write("9-1\n9-2\n");
        AtomicReference<TailerLoop> self = new AtomicReference<>();
        AtomicReference<Thread> loopThread = new AtomicReference<>();
        AtomicReference<Throwable> closeFailure = new AtomicReference<>();
        CountDownLatch closedInSink = new CountDownLatch(1);
        LineSink closing = (file, buffer, offset, length, startOffset, endOffset) -> {
            if (loopThread.getAndSet(Thread.currentThread()) != null) {
                return; // close() once, on the first line
            }
            try {
                self.get().close();
            } catch (Throwable t) {
                closeFailure.set(t);
            } finally {
                closedInSink.countDown();
            }
        };
        Tailer tailer = new Tailer(List.of(sequence(root)), config(), closing, TailerEvents.NONE, clock::get);
        TailerLoop loop = new TailerLoop(tailer, Duration.ofMillis(50), "tailer-robustness-self-close");
        self.set(loop);
        loop.start();
        try {
            assertTrue(closedInSink.await(5, TimeUnit.SECONDS), "close() called from the sink has not returned");
            assertNull(closeFailure.get(), "close() from the sink threw");
            awaitStopped(loop, Duration.ofSeconds(2)); // well below STOP_TIMEOUT: no self-join
            assertNull(loop.failure());
        } finally {
            Thread stuck = loopThread.get();
            if (loop.isRunning() && stuck != null) {
                stuck.interrupt(); // only when the test has already failed: do not leave it hanging
            }
            assertTrue(closeWithin(loop, Duration.ofSeconds(15)).returned(), "close() from the test thread");
        }
        assertEquals(0, tailer.openFileCount(), "close() from the test thread closed the tailer");
    }

    // ---------------------------------------------------------------- 5. read budget

    /** Before the fix, a run of over-long lines was skipped in one poll, whatever the budget. */
    @Test
    void shouldKeepEachPollNearTheReadBudgetOverManyOverLongLines() throws IOException {
        long budget = 10_000;
        int lineBytes = 10_000;
        NodeFile h9 = hour(9).write(("x".repeat(lineBytes - 1) + "\n").repeat(100));
        Tailer tailer = tailer(config().withMaxLineLength(1000).withReadBufferSize(256).withReadBudgetBytes(budget));

        List<Long> reads = new ArrayList<>();
        while (sink.tooLong.size() < 100 && reads.size() < MAX_POLLS) {
            reads.add(tailer.poll());
        }
        reads.addAll(pollUntilIdle(tailer));

        for (long n : reads) {
            assertTrue(n <= 3 * budget, "one poll read " + n + " bytes with a budget of " + budget + ": " + reads);
        }
        List<TooLongSpan> expected = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            expected.add(new TooLongSpan((long) i * lineBytes, lineBytes - 1, (i + 1L) * lineBytes));
        }
        assertEquals(expected, sink.tooLongSpans(h9), "every over-long line is reported, once");
        assertEquals(List.of(), sink.texts());
    }

    /** Before the fix, reads were as large as the buffer, which a long line had grown far past the budget. */
    @Test
    void shouldKeepEachPollNearTheReadBudgetAfterTheBufferGrewForOneLongLine() throws IOException {
        int readBufferSize = 1024;
        long budget = 4096;
        NodeFile h9 = hour(9).write("L".repeat(60_000) + "\n");
        Tailer tailer = tailer(config().withReadBufferSize(readBufferSize).withMaxLineLength(100_000)
                .withReadBudgetBytes(budget));
        pollUntilIdle(tailer);
        assertEquals(readBufferSize, tailer.readBufferCapacity(), "the buffer grown for the long line was given back");

        StringBuilder shortLines = new StringBuilder();
        for (int i = 0; i < 20_000; i++) {
            shortLines.append("short-").append(String.format("%05d", i)).append('-').append("s".repeat(28)).append('\n');
        }
        int shortLineBytes = 41;
        h9.write(shortLines.toString());
        List<Long> reads = pollUntilIdle(tailer);

        long bound = budget + readBufferSize + shortLineBytes;
        for (long n : reads) {
            assertTrue(n <= bound, "one poll read " + n + " bytes; at most " + bound + " expected (buffer "
                    + tailer.readBufferCapacity() + ")");
        }
        assertEquals(h9.wholeLines(), sink.linesOf(h9));
    }

    // ---------------------------------------------------------------- 6. one file, two paths

    /**
     * Before the fix, a file reachable by two paths of a glob (a symlink) was renamed back and forth at
     * every discovery, listed twice in the positions and, after a resume, read twice.
     */
    @Test
    void shouldReadAFileReachableByTwoPathsOnce() throws IOException {
        Path dir = Files.createDirectories(root.resolve("logs"));
        NodeFile app = new NodeFile(dir.resolve("app.log")).write("one\n");
        Files.createSymbolicLink(dir.resolve("current.log"), Path.of("app.log"));
        String glob = dir + "/*.log";

        Tailer first = globTailer(glob, config(), sink, events);
        for (int i = 0; i < 4; i++) {
            first.requestDiscovery();
            first.poll();
            if (i == 1) {
                app.write("two\n");
            }
        }
        assertEquals(List.of(), events.of("renamed"), "a quiet directory renames nothing");
        assertEquals(app.wholeLines(), sink.linesOf(app));
        TailerPositions positions = first.positions();
        assertEquals(1, positions.files().size(), "listed once: " + positions);
        first.close();

        app.write("three\n");
        RecordingSink resumedSink = new RecordingSink();
        RecordingEvents resumedEvents = new RecordingEvents();
        Tailer resumed = globTailer(glob, config(), resumedSink, resumedEvents);
        resumed.resume(positions);
        pollUntilIdle(resumed);
        app.write("four\n");
        pollUntilIdle(resumed);
        resumed.requestDiscovery();
        pollUntilIdle(resumed);

        assertEquals(List.of("three", "four"), resumedSink.texts());
        List<Line> all = new ArrayList<>(sink.linesOf(app));
        all.addAll(resumedSink.linesOf(app));
        assertEquals(app.wholeLines(), all, "every line exactly once over both runs");
        assertEquals(List.of(), resumedEvents.of("renamed"));
        assertEquals(1, resumed.positions().files().size(), "listed once: " + resumed.positions());
    }

    // ---------------------------------------------------------------- 7. close() with a throwing listener

    /** Before the fix, the first exception from {@code fileClosed} left the remaining descriptors open. */
    @Test
    void shouldCloseEveryDescriptorEvenIfAListenerThrows() throws IOException {
        // Class loading and the first use of file channels open descriptors of their own: not leaks.
        Path warmUpRoot = root.resolve("warm-up");
        new NodeFile(hourFile(warmUpRoot, 9)).write("warm\n");
        try (Tailer warmUp = new Tailer(List.of(sequence(warmUpRoot)), config(), new RecordingSink(),
                TailerEvents.NONE, clock::get)) {
            warmUp.poll();
        }
        hour(16).write("16-1\n");
        hour(17).write("17-1\n");
        List<RuntimeException> listenerFailures = new ArrayList<>();
        TailerEvents failingListener = new TailerEvents() {
            @Override
            public void fileClosed(TailedFile file) {
                RuntimeException failure = new RuntimeException("metrics backend down");
                listenerFailures.add(failure);
                throw failure;
            }
        };
        List<String> baseline = Resources.countedDescriptors();
        Tailer tailer = new Tailer(List.of(sequence(root)), config(), sink, failingListener, clock::get);
        tailers.add(tailer);
        tailer.poll();
        assertEquals(2, tailer.openFileCount(), "both files open");
        assertEquals(List.of("16-1", "17-1"), sink.texts());

        IOException thrown = assertThrows(IOException.class, tailer::close);

        assertTrue(!listenerFailures.isEmpty() && listenerFailures.contains(thrown.getCause()),
                "close() throws an IOException carrying the listener's failure: " + thrown);
        assertEquals(0, tailer.openFileCount());
        assertEquals(List.of(), Resources.openUnder(root), "descriptors of the tailed files after close()");
        Resources.assertOpenedSince(baseline, 0);
    }

    // ---------------------------------------------------------------- 8. glob directory replaced by a file

    /** Before the fix, discovery of a glob whose directory had become a regular file threw. */
    @Test
    void shouldIgnoreAGlobDirectoryReplacedByAFile() throws IOException {
        Path dir = Files.createDirectories(root.resolve("logs"));
        NodeFile app = new NodeFile(dir.resolve("a.log")).write("a\n");
        String glob = dir + "/*.log";
        Tailer tailer = globTailer(glob, config(), sink, events);
        tailer.poll();
        assertEquals(List.of("a"), sink.texts());
        TailerPositions positions = tailer.positions();

        Files.delete(app.path);
        Files.delete(dir);
        Files.writeString(dir, "not a directory\n");

        for (int i = 0; i < 3; i++) {
            tailer.requestDiscovery();
            assertDoesNotThrow(tailer::poll);
            advance(GRACE.plusSeconds(1));
        }
        Tailer resumed = globTailer(glob, config(), new RecordingSink(), new RecordingEvents());
        resumed.resume(positions); // its file is not at its path: looked for in a directory that is a file
        assertDoesNotThrow(resumed::poll);
    }

    // ---------------------------------------------------------------- 9. StartAt.END and resume

    /**
     * Any positions at all mean this is not a first start. Before the fix, positions only of a sequence
     * that is not configured any more (here: a glob spelled differently) were ignored and then
     * {@code StartAt.END} skipped the existing content of the renamed sequence's files.
     */
    @Test
    void shouldNotApplyStartAtEndWhenAnyPositionsAreHandedBack() throws IOException {
        Path dir = Files.createDirectories(root.resolve("logs"));
        NodeFile app = new NodeFile(dir.resolve("app.log")).write("a\nb\n");
        TailerConfig atEnd = config().withStartAt(TailerConfig.StartAt.END);
        Tailer previousRun = globTailer(dir + "/*.log", atEnd, new RecordingSink(), new RecordingEvents());
        previousRun.poll();
        app.write("c\n");
        previousRun.poll();
        TailerPositions positions = previousRun.positions();
        assertEquals(1, positions.files().size());
        assertEquals(app.size(), positions.files().get(0).offset());
        previousRun.close();
        app.write("d\n");

        Tailer tailer = globTailer(dir + "/app*.log", atEnd, sink, events);
        tailer.resume(positions);
        pollUntilIdle(tailer);

        assertEquals(List.of(new Event("added", app.inode, 0, 0)), events.of("added"));
        assertEquals(app.wholeLines(), sink.linesOf(app), "read from the start, not skipped");
    }

    // ---------------------------------------------------------------- 10. impossible identities

    /** Before the fix, a fingerprint longer than 64 bytes was accepted and made the first poll throw. */
    @Test
    void shouldRejectImpossibleFingerprintLengths() {
        for (int length : new int[] {65, 100, Integer.MAX_VALUE, -1}) {
            IllegalArgumentException thrown = assertThrows(IllegalArgumentException.class,
                    () -> new FileIdentity(1, 2, length, 0), "fingerprintLength " + length);
            assertTrue(thrown.getMessage().contains("fingerprintLength"), thrown.getMessage());
        }
        assertDoesNotThrow(() -> new FileIdentity(1, 2, 64, 0));
        assertDoesNotThrow(() -> new FileIdentity(1, 2, 0, 0));
    }

    // ---------------------------------------------------------------- 11. a shrink above the position

    /**
     * A file cut to a size above the read position but below the size last seen (a partial last line cut
     * short, then whole lines written) has been rewritten. Before the fix, only a size below the position
     * counted as a truncation, and reading went on from the old position in the middle of other bytes.
     */
    @Test
    void shouldDetectAShrinkThatStaysAbovePosition() throws IOException {
        NodeFile h9 = hour(9).write("line-1-aaaaaaaaaaaaa\nline-2-bbbbbbbbbbbbb\nline-3-ccccccccccccc\n"
                + "line-4-ddddddddddddd\n" + "partial-" + "p".repeat(200));
        Tailer tailer = tailer(config());
        tailer.poll();
        long position = h9.wholeLines().get(3).end();
        long lastSize = h9.size();
        assertEquals(position, positionOf(tailer, h9));
        assertEquals(4, sink.linesOf(h9).size());
        assertEquals(0, tailer.poll(), "nothing new: the partial line waits");

        h9.truncateTo(position + 10);
        h9.write("new-1\nnew-2\n");
        assertTrue(h9.size() > position && h9.size() < lastSize, "size " + h9.size() + " is between the position "
                + position + " and the last size " + lastSize);
        int before = sink.lines.size();
        pollUntilIdle(tailer);

        assertEquals(List.of(new Event("truncated", h9.inode, position, h9.size())), events.of("truncated"));
        List<Line> afterTruncation = sink.linesOf(h9).subList(before, sink.linesOf(h9).size());
        assertEquals(h9.wholeLines(), afterTruncation, "reading restarts at 0");
        assertEquals(h9.wholeLines().get(h9.wholeLines().size() - 1).end(), positionOf(tailer, h9));
    }

    // ================================================================ helpers

    private TailerConfig config() {
        return TailerConfig.defaults().withDiscoveryInterval(Duration.ZERO);
    }

    private static FileSequence sequence(Path nodeRoot) {
        return new HourlyFileSequence(nodeRoot, NodeStream.ORDER_STATUSES, NodeLayout.STREAMING);
    }

    private Tailer tailer(TailerConfig config) {
        Tailer tailer = new Tailer(List.of(sequence(root)), config, sink, events, clock::get);
        tailers.add(tailer);
        return tailer;
    }

    private Tailer globTailer(String glob, TailerConfig config, LineSink lines, TailerEvents seen) {
        Tailer tailer = new Tailer(List.of(new GlobFileSequence(glob)), config, lines, seen, clock::get);
        tailers.add(tailer);
        return tailer;
    }

    private static Path hourFile(Path nodeRoot, int hour) {
        return nodeRoot.resolve("node_order_statuses_streaming").resolve("hourly").resolve(DAY)
                .resolve(Integer.toString(hour));
    }

    private NodeFile hour(int hour) {
        return new NodeFile(hourFile(root, hour));
    }

    private void advance(Duration duration) {
        clock.addAndGet(duration.toNanos());
    }

    /** Polls until a poll reads nothing; returns what each poll read. */
    private static List<Long> pollUntilIdle(Tailer tailer) throws IOException {
        List<Long> reads = new ArrayList<>();
        long n;
        while ((n = tailer.poll()) > 0) {
            reads.add(n);
            if (reads.size() > MAX_POLLS) {
                throw new AssertionError("still reading after " + MAX_POLLS + " polls");
            }
        }
        return reads;
    }

    /** {@link #pollUntilIdle}, checking the positions after every poll. */
    private void pollCheckingPositions(Tailer tailer, NodeFile... files) throws IOException {
        int polls = 0;
        do {
            assertTrue(++polls <= MAX_POLLS, "still reading after " + MAX_POLLS + " polls");
            long n = tailer.poll();
            for (NodeFile file : files) {
                assertPositionNotPastAnUndeliveredLine(tailer, file);
            }
            if (n == 0) {
                return;
            }
        } while (true);
    }

    private static long positionOf(Tailer tailer, NodeFile file) {
        List<FilePosition> found = tailer.positions().files().stream()
                .filter(p -> p.identity().inode() == file.inode).collect(Collectors.toList());
        assertEquals(1, found.size(), file.path + " in the positions " + tailer.positions());
        return found.get(0).offset();
    }

    /** The position is on a line boundary, and not past the first whole line the sink has not taken. */
    private void assertPositionNotPastAnUndeliveredLine(Tailer tailer, NodeFile file) {
        long position = positionOf(tailer, file);
        List<Line> whole = file.wholeLines();
        Set<Long> delivered = sink.linesOf(file).stream().map(Line::start).collect(Collectors.toSet());
        long firstNotDelivered = whole.stream().filter(line -> !delivered.contains(line.start()))
                .mapToLong(Line::start).findFirst().orElse(whole.isEmpty() ? 0 : whole.get(whole.size() - 1).end());
        assertTrue(position <= firstNotDelivered, "position " + position + " of " + file.path
                + " is past the line at " + firstNotDelivered + ", which was not handed on");
        Set<Long> ends = whole.stream().map(Line::end).collect(Collectors.toSet());
        assertTrue(position == 0 || ends.contains(position), "position " + position + " is inside a line");
    }

    private static void assertEachLineOnce(RecordingSink lines) {
        Set<String> seen = new HashSet<>();
        for (Delivered line : lines.lines) {
            assertTrue(seen.add(line.inode() + "@" + line.start()), "delivered twice: " + line);
        }
    }

    /** Whether {@code close()} returned within the time given, and what it threw. */
    record Closing(boolean returned, Throwable failure) {
    }

    /** Calls {@code loop.close()} on a thread of its own, so that a close that hangs fails the test instead. */
    private static Closing closeWithin(TailerLoop loop, Duration patience) throws InterruptedException {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread closer = new Thread(() -> {
            try {
                loop.close();
            } catch (Throwable t) {
                failure.set(t);
            }
        }, "tailer-robustness-closer");
        closer.setDaemon(true);
        closer.start();
        closer.join(patience.toMillis());
        return new Closing(!closer.isAlive(), failure.get());
    }

    private static void awaitStopped(TailerLoop loop, Duration patience) throws InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        while (loop.isRunning()) {
            assertTrue(System.nanoTime() < deadline, "the loop thread still runs after " + patience);
            Thread.sleep(5);
        }
    }



    record Delivered(long inode, String text, long start, long end) {
    }

    record TooLongSpan(long start, long length, long end) {
    }

    record TooLongLine(long inode, long start, long length, long end) {
    }
    /** Records what it is handed; can throw once on a given line, as a failing consumer would. */
    static final class RecordingSink implements LineSink {
        static final String FAILURE = "sink failed on ";

        final List<Delivered> lines = new ArrayList<>();
        final List<TooLongLine> tooLong = new ArrayList<>();
        private String throwOnceOn;

        void throwOnceOn(String text) {
            throwOnceOn = text;
        }

        @Override
        public void onLine(TailedFile file, byte[] buffer, int offset, int length, long startOffset, long endOffset) {
            String text = new String(buffer, offset, length, UTF_8);
            if (text.equals(throwOnceOn)) {
                throwOnceOn = null;
                throw new IllegalStateException(FAILURE + text);
            }
            lines.add(new Delivered(file.identity().inode(), text, startOffset, endOffset));
        }

        @Override
        public void onLineTooLong(TailedFile file, long startOffset, long length, byte[] head, int headOffset,
                                  int headLength, long endOffset) {
            tooLong.add(new TooLongLine(file.identity().inode(), startOffset, length, endOffset));
        }

        List<String> texts() {
            return lines.stream().map(Delivered::text).collect(Collectors.toList());
        }

        List<Line> linesOf(NodeFile file) {
            return lines.stream().filter(l -> l.inode() == file.inode).map(l -> new Line(l.text(), l.start(), l.end()))
                    .collect(Collectors.toList());
        }

        List<TooLongSpan> tooLongSpans(NodeFile file) {
            return tooLong.stream().filter(l -> l.inode() == file.inode)
                    .map(l -> new TooLongSpan(l.start(), l.length(), l.end())).collect(Collectors.toList());
        }
    }
}
