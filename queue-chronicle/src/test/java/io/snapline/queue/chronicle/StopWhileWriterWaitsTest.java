package io.snapline.queue.chronicle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.snapline.engine.Engine;
import io.snapline.engine.EngineConfig;
import io.snapline.engine.testing.NodeFile;
import io.snapline.engine.testing.NodeLines;
import io.snapline.tailer.NodeLayout;
import io.snapline.tailer.NodeStream;
import io.snapline.tailer.TailerConfig;
import io.snapline.tailer.TailerPositions;
import io.snapline.testkit.Resources;
import net.openhft.chronicle.core.time.SystemTimeProvider;

import java.nio.file.Path;
import java.time.Duration;
import java.util.function.LongSupplier;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stop while the writer waits for free space (the disk filled after the reader's check) must
 * end that wait once the drain has run out of time: the engine closes, the queue and its lock
 * are released, and the batch is not written, so the next start reads its lines again. Without
 * that, the writer waited forever, the engine gave up on its threads after the drain and the
 * join (the queue left open, its lock held until the process died), and {@code close} failed.
 */
@Tag("faults")
@Timeout(60) // a safety net against a hang, not a timing assertion
class StopWhileWriterWaitsTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final long PLENTY = 1L << 40;

    @TempDir
    Path dir;

    @Test
    void shouldEndTheWritersWaitForRoomWhenTheDrainRunsOutAndReleaseTheQueue() throws Exception {
        Path root = dir.resolve("hl").resolve("data");
        Path queue = dir.resolve("queue");
        EngineConfig defaults = EngineConfig.forNodeData(root)
                .withTailer(TailerConfig.defaults().withDiscoveryInterval(Duration.ofMillis(50)))
                .withMaxIdle(Duration.ofMillis(5));
        EngineConfig config = new EngineConfig(defaults.sources(), defaults.tailer(), defaults.ring(),
                defaults.maxIdle(), Duration.ofMillis(300));
        // The reader finds room, the writer none: something else filled the disk in between.
        LongSupplier usable = () -> Thread.currentThread().getName().equals("snapline-reader") ? PLENTY : 0;
        ChronicleOutput output = ChronicleOutput.open(queue, ChronicleOptions.DEFAULTS, config.largestBatchBytes(),
                SystemTimeProvider.INSTANCE, usable);
        NodeFile file = NodeFile.at(root, NodeStream.ORDER_STATUSES, NodeLayout.STREAMING, "20260505", 17);

        Engine engine = Engine.start(config, output);
        try {
            file.append(NodeLines.streamingOrderStatus(100, 1));
            assertTrue(Resources.await(() -> output.space().writerWaits() > 0, WAIT),
                    "the writer never waited for room");
        } finally {
            engine.close(); // threw "pipeline threads did not stop ... left open" while the writer waited
        }

        assertEquals(0, engine.counters().linesWritten());
        try (ChronicleOutput again = ChronicleOutput.open(queue, config)) { // the lock was released
            assertEquals(TailerPositions.EMPTY, again.lastDurablePositions(), "nothing written: read again");
        }
    }
}
