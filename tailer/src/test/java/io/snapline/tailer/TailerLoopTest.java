package io.snapline.tailer;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.snapline.testkit.Resources;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.LongConsumer;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link TailerLoop} on its real thread, with the real watch service and the system clock. Nothing
 * here asserts a latency or sleeps to let something happen: each step waits on the condition it
 * needs (lines delivered, polls counted, a directory watched), bounded only by a patience that
 * turns a hang into a failure. Latency and idle CPU are measured by the benchmarks.
 */
class TailerLoopTest {

    private static final Duration MAX_IDLE = Duration.ofMillis(50);
    private static final Duration PATIENCE = Duration.ofSeconds(10);
    /** Idle polls in a row that take the back-off from 1 ms past {@link #MAX_IDLE}: 1, 2, 4, ... 64. */
    private static final int IDLE_POLLS_TO_MAX_BACK_OFF = 8;
    private static final AtomicInteger LOOPS = new AtomicInteger();

    @TempDir
    Path root;

    private final ConcurrentSink sink = new ConcurrentSink();
    private final PollCounter polls = new PollCounter();
    private final List<TailerLoop> loops = new ArrayList<>();

    @AfterEach
    void closeLoops() throws IOException {
        for (TailerLoop loop : loops) {
            loop.close();
        }
    }

    @Test
    void shouldDeliverAppendedLinesWhetherBusyOrBackedOff() throws Exception {
        Path file = append(hourFile(root, "20260505", 9), "first\n");
        String name = loopName();
        TailerLoop loop = start(root, name);
        awaitLines(1);

        for (int i = 0; i < 10; i++) {
            if (i % 2 == 1) {
                polls.awaitIdleInARow(IDLE_POLLS_TO_MAX_BACK_OFF); // backed off to its longest wait
            }
            append(file, "line-" + i + "\n");
            assertEquals("line-" + i, awaitLines(i + 2).text());
        }
        assertTrue(sink.lines.stream().allMatch(line -> line.thread().equals(name)), "delivered on the loop thread");
        assertNull(loop.failure());
    }

    @Test
    void shouldPickUpANewHourFileAndANewDayDirectory() throws Exception {
        append(hourFile(root, "20260505", 22), "22-1\n");
        TailerLoop loop = start(root, loopName());
        awaitLines(1);

        append(hourFile(root, "20260505", 23), "23-1\n");
        awaitLines(2);
        append(hourFile(root, "20260506", 0), "0-1\n");
        awaitLines(3);
        polls.awaitIdleInARow(IDLE_POLLS_TO_MAX_BACK_OFF);
        append(hourFile(root, "20260506", 1), "1-1\n"); // in the day directory that appeared after start
        awaitLines(4);

        assertEquals(List.of("22-1", "23-1", "0-1", "1-1"), sink.texts());
        assertNull(loop.failure());
    }

    /**
     * Snapline may start before the node has created its output directories (a fresh node, or a stream
     * whose flag was just turned on). The watch list was taken when the loop started and renewed only when a
     * watched directory saw a new entry, so directories that appeared later were never watched: the files
     * were still found by polling, but every append then waited for the loop's maximum idle time. The
     * watch must come to cover them.
     */
    @Test
    void shouldWatchNodeDirectoriesThatAppearAfterStart() throws Exception {
        TailerLoop loop = new TailerLoop(tailer(root), Duration.ofMillis(300), loopName(), polls);
        loops.add(loop);
        loop.start();
        polls.awaitIdleInARow(2);

        Path file = append(hourFile(root, "20260505", 9), "first\n");
        awaitLines(1); // found by polling
        awaitCondition(() -> loop.watchedDirectories().contains(file.getParent()),
                () -> "the new day directory is not watched: " + loop.watchedDirectories());

        for (int i = 0; i < 4; i++) {
            polls.awaitIdleInARow(IDLE_POLLS_TO_MAX_BACK_OFF);
            append(file, "line-" + i + "\n");
            awaitLines(i + 2);
        }
        assertNull(loop.failure());
    }

    @Test
    void shouldStopTheThreadAndCloseEveryDescriptorOnClose() throws Exception {
        long baselineWatchThreads = watchThreads();
        // Once first, so that class loading (which opens jars) and the watch service's start-up are not
        // counted as leaks.
        Path warmUpRoot = root.resolve("warm-up");
        append(hourFile(warmUpRoot, "20260505", 9), "warm\n");
        try (TailerLoop warmUp = new TailerLoop(tailer(warmUpRoot), MAX_IDLE, loopName())) {
            warmUp.start();
            awaitLines(1);
        }
        awaitWatchThreads(baselineWatchThreads);
        List<String> baselineDescriptors = Resources.countedDescriptors();

        Path nodeRoot = root.resolve("node");
        Path file = append(hourFile(nodeRoot, "20260505", 9), "9-1\n");
        append(hourFile(nodeRoot, "20260505", 8), "8-1\n");
        String name = loopName();
        TailerLoop loop = new TailerLoop(tailer(nodeRoot), MAX_IDLE, name).start();
        awaitLines(3);
        append(file, "9-2\n");
        awaitLines(4);
        assertTrue(loop.isRunning());
        assertTrue(threadNamed(name), "the loop thread runs");
        assertFalse(Resources.openedSince(baselineDescriptors).isEmpty(), "files and the watch are open");

        loop.close();

        assertFalse(loop.isRunning());
        assertFalse(threadNamed(name), "no thread named " + name + " remains");
        awaitWatchThreads(baselineWatchThreads);
        Resources.assertOpenedSince(baselineDescriptors, 0);
        assertNull(loop.failure());
    }

    /** An idle loop backs off: it reports no work, poll after poll (idle CPU is measured by the benchmarks). */
    @Test
    void shouldBackOffWhenIdle() throws Exception {
        append(hourFile(root, "20260505", 9), "9-1\n9-2\n");
        assertBacksOff();
    }

    /**
     * The node flushes in chunks, so the newest file usually ends in a partial line. The loop must idle
     * then too. It did not: {@code poll()} counted the bytes of the partial line it read again each
     * time as work (see TailerTest.shouldReportNoWorkAndNoNewCatchUpWhileOnlyAPartialLineWaits), so the
     * loop never waited and spun a core.
     */
    @Test
    void shouldBackOffWhenIdleWithAPartialLastLine() throws Exception {
        append(hourFile(root, "20260505", 9), "9-1\n9-2\n9-3-par");
        assertBacksOff();
    }

    private void assertBacksOff() throws Exception {
        TailerLoop loop = start(root, loopName());
        awaitLines(2);
        polls.awaitIdleInARow(IDLE_POLLS_TO_MAX_BACK_OFF * 2);
        assertEquals(List.of("9-1", "9-2"), sink.texts());
        assertNull(loop.failure());
    }

    // ================================================================ helpers

    private Tailer tailer(Path nodeRoot) {
        return new Tailer(List.of(new HourlyFileSequence(nodeRoot, NodeStream.ORDER_STATUSES, NodeLayout.STREAMING)),
                TailerConfig.defaults(), sink, TailerEvents.NONE);
    }

    private TailerLoop start(Path nodeRoot, String name) throws IOException {
        TailerLoop loop = new TailerLoop(tailer(nodeRoot), MAX_IDLE, name, polls);
        loops.add(loop);
        return loop.start();
    }

    private static String loopName() {
        return "snapline-tailer-loop-test-" + LOOPS.incrementAndGet();
    }

    private static Path hourFile(Path nodeRoot, String day, int hour) {
        return nodeRoot.resolve("node_order_statuses_streaming").resolve("hourly").resolve(day)
                .resolve(Integer.toString(hour));
    }

    private static Path append(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.write(file, text.getBytes(UTF_8), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        return file;
    }

    /** Waits until {@code count} lines have arrived in all; returns the last of them. */
    private Received awaitLines(int count) throws InterruptedException {
        awaitCondition(() -> sink.lines.size() >= count,
                () -> "only " + sink.lines.size() + " of " + count + " lines: " + sink.texts());
        List<Received> received = new ArrayList<>(sink.lines);
        return received.get(count - 1);
    }

    /**
     * Waits for a condition another thread makes true, checking it every millisecond; fails after
     * {@link #PATIENCE}. The wait is on the condition, never on a guess of how long something takes.
     */
    private static void awaitCondition(BooleanSupplier condition, Supplier<String> failure) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, () -> failure.get() + " (after " + PATIENCE + ")");
            LockSupport.parkNanos(1_000_000);
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
        }
    }

    private static boolean threadNamed(String name) {
        return Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals(name) && t.isAlive());
    }

    private static long threadId(String name) {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no thread named " + name)).getId();
    }

    /** The JDK's inotify poller threads; each watch service has one until it is closed. */
    private static void awaitWatchThreads(long expected) throws InterruptedException {
        awaitCondition(() -> watchThreads() == expected,
                () -> "watch service threads: expected " + expected + ", got " + watchThreads());
    }

    private static long watchThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("FileSystemWatchService") && t.isAlive()).count();
    }



    record Received(String text, long nanos, String thread) {
    }

    /** Counts the loop's polls on its thread: how many in a row found nothing to read. */
    static final class PollCounter implements LongConsumer {
        private final AtomicLong idleInARow = new AtomicLong();

        @Override
        public void accept(long bytesRead) {
            if (bytesRead == 0) {
                idleInARow.incrementAndGet();
            } else {
                idleInARow.set(0);
            }
        }

        /** Waits for {@code count} more polls in a row that read nothing: the loop is backing off. */
        void awaitIdleInARow(int count) throws InterruptedException {
            idleInARow.set(0);
            awaitCondition(() -> idleInARow.get() >= count, () -> "the loop did not idle: " + idleInARow.get()
                    + " polls in a row read nothing, " + count + " expected");
        }
    }

    /** Called on the loop thread, read by the test thread. */
    static final class ConcurrentSink implements LineSink {
        final ConcurrentLinkedQueue<Received> lines = new ConcurrentLinkedQueue<>();

        @Override
        public void onLine(TailedFile file, byte[] buffer, int offset, int length, long startOffset, long endOffset) {
            lines.add(new Received(new String(buffer, offset, length, UTF_8), System.nanoTime(),
                    Thread.currentThread().getName()));
        }

        List<String> texts() {
            return lines.stream().map(Received::text).collect(Collectors.toList());
        }
    }
}
