package io.snapline.bench;

import io.snapline.engine.Engine;
import io.snapline.engine.EngineConfig;
import io.snapline.engine.EngineSource;
import io.snapline.engine.ring.RingConfig;
import io.snapline.queue.chronicle.ChronicleOptions;
import io.snapline.queue.chronicle.ChronicleOutput;
import io.snapline.queue.chronicle.QueueSync;
import io.snapline.tailer.HourlyFileSequence;
import io.snapline.tailer.NodeLayout;
import io.snapline.tailer.NodeStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The whole engine on a backlog: four hourly files of streaming order-status lines (1 GB in all)
 * tailed, parsed and appended to a fresh Chronicle Queue, with the default ring and one or two
 * parse workers beside the reader and the writer, on both cores. One operation drains the whole backlog, from the
 * engine's start to its last record durable, and prints its lines per second.
 *
 * <p>The node files stay in the page cache across operations; the queue is new each time and
 * written through the page cache too, so this measures the engine, not the disk.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xmx4g"})
@State(Scope.Benchmark)
public class EndToEndBenchmark {

    static final long BACKLOG_BYTES = 1L << 30;
    static final int FILES = 4;

    /** Parse workers; the default config uses one on a 2-core machine. */
    @Param({"1", "2"})
    public int parseWorkers;

    /**
     * {@code output.chronicle.sync}: none (the default), batch (an msync after every batch), or
     * interval (an msync at most once a second).
     */
    @Param({"none"})
    public String sync;

    private Path root;
    private Path queue;
    private long lines;
    private long backlogBytes;

    @Setup(Level.Trial)
    public void writeBacklog() throws IOException {
        root = Files.createTempDirectory("snapline-e2e");
        Path day = Files.createDirectories(root.resolve("node_order_statuses_streaming/hourly/20260505"));
        for (int hour = 0; hour < FILES; hour++) {
            Path file = day.resolve(Integer.toString(17 + hour));
            backlogBytes += NodeLines.writeFile(file, NodeLines.Shape.STREAMING, BACKLOG_BYTES / FILES, NodeLines.SEED + hour);
            try (Stream<String> read = Files.lines(file)) {
                lines += read.count();
            }
        }
    }

    @Setup(Level.Iteration)
    public void freshQueue() throws IOException {
        queue = Files.createTempDirectory("snapline-e2e-queue");
    }

    @Benchmark
    public long drainBacklog() throws Exception {
        long started = System.nanoTime();
        EngineConfig config = EngineConfig.forNodeData(root)
                .withSources(List.of(new EngineSource(
                        new HourlyFileSequence(root, NodeStream.ORDER_STATUSES, NodeLayout.STREAMING),
                        NodeStream.ORDER_STATUSES)))
                .withMaxIdle(Duration.ofMillis(1))
                .withRing(RingConfig.defaults().withParseWorkers(parseWorkers));
        try (Engine engine = Engine.start(config,
                ChronicleOutput.open(queue, ChronicleOptions.DEFAULTS.withRetention(Duration.ZERO).withSync(sync()),
                        config.largestBatchBytes()))) {
            while (engine.counters().linesWritten() < lines) {
                if (engine.failure() != null) {
                    throw new IllegalStateException("engine failed", engine.failure());
                }
                Thread.onSpinWait();
                TimeUnit.MICROSECONDS.sleep(200);
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf("%n%,d lines (%,d bytes) in %.2f s: %,.0f lines/s, %.0f MB/s%n",
                lines, backlogBytes, seconds, lines / seconds, backlogBytes / seconds / 1e6);
        return lines;
    }

    private QueueSync sync() {
        return switch (sync) {
            case "none" -> QueueSync.NONE;
            case "batch" -> QueueSync.BATCH;
            case "interval" -> QueueSync.every(Duration.ofSeconds(1));
            default -> throw new IllegalArgumentException("sync: none, batch or interval; got " + sync);
        };
    }

    @TearDown(Level.Iteration)
    public void deleteQueue() throws IOException {
        Trees.delete(queue);
    }

    @TearDown(Level.Trial)
    public void deleteBacklog() throws IOException {
        Trees.delete(root);
    }
}
