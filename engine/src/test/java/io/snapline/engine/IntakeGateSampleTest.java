package io.snapline.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.snapline.engine.testing.InMemoryOutput;
import io.snapline.engine.testing.NodeFile;
import io.snapline.engine.testing.NodeLines;
import io.snapline.tailer.NodeLayout;
import io.snapline.tailer.NodeStream;
import io.snapline.testkit.Resources;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Before the reader waits at a closed intake gate, the reader sample runs once more: the gate's
 * owner (the memory watchdog) learns what the reader holds now, a buffer grown for a long line
 * in this very poll, before a pause that no later sample would interrupt (samples run between
 * polls, and a paused reader does not poll). The once-a-second sample alone can be a second old.
 */
class IntakeGateSampleTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    @Test
    void shouldSampleTheReaderRightBeforeEveryWaitAtAClosedGate() throws Exception {
        NodeFile file = NodeFile.at(dir, NodeStream.TRADES, NodeLayout.PLAIN, "20260505", 17);
        file.append(NodeLines.trade(1), NodeLines.trade(2));
        AtomicInteger samples = new AtomicInteger();
        List<Integer> samplesAtWait = new CopyOnWriteArrayList<>();
        IntakeGate closed = new IntakeGate() {
            @Override
            public boolean isOpen() {
                return false;
            }

            @Override
            public void awaitOpen(BooleanSupplier stopping) {
                samplesAtWait.add(samples.get()); // and lets the reader on: one wait per poll
            }
        };
        EngineHooks hooks = EngineHooks.NONE.withIntake(closed).withReaderSample(tailer -> samples.incrementAndGet());

        try (Engine engine = Engine.start(EngineConfig.forNodeData(dir), new InMemoryOutput(), hooks)) {
            assertTrue(Resources.await(() -> samplesAtWait.size() >= 5 || !engine.isRunning(), WAIT),
                    "the reader came to the gate");
        }

        List<Integer> seen = List.copyOf(samplesAtWait);
        for (int i = 1; i < seen.size(); i++) {
            assertTrue(seen.get(i) > seen.get(i - 1), "a fresh sample before wait " + i + ": " + seen);
        }
        assertEquals(seen.size(), seen.stream().distinct().count());
    }
}
