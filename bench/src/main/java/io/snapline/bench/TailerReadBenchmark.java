package io.snapline.bench;

import io.snapline.tailer.HourlyFileSequence;
import io.snapline.tailer.LineSink;
import io.snapline.tailer.NodeLayout;
import io.snapline.tailer.NodeStream;
import io.snapline.tailer.TailedFile;
import io.snapline.tailer.Tailer;
import io.snapline.tailer.TailerConfig;
import io.snapline.tailer.TailerEvents;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
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
 * The tailer end to end on one hourly file of about 256 MB of streaming order-status lines: discover
 * the file, read it through {@code FileChannel}, frame it, hand every line to a sink. One operation
 * reads the whole file with a fresh tailer, as a catch-up after a restart would. Two baselines read
 * the same file without the tailer, to show how much of the time is the read itself.
 *
 * <p>The file is written at setup and stays in the page cache, so this measures the copy out of
 * the page cache plus framing, not the disk. As in {@link LineFramerBenchmark}, the auxiliary
 * counters {@code bytes} and {@code lines} are per second; {@code gc.alloc.rate.norm} is per whole
 * file (the tailer's 1 MB read buffer and its bookkeeping, not anything per line).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Thread)
public class TailerReadBenchmark {

    static final long FILE_BYTES = 256L << 20;

    /** The tailer's read buffer (and the baselines' buffer) in KB; 1024 is the default config. */
    @Param({"1024"})
    public int readBufferKb;

    private Path root;
    private Path hourFile;
    private long fileBytes;
    private final CountingSink sink = new CountingSink();
    private ByteBuffer heapBuffer;
    private ByteBuffer directBuffer;

    @Setup(Level.Trial)
    public void writeFile() throws IOException {
        root = Files.createTempDirectory("snapline-bench");
        hourFile = root.resolve("node_order_statuses_streaming/hourly/20260505/17");
        Files.createDirectories(hourFile.getParent());
        fileBytes = NodeLines.writeFile(hourFile, NodeLines.Shape.STREAMING, FILE_BYTES, NodeLines.SEED);
        System.out.printf("%n%s: %,d bytes%n", hourFile, fileBytes);
        // Allocated after the file is written, as the JDK's own temporary direct buffer is on the
        // first read: on some VMs the copy out of the page cache runs several times faster or
        // slower depending on where malloc put the destination (see docs/benchmarks.md).
        heapBuffer = ByteBuffer.allocate(readBufferKb << 10);
        directBuffer = ByteBuffer.allocateDirect(readBufferKb << 10);
    }

    @TearDown(Level.Trial)
    public void deleteFile() throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    @Benchmark
    public long readFile(ThroughputCounters counters) throws IOException {
        sink.reset();
        try (Tailer tailer = new Tailer(
                List.of(new HourlyFileSequence(root, NodeStream.ORDER_STATUSES, NodeLayout.STREAMING)),
                TailerConfig.defaults().withReadBufferSize(readBufferKb << 10), sink, TailerEvents.NONE)) {
            // Each poll reads about the read budget (16 MB); 0 means caught up. What a poll returns
            // is bytes read, which counts again the partial line a poll stops in, so the file's
            // size, not the sum of polls, is what was framed.
            while (tailer.poll() > 0) {
                // keep polling until the file is read to its end
            }
        }
        long framed = sink.length + sink.lines; // the generated lines end in '\n' alone
        if (framed != fileBytes) {
            throw new IllegalStateException("framed " + framed + " of " + fileBytes + " bytes");
        }
        counters.bytes += framed;
        counters.lines += sink.lines;
        return sink.length;
    }

    /**
     * Baseline: the same file read the way the tailer reads it (positional reads of one buffer's
     * worth into a heap buffer) with no framing. The JDK copies each such read through a per-thread
     * direct buffer, so this is two copies per byte.
     */
    @Benchmark
    public long channelReadHeap(ThroughputCounters counters) throws IOException {
        return readAll(heapBuffer, counters);
    }

    /** Baseline: as {@link #channelReadHeap} into a direct buffer, which saves the JDK's extra copy. */
    @Benchmark
    public long channelReadDirect(ThroughputCounters counters) throws IOException {
        return readAll(directBuffer, counters);
    }

    private long readAll(ByteBuffer buffer, ThroughputCounters counters) throws IOException {
        long at = 0;
        long sample = 0;
        try (FileChannel channel = FileChannel.open(hourFile, StandardOpenOption.READ)) {
            int n;
            while ((n = channel.read(buffer.clear(), at)) > 0) {
                at += n;
                sample += buffer.get(n - 1); // a '\n' whenever the read ends on a line's end
            }
        }
        counters.bytes += at;
        return sample + at;
    }

    /** Counts lines and their bytes into primitive fields: no allocation, nothing kept. */
    static final class CountingSink implements LineSink {
        long lines;
        long length;

        void reset() {
            lines = 0;
            length = 0;
        }

        @Override
        public void onLine(TailedFile file, byte[] buffer, int offset, int length, long startOffset, long endOffset) {
            lines++;
            this.length += length;
        }
    }

}
