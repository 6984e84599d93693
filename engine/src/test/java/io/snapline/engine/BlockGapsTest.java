package io.snapline.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.snapline.engine.testing.InMemoryOutput;
import io.snapline.engine.testing.NodeFile;
import io.snapline.engine.testing.NodeLines;
import io.snapline.tailer.NodeLayout;
import io.snapline.tailer.NodeStream;
import io.snapline.tailer.TailerEvents;
import io.snapline.testkit.Resources;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

/** block_number jumps within a file sequence are counted: inside a batch, between batches and across hour files. */
class BlockGapsTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    @Test
    void countsEveryJumpOfMoreThanOneBlockWithinASequence() throws Exception {
        Path root = dir.resolve("hl/data");
        NodeFile hour9 = NodeFile.at(root, NodeStream.ORDER_STATUSES, NodeLayout.STREAMING, "20261122", 9);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (Engine engine = Engine.start(EngineConfig.forNodeData(root),
                new InMemoryOutput(), registry, TailerEvents.NONE)) {
            // 100, 100 (same block), 101, 102, then 105: one gap inside a batch; a dead letter in between counts for nothing.
            hour9.append(NodeLines.streamingOrderStatus(100, 1), NodeLines.streamingOrderStatus(100, 2),
                    NodeLines.streamingOrderStatus(101, 3), "{not json", NodeLines.streamingOrderStatus(102, 4),
                    NodeLines.streamingOrderStatus(105, 5));
            awaitLines(engine, 6);
            assertEquals(1, engine.counters().blockGaps());

            // 106 follows 105 across batches: no gap. 110 after 106: one.
            hour9.append(NodeLines.streamingOrderStatus(106, 6));
            awaitLines(engine, 7);
            hour9.append(NodeLines.streamingOrderStatus(110, 7));
            awaitLines(engine, 8);
            assertEquals(2, engine.counters().blockGaps());

            // The next hour's file continues the sequence: 111 is no gap, 113 after it is one.
            NodeFile hour10 = NodeFile.at(root, NodeStream.ORDER_STATUSES, NodeLayout.STREAMING, "20261122", 10);
            hour10.append(NodeLines.streamingOrderStatus(111, 8), NodeLines.streamingOrderStatus(113, 9));
            awaitLines(engine, 10);
            assertEquals(3, engine.counters().blockGaps());
            assertEquals(3.0, registry.get("snapline.block.gaps").functionCounter().count());
        }
    }

    private static void awaitLines(Engine engine, long lines) {
        assertTrue(Resources.await(() -> engine.counters().linesWritten() >= lines || engine.failure() != null, WAIT),
                "lines written: " + engine.counters().linesWritten() + " of " + lines);
        assertNull(engine.failure());
    }
}
