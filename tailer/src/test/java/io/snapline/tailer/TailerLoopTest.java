package io.snapline.tailer;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.snapline.testkit.Resources;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link TailerLoop} on its real thread, with the real watch service and the system clock. Latencies
 * are printed, and asserted only loosely: timing belongs to the benchmarks.
 */
class TailerLoopTest {

    private static final Duration MAX_IDLE = Duration.ofMillis(50);
    private static final Duration PATIENCE = Duration.ofSeconds(5);
    private static final AtomicInteger LOOPS = new AtomicInteger();

    @TempDir
    Path root;

    private final ConcurrentSink sink = new ConcurrentSink();
    private final List<TailerLoop> loops = new ArrayList<>();

    @AfterEach
    void closeLoops() throws IOException {
        for (TailerLoop loop : loops) {
            loop.close();
        }
    }

    @Test
    void shouldDeliverAppendedLinesWithinAShortTime() throws Exception {
        Path file = append(hourFile(root, "20260505", 9), "first\n");
        String name = loopName();
        TailerLoop loop = start(root, name);
        awaitLines(1);

        List<Long> latenciesMicros = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            Thread.sleep(i % 2 == 0 ? 20 : 150); // both while the loop is busy-ish and after it backed off
            long written = System.nanoTime();
            append(file, "line-" + i + "\n");
            Received received = awaitLines(i + 2);
            assertEquals("line-" + i, received.text());
            latenciesMicros.add((received.nanos() - written) / 1000);
        }
        System.out.println("TailerLoopTest append-to-delivery latency (us): " + latenciesMicros);

        for (long latency : latenciesMicros) {
            assertTrue(latency < PATIENCE.toNanos() / 1000, "latency " + latency + " us");
        }
        assertTrue(sink.lines.stream().allMatch(line -> line.thread().equals(name)), "delivered on the loop thread");
        assertNull(loop.failure());
    }

    @Test
    void shouldPickUpANewHourFileAndANewDayDirectory() throws Exception {
        append(hourFile(root, "20260505", 22), "22-1\n");
        TailerLoop loop = start(root, loopName());
        awaitLines(1);

        long written = System.nanoTime();
        append(hourFile(root, "20260505", 23), "23-1\n");
        long newHour = (awaitLines(2).nanos() - written) / 1000;

        written = System.nanoTime();
        append(hourFile(root, "20260506", 0), "0-1\n");
        long newDay = (awaitLines(3).nanos() - written) / 1000;

        Thread.sleep(100);
        written = System.nanoTime();
        append(hourFile(root, "20260506", 1), "1-1\n"); // in the day directory that appeared after start
        long nextHour = (awaitLines(4).nanos() - written) / 1000;
        System.out.println("TailerLoopTest discovery latency (us): new hour " + newHour + ", new day " + newDay
                + ", next hour in the new day " + nextHour);

        assertEquals(List.of("22-1", "23-1", "0-1", "1-1"), sink.texts());
        assertNull(loop.failure());
    }

    /**
     * Snapline may start before the node has created its output directories (a fresh node, or a stream
     * whose flag was just turned on). The watch list is taken when the loop starts and renewed only when a
     * watched directory sees a new entry, so directories that appear later are never watched: the files
     * are still found by polling, but every append then waits for the loop's maximum idle time.
     */
    @Test
    void shouldWatchNodeDirectoriesThatAppearAfterStart() throws Exception {
        Duration maxIdle = Duration.ofMillis(300);
        TailerLoop loop = new TailerLoop(tailer(root), maxIdle, loopName());
        loops.add(loop);
        loop.start();
        Thread.sleep(100);

        Path file = append(hourFile(root, "20260505", 9), "first\n");
        awaitLines(1);
        Thread.sleep(100); // found by polling; the loop may now watch what appeared

        List<Long> latenciesMicros = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Thread.sleep(maxIdle.toMillis() + 37L * i);
            long written = System.nanoTime();
            append(file, "line-" + i + "\n");
            latenciesMicros.add((awaitLines(i + 2).nanos() - written) / 1000);
        }
        System.out.println("TailerLoopTest latency (us) in directories created after start: " + latenciesMicros);

        for (long latency : latenciesMicros) {
            assertTrue(latency < 60_000, "append seen only after " + latency / 1000 + " ms (max idle "
                    + maxIdle.toMillis() + " ms): the new directories are not watched; all: " + latenciesMicros);
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

        long closing = System.nanoTime();
        loop.close();
        System.out.println("TailerLoopTest close took " + (System.nanoTime() - closing) / 1000 + " us");

        assertFalse(loop.isRunning());
        assertFalse(threadNamed(name), "no thread named " + name + " remains");
        awaitWatchThreads(baselineWatchThreads);
        Resources.assertOpenedSince(baselineDescriptors, 0);
        assertNull(loop.failure());
    }

    @Test
    void shouldUseLittleCpuWhenIdle() throws Exception {
        append(hourFile(root, "20260505", 9), "9-1\n9-2\n");
        assertIdleCpuIsLow("everything read");
    }

    /**
     * The node flushes in chunks, so the newest file usually ends in a partial line. The loop must idle
     * then too. It does not: {@code poll()} counts the bytes of the partial line it reads again each
     * time as work (see TailerTest.shouldReportNoWorkAndNoNewCatchUpWhileOnlyAPartialLineWaits), so the
     * loop never waits and spins a core.
     */
    @Test
    void shouldUseLittleCpuWhenIdleWithAPartialLastLine() throws Exception {
        append(hourFile(root, "20260505", 9), "9-1\n9-2\n9-3-par");
        assertIdleCpuIsLow("a partial last line waiting");
    }

    private void assertIdleCpuIsLow(String situation) throws Exception {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        assumeTrue(threads.isThreadCpuTimeSupported(), "no per-thread CPU time on this JVM");
        if (!threads.isThreadCpuTimeEnabled()) {
            threads.setThreadCpuTimeEnabled(true);
        }
        String name = loopName();
        TailerLoop loop = start(root, name);
        awaitLines(2);
        Thread.sleep(300); // let the back-off reach its maximum
        long id = threadId(name);

        long cpuBefore = threads.getThreadCpuTime(id);
        long wallBefore = System.nanoTime();
        Thread.sleep(1000);
        long cpu = threads.getThreadCpuTime(id) - cpuBefore;
        long wall = System.nanoTime() - wallBefore;
        System.out.println("TailerLoopTest idle CPU with " + situation + ": " + cpu / 1000 + " us over "
                + wall / 1000 + " us");

        assertTrue(cpuBefore >= 0, "the loop thread is alive");
        assertTrue(cpu < Duration.ofMillis(100).toNanos(), "idle loop used " + cpu / 1_000_000 + " ms of CPU in "
                + wall / 1_000_000 + " ms with " + situation);
        assertNull(loop.failure());
    }

    // ================================================================ helpers

    private Tailer tailer(Path nodeRoot) {
        return new Tailer(List.of(new HourlyFileSequence(nodeRoot, NodeStream.ORDER_STATUSES, NodeLayout.STREAMING)),
                TailerConfig.defaults(), sink, TailerEvents.NONE);
    }

    private TailerLoop start(Path nodeRoot, String name) throws IOException {
        TailerLoop loop = new TailerLoop(tailer(nodeRoot), MAX_IDLE, name);
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
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (sink.lines.size() < count) {
            assertTrue(System.nanoTime() < deadline, "only " + sink.lines.size() + " of " + count
                    + " lines within " + PATIENCE + ": " + sink.texts());
            Thread.sleep(1);
        }
        List<Received> received = new ArrayList<>(sink.lines);
        return received.get(count - 1);
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
        long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
        long count;
        while ((count = watchThreads()) != expected && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(expected, count, "watch service threads");
    }

    private static long watchThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("FileSystemWatchService") && t.isAlive()).count();
    }



    record Received(String text, long nanos, String thread) {
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
