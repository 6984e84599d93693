package io.snapline.bench.latency;

import io.snapline.nodegen.NodeHour;
import io.snapline.tailer.NodeLayout;
import io.snapline.tailer.NodeStream;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import java.util.stream.Stream;

/**
 * One run on a fresh node directory and queue: the JAR started, one probe line written and waited
 * for (so JVM start is not measured), then lines at the rate for the warm-up and the measured
 * period, then every line waited for; or, for {@link #idle}, the JAR's CPU while nothing is written.
 */
final class LatencyRun {

    private static final Duration VISIBLE_TIMEOUT = Duration.ofSeconds(120);

    /** What one run measured; latencies in nanoseconds. */
    record Result(String jar, WriteMode mode, int rate, double achievedRate, Histogram latency, int lines,
                  double cpuCores) {
    }

    private final Path workDir;
    private final LinePool pool;
    private int runs;

    LatencyRun(Path workDir, LinePool pool) {
        this.workDir = workDir;
        this.pool = pool;
    }

    Result measure(String label, Path jar, WriteMode mode, int rate, Duration warmup, Duration measured)
            throws IOException, InterruptedException {
        Path runDir = Files.createDirectories(workDir.resolve("run-" + ++runs));
        Path nodeData = runDir.resolve("hl/data");
        Path queue = runDir.resolve("queue");
        Path file = NodeHour.current(Clock.systemUTC()).file(nodeData, NodeStream.ORDER_STATUSES, NodeLayout.STREAMING);
        Files.createDirectories(file.getParent());
        int lines = (int) Math.ceil(rate * (warmup.toNanos() + measured.toNanos()) / 1e9);
        AppendLog log = new AppendLog(lines + 1);
        try (SnaplineChild child = SnaplineChild.start(jar, runDir, nodeData, queue);
             PacedWriter writer = new PacedWriter(file, pool, log, mode);
             QueueFollower follower = new QueueFollower(queue, file, log)) {
            writer.writeAlone();
            awaitVisible(child, follower, () -> 1);
            long start = System.nanoTime();
            follower.measureFrom(start + warmup.toNanos());
            Duration cpuBefore = child.cpu();
            long elapsed = writer.writePaced(lines, rate, () -> !child.isAlive());
            awaitVisible(child, follower, writer::linesWritten);
            double cpuCores = (child.cpu().toNanos() - cpuBefore.toNanos()) / (double) (System.nanoTime() - start);
            follower.stop();
            if (follower.unmatched() != 0) {
                throw new IllegalStateException(follower.unmatched() + " records matched no line written");
            }
            double achieved = (writer.linesWritten() - 1) / (elapsed / 1e9);
            return new Result(label, mode, rate, achieved, follower.histogram().copy(), writer.linesWritten(), cpuCores);
        } finally {
            delete(runDir);
        }
    }

    /** CPU seconds per second of the JAR with nothing to read, after {@code settle}, over {@code idle}. */
    double idleCpu(Path jar, Duration settle, Duration idle) throws IOException, InterruptedException {
        Path runDir = Files.createDirectories(workDir.resolve("idle-" + ++runs));
        Path nodeData = runDir.resolve("hl/data");
        Path queue = runDir.resolve("queue");
        Path file = NodeHour.current(Clock.systemUTC()).file(nodeData, NodeStream.ORDER_STATUSES, NodeLayout.STREAMING);
        Files.createDirectories(file.getParent());
        AppendLog log = new AppendLog(1);
        try (SnaplineChild child = SnaplineChild.start(jar, runDir, nodeData, queue);
             PacedWriter writer = new PacedWriter(file, pool, log, WriteMode.LINE);
             QueueFollower follower = new QueueFollower(queue, file, log)) {
            writer.writeAlone();
            awaitVisible(child, follower, () -> 1);
            follower.stop(); // its own polling is not the JAR's
            Thread.sleep(settle.toMillis()); // a measuring period, not synchronisation: JIT and start-up settle
            Duration before = child.cpu();
            Thread.sleep(idle.toMillis());
            return (child.cpu().toNanos() - before.toNanos()) / (double) idle.toNanos();
        } finally {
            delete(runDir);
        }
    }

    private static void awaitVisible(SnaplineChild child, QueueFollower follower, IntSupplier lines)
            throws InterruptedException {
        long deadline = System.nanoTime() + VISIBLE_TIMEOUT.toNanos();
        while (follower.seen() < lines.getAsInt()) {
            if (follower.failure() != null) {
                throw new IllegalStateException("queue reader failed", follower.failure());
            }
            if (!child.isAlive()) {
                throw new IllegalStateException("snapline exited; stderr:\n" + child.stderrTail());
            }
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("only " + follower.seen() + " of " + lines.getAsInt()
                        + " lines visible after " + VISIBLE_TIMEOUT + "; stderr:\n" + child.stderrTail());
            }
            TimeUnit.MILLISECONDS.sleep(1);
        }
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
