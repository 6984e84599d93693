package io.snapline.queue.chronicle.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.snapline.engine.Engine;
import io.snapline.engine.EngineConfig;
import io.snapline.engine.ring.PipelineCounters;
import io.snapline.nodegen.BadLine;
import io.snapline.nodegen.GeneratorOptions;
import io.snapline.nodegen.NodeFileGenerator;
import io.snapline.nodegen.NodeHour;
import io.snapline.queue.chronicle.ChronicleOutput;
import io.snapline.records.DeadLetterReason;
import io.snapline.records.RecordType;
import io.snapline.tailer.NodeLayout;
import io.snapline.tailer.NodeStream;
import io.snapline.testkit.Resources;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The engine following a {@link NodeFileGenerator} that writes while it runs, on a thread of its
 * own, as a node does. Hour files the engine has read past by a whole hour are deleted, as the
 * node prunes old hours, so a long run's disk use is the backlog, not the whole run.
 */
final class GeneratedRun implements AutoCloseable {

    private static final NodeHour START = NodeHour.parse("20260505/0");

    private final GeneratorOptions options;
    private final Engine engine;
    private final Thread writer;
    private final AtomicReference<Throwable> writerFailure = new AtomicReference<>();
    private volatile boolean stopWriting;
    private NodeHour nextToPrune;
    private long hoursPruned;

    private GeneratedRun(Path dir, GeneratorOptions options) throws IOException {
        this.options = options;
        this.nextToPrune = options.startHour();
        EngineConfig config = config(dir);
        this.engine = Engine.start(config, ChronicleOutput.open(dir.resolve("queue"), config));
        this.writer = new Thread(this::write, "node-writer");
        this.writer.start();
    }

    /**
     * The engine's defaults (ring, parse workers, tailer) on {@code <dir>/hl} into {@code <dir>/queue},
     * with a short idle so that the end of a run is seen soon.
     */
    private static EngineConfig config(Path dir) {
        return EngineConfig.forNodeData(dir.resolve("hl")).withMaxIdle(Duration.ofMillis(10));
    }

    /** Streaming order statuses under {@code <dir>/hl}, from hour 20260505/0, a new hour file every {@code linesPerHour}. */
    static GeneratorOptions orderStatuses(Path dir, long lines, long linesPerHour) {
        return GeneratorOptions.of(dir.resolve("hl"), NodeStream.ORDER_STATUSES, NodeLayout.STREAMING, lines)
                .withStartHour(START).withLinesPerHour(linesPerHour);
    }

    /**
     * A short run in {@code <dir>/warm-up}, before a test's baseline, so that what is done once per JVM
     * (class loading, Chronicle Queue's shared helpers, JIT) does not count as the test's growth.
     */
    static void warmUp(Path dir) throws IOException {
        Path warmUp = dir.resolve("warm-up");
        GeneratorOptions options = orderStatuses(warmUp, 50_000, 20_000).withBadEvery(100);
        try (GeneratedRun run = start(warmUp, options)) {
            run.awaitLinesWritten(options.lines(), Duration.ofSeconds(60));
        }
        assertTrue(Resources.awaitReleased(warmUp, Duration.ofSeconds(10)), "the warm-up's files are closed and unmapped");
    }

    /**
     * Every line the generator wrote is in the counters: a record for each good streaming line, and
     * for each bad one a dead letter whose reason is its {@link BadLine}'s.
     */
    static void assertCounted(PipelineCounters counters, GeneratorOptions options) {
        long lines = options.lines();
        int badEvery = options.badEvery();
        long bad = badEvery == 0 ? 0 : lines / badEvery;
        assertEquals(lines, counters.linesWritten(), "lines written");
        assertEquals(lines - bad, counters.records(RecordType.ORDER_STATUS), "one record per good streaming line");
        Map<DeadLetterReason, Long> expected = new EnumMap<>(DeadLetterReason.class);
        for (long n = 1; n <= bad; n++) {
            expected.merge(BadLine.forLine(n * badEvery, badEvery).reason(), 1L, Long::sum);
        }
        for (DeadLetterReason reason : DeadLetterReason.values()) {
            assertEquals(expected.getOrDefault(reason, 0L), counters.deadLetters(reason), "dead letters: " + reason.label());
        }
    }

    /** Starts the engine on {@code <dir>/hl} into {@code <dir>/queue}, then the generator writing {@code options} there. */
    static GeneratedRun start(Path dir, GeneratorOptions options) throws IOException {
        return new GeneratedRun(dir, options);
    }

    private void write() {
        try {
            new NodeFileGenerator().run(options, () -> stopWriting);
        } catch (Throwable t) {
            writerFailure.set(t);
        }
    }

    Engine engine() {
        return engine;
    }

    /** Waits until the engine has written at least {@code lines} lines to the queue, pruning as it goes. */
    void awaitLinesWritten(long lines, Duration timeout) {
        assertTrue(Resources.await(() -> {
            prune();
            return engine.counters().linesWritten() >= lines || engine.failure() != null || writerFailure.get() != null;
        }, timeout), "lines written: " + engine.counters().linesWritten() + " of " + lines + " within " + timeout);
        assertNull(writerFailure.get(), "the generator failed");
        assertNull(engine.failure(), "the engine failed");
    }

    /** Deletes each hour file the engine has read past by a whole hour of lines. */
    private void prune() {
        long written = engine.counters().linesWritten();
        while ((hoursPruned + 2) * options.linesPerHour() <= written) {
            try {
                Files.deleteIfExists(nextToPrune.file(options.nodeDataRoot(), options.stream(), options.layout()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            nextToPrune = nextToPrune.next();
            hoursPruned++;
        }
    }

    long hoursPruned() {
        return hoursPruned;
    }

    /** Stops the generator if it still writes, waits for it, and closes the engine. */
    @Override
    public void close() throws IOException {
        stopWriting = true;
        try {
            writer.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            engine.close();
        }
    }
}
