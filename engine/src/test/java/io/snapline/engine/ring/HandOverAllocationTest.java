package io.snapline.engine.ring;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.snapline.engine.output.BatchSink;
import io.snapline.engine.parse.LineParser;
import io.snapline.engine.testing.NodeFile;
import io.snapline.engine.testing.NodeLines;
import io.snapline.engine.testing.ThreadAllocation;
import io.snapline.records.Batch;
import io.snapline.tailer.FileSequence;
import io.snapline.tailer.HourlyFileSequence;
import io.snapline.tailer.LineSink;
import io.snapline.tailer.NodeLayout;
import io.snapline.tailer.NodeStream;
import io.snapline.tailer.TailedFile;
import io.snapline.tailer.Tailer;
import io.snapline.tailer.TailerConfig;
import io.snapline.tailer.TailerEvents;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reader's side of the hand-over allocates nothing per batch once warm, positions included:
 * every line is a batch of its own here ({@code maxLines} 1), so each {@code onLine} claims a
 * slot, copies the line, records every file's position (the line's file as the one being read)
 * and publishes. Only this thread, the reader's, is counted; the parse workers and the writer run
 * behind the ring as in the engine.
 */
class HandOverAllocationTest {

    private static final int BATCHES = 10_000;
    private static final int WARM_ROUNDS = 3;
    private static final int ROUNDS = 3;

    @TempDir
    Path dir;

    @Test
    void shouldAllocateNothingToHandOverTenThousandBatchesOnceWarm() throws IOException {
        NodeFile.at(dir, NodeStream.ORDER_STATUSES, NodeLayout.STREAMING, "20260505", 17)
                .append(NodeLines.streamingOrderStatus(1, 1));
        NodeFile.at(dir, NodeStream.ORDER_STATUSES, NodeLayout.STREAMING, "20260505", 18)
                .append(NodeLines.streamingOrderStatus(2, 2));
        NodeFile.at(dir, NodeStream.TRADES, NodeLayout.PLAIN, "20260505", 18).append(NodeLines.trade(1));
        FileSequence orders = new HourlyFileSequence(dir, NodeStream.ORDER_STATUSES, NodeLayout.STREAMING);
        FileSequence trades = new HourlyFileSequence(dir, NodeStream.TRADES, NodeLayout.PLAIN);
        List<TailedFile> found = new ArrayList<>();
        LineSink capture = (file, bytes, offset, length, startOffset, endOffset) -> found.add(file);
        RingConfig ring = RingConfig.defaults().withSlots(8).withSlabBytes(64 * 1024).withMaxLines(1);
        BatchSink nothing = new BatchSink() {
            @Override
            public void write(Batch batch) {
            }

            @Override
            public void close() {
            }
        };
        Pipeline pipeline = new Pipeline(ring, TailerConfig.defaults().maxLineLength(),
                Map.of(orders.name(), NodeStream.ORDER_STATUSES, trades.name(), NodeStream.TRADES), LineParser::new,
                nothing, BatchObserver.NONE);
        try (Tailer tailer = new Tailer(List.of(orders, trades), TailerConfig.defaults(), capture, TailerEvents.NONE)) {
            while (tailer.poll() > 0) {
                // read every file
            }
            assertEquals(3, tailer.positions().files().size());
            TailedFile[] files = found.toArray(new TailedFile[0]);
            byte[][] lines = new byte[files.length][];
            for (int i = 0; i < files.length; i++) {
                lines[i] = (files[i].sequence().equals(trades.name()) ? NodeLines.trade(i)
                        : NodeLines.streamingOrderStatus(i, i)).getBytes(UTF_8);
            }
            SlotPublisher publisher = pipeline.publisher();
            publisher.attach(tailer);
            pipeline.start();

            // Warm: slots' positions arrays sized, names encoded, code compiled.
            long[] next = {0};
            Runnable batches = () -> next[0] = handOver(publisher, files, lines, next[0]);
            for (int round = 0; round < WARM_ROUNDS; round++) {
                batches.run();
            }
            ThreadAllocation.assertNoneInSteadyState(ROUNDS, BATCHES, batches);

            assertEquals((long) (WARM_ROUNDS + ROUNDS) * BATCHES, publisher.batchesPublished());
            assertTrue(pipeline.awaitDrained(Duration.ofSeconds(30)), "drained");
            assertNull(pipeline.failure());
        } finally {
            pipeline.close(Duration.ofSeconds(10));
        }
    }

    /** {@link #BATCHES} lines, round the files, the first at {@code first}; returns where the next goes. */
    private static long handOver(SlotPublisher publisher, TailedFile[] files, byte[][] lines, long first) {
        long start = first;
        for (int i = 0; i < BATCHES; i++) {
            int which = i % files.length;
            byte[] line = lines[which];
            publisher.onLine(files[which], line, 0, line.length, start, start + line.length + 1);
            start += line.length + 1;
        }
        return start;
    }
}
