package io.snapline.bench;

import io.snapline.tailer.LineFramer;
import java.util.concurrent.TimeUnit;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * Line framing over one in-memory array of about 64 MB of node lines: the CPU cost of finding
 * newlines, with no I/O. One operation frames the whole array.
 *
 * <p>Besides ops/s, each benchmark reports two JMH auxiliary counters, already divided by time:
 * {@code bytes} (bytes framed per second; divide by 1e9 for GB/s) and {@code lines} (lines per
 * second). With {@code -prof gc}, {@code gc.alloc.rate.norm} is bytes allocated per operation, that
 * is per whole array; divide by the lines per array (printed at setup) for bytes per line.
 *
 * <p>The array is larger than the last-level cache, so bytes come from memory. The tailer frames
 * its 1 MB read buffer right after the read wrote it; {@link TailerReadBenchmark} measures that.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Thread)
public class LineFramerBenchmark {

    /** Just under 64 MiB; the array ends at the last whole line that fits. */
    static final int DATA_BYTES = 64 << 20;

    @Param({"streaming", "by_block"})
    public String shape;

    private byte[] data;
    private final LengthSum sum = new LengthSum();

    @Setup(Level.Trial)
    public void generate() {
        data = NodeLines.generate(NodeLines.Shape.of(shape), DATA_BYTES, NodeLines.SEED);
        int lines = 0;
        for (byte b : data) {
            lines += b == '\n' ? 1 : 0;
        }
        System.out.printf("%n%s: %,d bytes, %,d lines, %,.0f bytes a line%n",
                shape, data.length, lines, (double) data.length / lines);
    }

    /** The framer as the tests use it: every whole line handed to a consumer. */
    @Benchmark
    public long frame(ThroughputCounters counters) {
        sum.reset();
        int end = LineFramer.frame(data, 0, data.length, 0, sum);
        return count(counters, end, sum);
    }

    /**
     * The newline search alone, called once per line the way the tailer's reader calls it: the
     * consumer call and the {@code '\r'} check are what {@link #frame} adds on top.
     */
    @Benchmark
    public long indexOfNewline(ThroughputCounters counters) {
        byte[] bytes = data;
        long lines = 0;
        long length = 0;
        int from = 0;
        int newline;
        while ((newline = LineFramer.indexOfNewline(bytes, from, bytes.length)) >= 0) {
            lines++;
            length += newline - from;
            from = newline + 1;
        }
        counters.bytes += bytes.length;
        counters.lines += lines;
        return length + from;
    }

    /**
     * Baseline: the same framing, one byte at a time, to show what the eight-byte search buys; it
     * cuts lines with the framer's own {@link LineFramer#lineEnd}, so only the search differs.
     */
    @Benchmark
    public long naiveFrame(ThroughputCounters counters) {
        sum.reset();
        byte[] bytes = data;
        int lineStart = 0;
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '\n') {
                sum.accept(bytes, lineStart, LineFramer.lineEnd(bytes, lineStart, i) - lineStart, lineStart, i + 1L);
                lineStart = i + 1;
            }
        }
        return count(counters, lineStart, sum);
    }

    /** Adds up what it is handed, so framing cannot be optimised away; allocates nothing. */
    static final class LengthSum implements LineFramer.LineConsumer {
        long lines;
        long length;

        void reset() {
            lines = 0;
            length = 0;
        }

        @Override
        public void accept(byte[] buffer, int offset, int length, long startOffset, long endOffset) {
            lines++;
            this.length += length;
        }
    }

    /** Counts one pass over an array of {@code end} framed bytes; returns a value to consume. */
    private static long count(ThroughputCounters counters, int end, LengthSum sum) {
        counters.bytes += end;
        counters.lines += sum.lines;
        return sum.length + end;
    }
}
