package io.snapline.bench.memory;

import io.micrometer.core.instrument.MeterRegistry;
import io.snapline.engine.Engine;
import io.snapline.engine.EngineConfig;
import io.snapline.engine.EngineHooks;
import io.snapline.engine.EngineSource;
import io.snapline.engine.ring.Pipeline;
import io.snapline.queue.chronicle.ChronicleOutput;
import io.snapline.tailer.HourlyFileSequence;
import io.snapline.tailer.NodeStream;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The engine as the sidecar runs it (default tailer, ring and parse workers, the Chronicle Queue
 * sink), tailing the backlog's one file sequence. Batch sizes reach the run through the meter
 * registry the engine records {@code snapline.batch.lines} into.
 */
final class SnaplineSubject implements Subject {

    private final Engine engine;
    private final Pipeline pipeline;
    private final EngineConfig config;

    private SnaplineSubject(Engine engine, EngineConfig config) {
        this.engine = engine;
        this.pipeline = engine.pipeline();
        this.config = config;
    }

    static SnaplineSubject start(Backlog backlog, Path queue, RunOptions options, MeterRegistry registry) throws IOException {
        EngineConfig config = EngineConfig.forNodeData(backlog.root())
                .withSources(List.of(new EngineSource(
                        new HourlyFileSequence(backlog.root(), NodeStream.ORDER_STATUSES, backlog.layout()),
                        NodeStream.ORDER_STATUSES)));
        if (options.ringSlots() > 0) {
            config = config.withRing(config.ring().withSlots(options.ringSlots()));
        }
        if (options.slabKib() > 0) {
            config = config.withRing(config.ring().withSlabBytes(options.slabKib() << 10));
        }
        if (options.maxLineMib() > 0) {
            config = config.withTailer(config.tailer().withMaxLineLength(options.maxLineMib() << 20));
        }
        return new SnaplineSubject(Engine.start(config, ChronicleOutput.open(queue, Duration.ZERO, config.largestBatchBytes()),
                EngineHooks.NONE.withRegistry(registry)), config);
    }

    EngineConfig config() {
        return config;
    }

    long largestBatchLines() {
        return engine.counters().largestBatchLines();
    }

    @Override
    public long linesRead() {
        return pipeline.publisher().linesRead();
    }

    @Override
    public long linesWritten() {
        return engine.counters().linesWritten();
    }

    @Override
    public long heldLines() {
        return pipeline.inFlight().lines();
    }

    @Override
    public long heldBytes() {
        return pipeline.inFlight().bytes();
    }

    @Override
    public long ringOccupied() {
        return pipeline.occupiedSlots();
    }

    /** Batches are short-lived here (a few milliseconds); each written batch is recorded instead. */
    @Override
    public long batchInProgress() {
        return -1;
    }

    @Override
    public long batchCap() {
        return config.ring().maxLines();
    }

    @Override
    public Throwable failure() {
        return engine.failure();
    }

    @Override
    public String failedThread() {
        if (engine.failure() == null) {
            return null;
        }
        return pipeline.failure() != null ? "the pipeline (parse or write)" : "snapline-reader";
    }

    @Override
    public void close() throws IOException {
        engine.close();
    }
}
