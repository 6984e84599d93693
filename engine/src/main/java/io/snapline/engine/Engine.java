package io.snapline.engine;

import io.micrometer.core.instrument.MeterRegistry;
import io.snapline.engine.blocks.BlockLedger;
import io.snapline.engine.blocks.LedgerCodec;
import io.snapline.engine.metrics.EngineMetrics;
import io.snapline.engine.output.BatchSink;
import io.snapline.engine.output.Output;
import io.snapline.engine.parse.FastJsonCursor;
import io.snapline.engine.parse.LineParser;
import io.snapline.engine.parse.UnknownFields;
import io.snapline.engine.ring.BatchObserver;
import io.snapline.engine.ring.Pipeline;
import io.snapline.engine.ring.PipelineCounters;
import io.snapline.engine.ring.SlotPublisher;
import io.snapline.tailer.FileSequence;
import io.snapline.tailer.NodeStream;
import io.snapline.tailer.Tailer;
import io.snapline.tailer.TailerEvents;
import io.snapline.tailer.TailerLoop;
import io.snapline.tailer.TailerPositions;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Node files in, durable records out: the tailer feeds the ring, the ring's workers parse, its
 * writer hands each batch with its positions to the {@link Output} it was given. On start it
 * resumes from the positions the output stored with its last batch, so a kill -9 at any moment
 * neither loses nor repeats a line.
 *
 * <p>Owns everything it opens, and the output it is given. {@link #close()} stops reading, drains
 * what was handed over, and closes the threads, the tailed files and the output, in that order.
 */
public final class Engine implements AutoCloseable {

    private final EngineConfig config;
    private final Output output;
    private final BatchSink sink;
    private final Pipeline pipeline;
    private final TailerLoop reader;
    private final TailerPositions resumedFrom;
    private final EngineMetrics metrics;
    private final AfterPoll afterPoll;
    private volatile boolean closed;

    private Engine(EngineConfig config, Output output, EngineHooks hooks) throws IOException {
        this.config = config;
        this.output = output;
        MeterRegistry registry = hooks.registry();
        Pipeline started = null;
        TailerLoop loop = null;
        EngineMetrics meters = null;
        BatchSink opened = null;
        try {
            meters = registry == null ? null : new EngineMetrics(registry);
            this.resumedFrom = output.lastDurablePositions();
            byte[] stored = output.lastDurablePositionsBytes();
            opened = output.openSink();
            this.sink = opened;
            List<FileSequence> sequences = new ArrayList<>();
            Map<String, NodeStream> streams = new HashMap<>();
            for (EngineSource source : config.sources()) {
                sequences.add(source.sequence());
                streams.put(source.sequence().name(), source.stream());
            }
            UnknownFields unknownFields = new UnknownFields();
            started = new Pipeline(config.ring(), config.tailer().maxLineLength(), streams,
                    () -> new LineParser(new FastJsonCursor(), unknownFields, config.filter()), sink,
                    meters == null ? BatchObserver.NONE : meters, new BlockLedger(config.stallAfter(),
                            LedgerCodec.decode(stored, 0, stored == null ? 0 : stored.length), streams));
            if (meters != null) {
                meters.bind(started);
                meters.bind(unknownFields);
            }
            Tailer tailer = new Tailer(sequences, config.tailer(), started.publisher(), hooks.events());
            started.publisher().attach(tailer);
            tailer.resume(resumedFrom);
            // The output's own gate (free space for the queue) beside the sidecar's (memory).
            EngineHooks gated = hooks.withIntake(IntakeGate.both(hooks.intake(), output.intakeGate()));
            this.afterPoll = new AfterPoll(tailer, started.publisher(), meters, gated, () -> closed);
            loop = new TailerLoop(tailer, config.maxIdle(), "snapline-reader", afterPoll);
            this.metrics = meters;
            this.pipeline = started.start();
            this.reader = loop.start();
        } catch (IOException | RuntimeException | Error e) {
            closeAfterFailedStart(e, loop, started, meters, opened);
            throw e;
        }
    }

    /** The same order as {@link #close()}: reader, pipeline, meters, then the sink and the output. */
    private void closeAfterFailedStart(Throwable cause, TailerLoop loop, Pipeline started, EngineMetrics meters,
                                       BatchSink opened) {
        try {
            if (loop != null) {
                loop.close();
            }
        } catch (IOException | RuntimeException e) {
            cause.addSuppressed(e);
        }
        boolean stopped = true;
        try {
            if (started != null) {
                stopped = started.close(config.drainTimeout());
            }
            if (meters != null) {
                meters.close();
            }
        } catch (RuntimeException e) {
            cause.addSuppressed(e);
        }
        if (!stopped) {
            // As in close(): a writer still inside an append must not have its output closed under it.
            cause.addSuppressed(new IOException("pipeline threads did not stop; output " + output.describe()
                    + " left open"));
            return;
        }
        try {
            if (opened != null) {
                opened.close(); // the writer never ran, or its onShutdown already did this: idempotent
            }
        } catch (RuntimeException e) {
            cause.addSuppressed(e);
        }
        try {
            output.close();
        } catch (RuntimeException e) {
            cause.addSuppressed(e);
        }
    }

    /**
     * Resumes from the output's last durable positions and starts reading. Takes {@code output}
     * over: it is closed with the engine, or at once if the start fails.
     */
    public static Engine start(EngineConfig config, Output output, EngineHooks hooks) throws IOException {
        return new Engine(config, output, hooks);
    }

    public static Engine start(EngineConfig config, Output output, MeterRegistry registry, TailerEvents events)
            throws IOException {
        return start(config, output, EngineHooks.NONE.withRegistry(registry).withEvents(events));
    }

    public static Engine start(EngineConfig config, Output output) throws IOException {
        return start(config, output, EngineHooks.NONE);
    }

    /**
     * Waits until every tailed file has been read to its end and all of it is durable in the
     * output, with its positions: what {@code snapline run --drain} waits for before it exits.
     *
     * @return false when the timeout passed first, or the engine stopped on a failure
     */
    public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() - deadline < 0) {
            if (failure() != null || !isRunning()) {
                return false;
            }
            if (afterPoll.caughtUp()) {
                long left = Math.max(0, deadline - System.nanoTime());
                if (pipeline.awaitDrained(Duration.ofNanos(left)) && afterPoll.caughtUp()) {
                    return failure() == null;
                }
            }
            Thread.sleep(5);
        }
        return false;
    }

    /** Where this run resumed: the positions stored with the output's last batch. */
    public TailerPositions resumedFrom() {
        return resumedFrom;
    }

    /** Unread bytes over all tailed files, sampled about once a second; 0 without a meter registry. */
    public long lagBytes() {
        return metrics == null ? 0 : metrics.lagBytes();
    }

    public PipelineCounters counters() {
        return pipeline.counters();
    }

    public Pipeline pipeline() {
        return pipeline;
    }

    /** Why the engine stopped on its own (reader or writer failure), or null while healthy. */
    public Throwable failure() {
        Throwable written = pipeline.failure();
        if (written != null) {
            return written;
        }
        Throwable read = reader.failure();
        return read instanceof SlotPublisher.PipelineStopped ? null : read;
    }

    public boolean isRunning() {
        return !closed && reader.isRunning() && pipeline.failure() == null;
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        boolean stopped = false;
        try {
            reader.close(); // stops after the current poll, which has handed on all it read
        } finally {
            try {
                stopped = pipeline.close(config.drainTimeout());
            } finally {
                if (metrics != null) {
                    metrics.close();
                }
                // A writer still inside an append must not have the output closed underneath it;
                // it is a daemon thread, and what it had not written is read again on restart.
                if (stopped) {
                    try {
                        sink.close();
                    } finally {
                        output.close();
                    }
                }
            }
        }
        if (!stopped) {
            throw new IOException("pipeline threads did not stop within the drain timeout; output "
                    + output.describe() + " left open");
        }
    }
}
