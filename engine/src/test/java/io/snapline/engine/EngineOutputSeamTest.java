package io.snapline.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.snapline.engine.output.BatchSink;
import io.snapline.engine.output.Output;
import io.snapline.engine.ring.RingConfig;
import io.snapline.engine.testing.InMemoryOutput;
import io.snapline.engine.testing.NodeFile;
import io.snapline.engine.testing.NodeLines;
import io.snapline.records.Field;
import io.snapline.records.RecordType;
import io.snapline.records.testing.Rec;
import io.snapline.tailer.NodeLayout;
import io.snapline.tailer.NodeStream;
import io.snapline.tailer.TailerConfig;
import io.snapline.tailer.TailerEvents;
import io.snapline.tailer.TailerPositions;
import io.snapline.testkit.Resources;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.ToDoubleFunction;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine against a second output, {@link InMemoryOutput}, through nothing but the output seam:
 * the exactly-once promise (resume from the output's last positions, a failed write never
 * visible) and the ownership rules of {@link Output} hold whatever the output is.
 */
class EngineOutputSeamTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String DAY = "20260505";

    @TempDir
    Path dir;
    private Path root;
    private NodeFile trades;

    @BeforeEach
    void nodeFiles() throws IOException {
        root = dir.resolve("hl").resolve("data");
        trades = NodeFile.at(root, NodeStream.TRADES, NodeLayout.PLAIN, DAY, 17);
    }

    /** One line per batch, so that a test can fail the output at a chosen batch. */
    private EngineConfig config() {
        return EngineConfig.forNodeData(root)
                .withRing(new RingConfig(8, 64 * 1024, 1, 64, Duration.ofMillis(1), 2))
                .withTailer(TailerConfig.defaults().withDiscoveryInterval(Duration.ofMillis(50)))
                .withMaxIdle(Duration.ofMillis(5));
    }

    private void appendTrades(int from, int to) throws IOException {
        for (int id = from; id < to; id++) {
            trades.append(NodeLines.trade(id));
        }
    }

    @Test
    void shouldResumeFromTheOutputsLastBatchAndWriteEveryLineOnce() throws Exception {
        appendTrades(0, 30);
        InMemoryOutput output = new InMemoryOutput();
        try (Engine engine = Engine.start(config(), output)) {
            assertTrue(engine.resumedFrom().isEmpty(), "an empty output: nothing to resume from");
            awaitLinesWritten(engine, 30);
        }
        assertTrue(output.isClosed(), "the engine closes the output it was given");
        assertEquals(1, output.sinksOpened());
        TailerPositions stored = output.contents().lastPositions();

        appendTrades(30, 50);
        InMemoryOutput restarted = output.reopen();
        try (Engine engine = Engine.start(config(), restarted)) {
            assertEquals(stored, engine.resumedFrom(), "resumed from the positions of the output's last batch");
            awaitLinesWritten(engine, 20);
        }

        assertEachTradeOnce(output.contents().records(), 50);
    }

    @Test
    void shouldMakeNothingAfterAFailedWriteDurableAndLoseNothingOnRestart() throws Exception {
        appendTrades(0, 20);
        InMemoryOutput output = new InMemoryOutput().failWritesFrom(6);
        try (Engine engine = Engine.start(config(), output)) {
            assertTrue(Resources.await(() -> engine.failure() != null, WAIT), "the failed write stops the engine");
            assertFalse(engine.isRunning());
        }
        int durable = output.contents().records().size();
        assertEquals(5, output.contents().batches().size(), "the five writes before the failure, nothing after it");
        assertEquals(5, durable);

        InMemoryOutput restarted = output.reopen();
        try (Engine engine = Engine.start(config(), restarted)) {
            awaitLinesWritten(engine, 20 - durable);
        }
        assertEachTradeOnce(output.contents().records(), 20);
    }

    @Test
    void shouldCloseTheOutputWhenItCannotSayWhereToResume() {
        InMemoryOutput inner = new InMemoryOutput();
        IOException unreadable = new IOException("positions unreadable");
        Output output = new Output() {
            @Override
            public TailerPositions lastDurablePositions() throws IOException {
                throw unreadable;
            }

            @Override
            public BatchSink openSink() {
                return inner.openSink();
            }

            @Override
            public String describe() {
                return inner.describe();
            }

            @Override
            public void close() {
                inner.close();
            }
        };

        IOException thrown = assertThrows(IOException.class, () -> Engine.start(config(), output));

        assertSame(unreadable, thrown);
        assertTrue(inner.isClosed(), "a start that fails still closes the output it took over");
        assertEquals(0, inner.sinksOpened(), "no sink before the resume positions are known");
    }

    @Test
    void shouldCloseTheSinkAndTheOutputWhenTheStartFailsAfterTheSinkIsOpen() {
        InMemoryOutput output = new InMemoryOutput();
        // The pipeline's meters are bound after the sink is opened: a registry that refuses them
        // fails the start at that point, before any thread runs.
        SimpleMeterRegistry refusing = new SimpleMeterRegistry() {
            @Override
            protected <T> FunctionCounter newFunctionCounter(Meter.Id id, T obj, ToDoubleFunction<T> countFunction) {
                throw new IllegalStateException("registry refuses " + id.getName());
            }
        };

        IllegalStateException thrown = assertThrows(IllegalStateException.class,
                () -> Engine.start(config(), output, refusing, TailerEvents.NONE));

        assertTrue(thrown.getMessage().startsWith("registry refuses"), thrown.getMessage());
        assertEquals(1, output.sinksOpened());
        assertTrue(output.sinkCloses() >= 1, "the sink opened for the writer is closed");
        assertTrue(output.isClosed(), "and so is the output");
    }

    private static void assertEachTradeOnce(List<Rec> records, int trades) {
        int[] seen = new int[trades];
        for (Rec record : records) {
            assertEquals(RecordType.TRADE, record.type(), record.toString());
            seen[Integer.parseInt(record.text(Field.SZ))]++;
        }
        for (int id = 0; id < trades; id++) {
            assertEquals(1, seen[id], "trade " + id + " is in the output exactly once");
        }
    }

    private static void awaitLinesWritten(Engine engine, long lines) {
        assertTrue(Resources.await(() -> engine.counters().linesWritten() >= lines || engine.failure() != null, WAIT),
                "lines written: " + engine.counters().linesWritten() + " of " + lines);
        assertNull(engine.failure());
        assertNotNull(engine.resumedFrom());
        assertEquals(lines, engine.counters().linesWritten());
    }
}
