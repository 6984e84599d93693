package io.snapline.bench;

import io.snapline.engine.output.BatchSink;
import io.snapline.engine.parse.FastJsonCursor;
import io.snapline.engine.parse.LineParser;
import io.snapline.engine.ring.BatchObserver;
import io.snapline.engine.ring.Pipeline;
import io.snapline.engine.ring.RingConfig;
import io.snapline.engine.ring.Slot;
import io.snapline.engine.ring.SlotPublisher;
import io.snapline.records.Batch;
import io.snapline.records.DeadLetterReason;
import io.snapline.tailer.HourlyFileSequence;
import io.snapline.tailer.LineSink;
import io.snapline.tailer.NodeLayout;
import io.snapline.tailer.NodeStream;
import io.snapline.tailer.TailedFile;
import io.snapline.tailer.Tailer;
import io.snapline.tailer.TailerConfig;
import io.snapline.tailer.TailerEvents;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
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
 * The hand-over into the ring, as the reader thread does it: <b>one operation is one streaming
 * order-status line</b> given to {@link SlotPublisher#onLine}, which copies it into the claimed
 * slot and publishes the slot when it is full (positions recorded, in-flight counted, sequence
 * published). Behind the ring run the engine's own parse workers (two workers, {@code LineParser}
 * with the fast cursor) and the writer, whose sink does nothing: the slot is released as soon as
 * it is parsed.
 *
 * <p>{@link #ring} is the ring's shape as slots x KiB of slab, the rest as
 * {@link RingConfig#defaults()}: {@code 16x2048} (16 slots of 2 MiB, about 3,550 lines a batch)
 * and {@code 8x256} (8 slots of 256 KiB, about 447 lines a batch). Whatever is allocated per
 * batch (positions, above all) weighs eight times more per line in the smaller one.
 *
 * <p>So ops/s is bounded by parsing on the other threads (the reader waits for a free slot when
 * the ring is full), and is not the hand-over's own speed. What this benchmark is for is
 * {@code gc.alloc.rate.norm} under {@code -prof gc}: JMH sums the allocation of every thread of
 * the fork, so it is the bytes allocated per line by the hand-over, the parse workers and the
 * writer together.
 *
 * <p>The lines come from one 16 MB array (about 28,000 lines from {@link NodeLines}), in order,
 * wrapped around. The {@link TailedFile} they are attributed to is a real one, found by a real
 * {@link Tailer} on a one-line file, whose positions every batch records.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Thread)
public class HandOverBenchmark {

    static final int DATA_BYTES = 16 << 20;

    /** Slots x slab KiB. */
    @Param({"8x256", "16x2048"})
    public String ring;

    private byte[] data;
    private int[] starts;
    private int[] lengths;
    private int lineCount;
    private int next;
    private long offset;

    private Path root;
    private Tailer tailer;
    private TailedFile file;
    private Pipeline pipeline;
    private SlotPublisher publisher;

    @Setup(Level.Trial)
    public void start() throws IOException {
        data = NodeLines.generate(NodeLines.Shape.STREAMING, DATA_BYTES, NodeLines.SEED);
        LineIndex index = LineIndex.of(data);
        starts = index.starts();
        lengths = index.lengths();
        lineCount = starts.length;

        root = Files.createTempDirectory("snapline-handover");
        Path hour = root.resolve("node_order_statuses_streaming/hourly/20260505/17");
        Files.createDirectories(hour.getParent());
        Files.write(hour, Arrays.copyOfRange(data, starts[0], starts[0] + lengths[0] + 1));
        HourlyFileSequence sequence = new HourlyFileSequence(root, NodeStream.ORDER_STATUSES, NodeLayout.STREAMING);

        BatchSink nothing = new BatchSink() {
            @Override
            public void write(Batch batch) {
            }

            @Override
            public void close() {
            }
        };
        RingConfig ringConfig = ringConfig(ring);
        pipeline = new Pipeline(ringConfig, TailerConfig.defaults().maxLineLength(),
                Map.of(sequence.name(), NodeStream.ORDER_STATUSES), () -> new LineParser(new FastJsonCursor()),
                nothing, BatchObserver.NONE);
        publisher = pipeline.publisher();
        TailedFile[] found = new TailedFile[1];
        LineSink capture = (tailed, bytes, at, length, start, end) -> found[0] = tailed;
        tailer = new Tailer(List.of(sequence), TailerConfig.defaults(), capture, TailerEvents.NONE);
        tailer.poll();
        if (found[0] == null) {
            throw new IllegalStateException("the tailer did not find " + hour);
        }
        file = found[0];
        publisher.attach(tailer);
        pipeline.start();
        System.out.printf("%n%,d streaming lines, %,.0f bytes a line; ring %s%n", lineCount, (double) index.framedBytes() / lineCount,
                ringConfig);
    }

    private static RingConfig ringConfig(String slotsByKib) {
        int x = slotsByKib.indexOf('x');
        return RingConfig.defaults().withSlots(Integer.parseInt(slotsByKib.substring(0, x)))
                .withSlabBytes(Integer.parseInt(slotsByKib.substring(x + 1)) * 1024);
    }

    @Benchmark
    public void onLine(ThroughputCounters counters) {
        int line = next;
        next = line + 1 == lineCount ? 0 : line + 1;
        int length = lengths[line];
        long start = offset;
        offset = start + length + 1;
        publisher.onLine(file, data, starts[line], length, start, offset);
        counters.lines++;
        counters.bytes += length;
    }

    @TearDown(Level.Trial)
    public void stop() throws IOException {
        publisher.flush();
        if (!pipeline.close(Duration.ofSeconds(10))) {
            throw new IllegalStateException("pipeline threads did not stop");
        }
        if (pipeline.failure() != null) {
            throw new IllegalStateException("pipeline failed", pipeline.failure());
        }
        long deadLetters = 0;
        for (DeadLetterReason reason : DeadLetterReason.values()) {
            deadLetters += pipeline.counters().deadLetters(reason);
        }
        System.out.printf("%n%,d lines handed over, parsed and released; %,d dead letters%n",
                pipeline.counters().linesWritten(), deadLetters);
        if (deadLetters != 0) {
            throw new IllegalStateException("every generated line should parse");
        }
        tailer.close();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
