package io.snapline.queue.chronicle.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.snapline.engine.Engine;
import io.snapline.engine.EngineConfig;
import io.snapline.engine.ring.RingConfig;
import io.snapline.engine.testing.NodeFile;
import io.snapline.engine.testing.NodeLines;
import io.snapline.queue.chronicle.ChronicleOutput;
import io.snapline.queue.chronicle.QueueContents;
import io.snapline.records.RecordType;
import io.snapline.tailer.NodeLayout;
import io.snapline.tailer.NodeStream;
import io.snapline.tailer.TailerConfig;
import io.snapline.testkit.LeakCheck;
import io.snapline.testkit.Resources;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 100 engine start/stop cycles in a row on one node directory and one queue, each reading the
 * lines written since the last: after them the process holds not one more descriptor, thread or
 * mapped file than before, and after each close nothing under the test's directory is open or
 * mapped (Chronicle Queue maps its cycle files; they must all be unmapped).
 */
class EngineCyclesLeakTest {

    private static final int CYCLES = 100;
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String DAY = "20260505";

    @TempDir
    Path dir;

    private static EngineConfig config(Path root) {
        return EngineConfig.forNodeData(root)
                .withRing(new RingConfig(8, 64 * 1024, 64, 64, Duration.ofMillis(2), 2))
                .withTailer(TailerConfig.defaults().withDiscoveryInterval(Duration.ofMillis(50)))
                .withMaxIdle(Duration.ofMillis(10));
    }

    /**
     * Two cycles before the baseline: Chronicle Queue starts helpers once per JVM, and the first
     * start loads classes (opening JARs).
     */
    @BeforeEach
    void warmUp() throws IOException {
        Path warmUp = dir.resolve("warm-up");
        Path root = warmUp.resolve("hl").resolve("data");
        Path queue = warmUp.resolve("queue");
        NodeFile trades = NodeFile.at(root, NodeStream.TRADES, NodeLayout.PLAIN, DAY, 17);
        for (int cycle = 0; cycle < 2; cycle++) {
            trades.append(NodeLines.trade(900 + cycle));
            try (Engine engine = Engine.start(config(root), ChronicleOutput.open(queue, config(root)))) {
                awaitLinesWritten(engine, 1);
            }
        }
        QueueContents.read(queue);
        assertTrue(Resources.awaitReleased(warmUp, Duration.ofSeconds(10)), "the warm-up's files are closed and unmapped");
    }

    @Test
    @LeakCheck(maxHeapGrowthMb = 8, maxFdGrowth = 0, maxThreadGrowth = 0, maxMappedGrowth = 0, samplingIntervalMs = 500)
    void shouldLeaveNoDescriptorThreadOrMappedFileAfter100StartStopCycles() throws IOException {
        Path root = dir.resolve("hl").resolve("data");
        Path queue = dir.resolve("queue");
        EngineConfig config = config(root);
        Set<Thread> before = Resources.threadsNamed("snapline-");
        long linesWritten = 0;
        NodeFile orders = null;
        for (int cycle = 0; cycle < CYCLES; cycle++) {
            if (cycle % 10 == 0) { // an hourly rollover every ten cycles
                orders = NodeFile.at(root, NodeStream.ORDER_STATUSES, NodeLayout.STREAMING, DAY, cycle / 10);
            }
            orders.append(NodeLines.streamingOrderStatus(1000 + cycle, 10_000 + cycle),
                    NodeLines.streamingOrderStatus(1000 + cycle, 20_000 + cycle));
            try (Engine engine = Engine.start(config, ChronicleOutput.open(queue, config))) {
                awaitLinesWritten(engine, 2);
                linesWritten += engine.counters().linesWritten();
                assertTrue(engine.isRunning());
                assertFalse(Resources.mappedUnder(queue).isEmpty(), "the queue's files are mapped while it runs");
            }
            assertEquals(List.of(), Resources.newThreadsNamed("snapline-", before), "after close, cycle " + cycle);
            assertTrue(Resources.awaitReleased(dir, Duration.ofSeconds(5)), "cycle " + cycle
                    + ": still held under the test directory after close: open " + Resources.openUnder(dir)
                    + ", mapped " + Resources.mappedUnder(dir));
        }
        assertEquals(2L * CYCLES, linesWritten, "each cycle read exactly the lines written since the last");
        assertEquals(2 * CYCLES, QueueContents.read(queue).records(RecordType.ORDER_STATUS).size());
    }

    private static void awaitLinesWritten(Engine engine, long lines) {
        assertTrue(Resources.await(() -> engine.counters().linesWritten() >= lines || engine.failure() != null, WAIT),
                "lines written: " + engine.counters().linesWritten() + " of " + lines);
        assertNull(engine.failure());
        assertEquals(lines, engine.counters().linesWritten());
    }
}
