package io.snapline.engine.ring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.snapline.engine.EngineSource;
import io.snapline.engine.testing.CollectingSink;
import io.snapline.engine.testing.NodeFile;
import io.snapline.engine.testing.RingRig;
import io.snapline.tailer.HourlyFileSequence;
import io.snapline.tailer.NodeLayout;
import io.snapline.tailer.NodeStream;
import io.snapline.tailer.TailerConfig;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Python tailer's failure, reproduced on purpose: a backlog far larger than anything the sink
 * can take in the time, behind a deliberately slow sink. The ring must fill, the reader must wait,
 * batches must stay at their caps and the heap must stay flat, while the backlog stays on disk.
 */
class OverloadTest {

    private static final int BACKLOG_LINES = 10_000_000;
    private static final Duration RUN = Duration.ofSeconds(8);
    private static final long SINK_SLEEP_MILLIS = 3;
    private static final RingConfig RING = new RingConfig(8, 256 * 1024, 2048, 8, Duration.ofMillis(5), 1);

    @TempDir
    Path dir;

    /**
     * Ten million short trade lines (about 85 bytes each, under 1 GB), written as fast as a
     * buffered stream goes: the bytes of the fixed parts are copied, only the number varies.
     */
    private static long writeBacklog(Path file, int lines) throws IOException {
        byte[] head = "{\"coin\":\"BTC\",\"side\":\"A\",\"time\":\"2025-06-24T02:56:36.172\",\"px\":\"1.0\",\"sz\":\""
                .getBytes(StandardCharsets.US_ASCII);
        byte[] tail = "\"}\n".getBytes(StandardCharsets.US_ASCII);
        byte[] digits = new byte[20];
        long size = 0;
        Files.createDirectories(file.getParent());
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
            for (int i = 0; i < lines; i++) {
                int at = digits.length;
                int n = i;
                do {
                    digits[--at] = (byte) ('0' + n % 10);
                    n /= 10;
                } while (n > 0);
                out.write(head);
                out.write(digits, at, digits.length - at);
                out.write(tail);
                size += head.length + digits.length - at + tail.length;
            }
        }
        return size;
    }

    @Test
    void shouldKeepBatchesCappedAndTheHeapFlatWhileTheReaderWaitsOnASlowSink() throws Exception {
        Path backlog = NodeFile.hourly(dir, NodeStream.TRADES, NodeLayout.PLAIN, "20260505", 17);
        long backlogBytes = writeBacklog(backlog, BACKLOG_LINES);
        assertTrue(backlogBytes < 1_000_000_000L, "backlog of " + backlogBytes + " bytes");

        AtomicLong largestBatchLines = new AtomicLong();
        AtomicLong largestBatchBytes = new AtomicLong();
        AtomicLong mostLinesInFlight = new AtomicLong();
        AtomicLong mostBytesInFlight = new AtomicLong();
        List<Pipeline> pipeline = new ArrayList<>(1);
        BatchObserver observer = (lines, bytes, records, parseNanos, writeNanos) -> {
            largestBatchLines.accumulateAndGet(lines, Math::max);
            largestBatchBytes.accumulateAndGet(bytes, Math::max);
        };
        CollectingSink slow = new CollectingSink((batch, call) -> {
            // In flight is at its highest right now: this batch and every one queued behind it.
            mostLinesInFlight.accumulateAndGet(pipeline.get(0).inFlight().lines(), Math::max);
            mostBytesInFlight.accumulateAndGet(pipeline.get(0).inFlight().bytes(), Math::max);
            Thread.sleep(SINK_SLEEP_MILLIS);
        }, false);
        List<EngineSource> sources = List.of(new EngineSource(
                new HourlyFileSequence(dir, NodeStream.TRADES, NodeLayout.PLAIN), NodeStream.TRADES));

        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        List<Long> heapSamples = new ArrayList<>();
        try (RingRig rig = new RingRig(RING, TailerConfig.defaults(), sources, slow, observer)) {
            pipeline.add(rig.pipeline());
            rig.startReader(Duration.ofMillis(5));
            long end = System.nanoTime() + RUN.toNanos();
            long nextHeapSample = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
            while (System.nanoTime() < end) {
                mostLinesInFlight.accumulateAndGet(rig.pipeline().inFlight().lines(), Math::max);
                mostBytesInFlight.accumulateAndGet(rig.pipeline().inFlight().bytes(), Math::max);
                if (System.nanoTime() >= nextHeapSample) {
                    System.gc();
                    heapSamples.add(memory.getHeapMemoryUsage().getUsed());
                    nextHeapSample = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
                }
                Thread.sleep(2);
            }
            assertNull(rig.pipeline().failure());
            assertTrue(rig.loop().isRunning(), "the reader is still at work: the backlog outlasts the run");
            assertTrue(rig.publisher().linesRead() < BACKLOG_LINES, "the backlog was not consumed in the run");
            assertTrue(rig.publisher().claimWaitNanos() > 0, "the reader waited for a free slot");
            assertTrue(rig.pipeline().counters().batchesWritten() > 50, "batches written: "
                    + rig.pipeline().counters().batchesWritten());
        }

        assertTrue(largestBatchLines.get() <= RING.maxLines(), "largest batch: " + largestBatchLines + " lines");
        assertEquals(RING.maxLines(), largestBatchLines.get(), "under a backlog batches fill up to the line cap");
        assertTrue(largestBatchBytes.get() <= RING.slabBytes(), "largest batch: " + largestBatchBytes + " bytes");
        long slotsTimesLines = (long) RING.slots() * RING.maxLines();
        assertTrue(mostLinesInFlight.get() <= slotsTimesLines, "lines in flight: " + mostLinesInFlight
                + ", ring holds at most " + slotsTimesLines);
        assertTrue(mostBytesInFlight.get() <= (long) RING.slots() * RING.slabBytes(), "bytes in flight: " + mostBytesInFlight);
        assertTrue(mostLinesInFlight.get() > RING.maxLines(), "more than one batch waited behind the slow sink");

        // The first samples include warm-up (JIT, class loading); the later ones must be flat.
        assertTrue(heapSamples.size() >= 6, "heap samples: " + heapSamples);
        List<Long> later = heapSamples.subList(2, heapSamples.size());
        long min = later.stream().mapToLong(Long::longValue).min().orElseThrow();
        long max = later.stream().mapToLong(Long::longValue).max().orElseThrow();
        assertTrue(max - min < 4L << 20, "heap after GC varied by " + (max - min) + " bytes: " + heapSamples);
        int half = later.size() / 2;
        double firstHalf = later.subList(0, half).stream().mapToLong(Long::longValue).average().orElseThrow();
        double secondHalf = later.subList(later.size() - half, later.size()).stream().mapToLong(Long::longValue)
                .average().orElseThrow();
        assertTrue(secondHalf - firstHalf < 2 << 20, "heap after GC grew from " + (long) firstHalf + " to "
                + (long) secondHalf + ": " + heapSamples);

        Files.delete(backlog);
        assertFalse(Files.exists(backlog));
    }
}
