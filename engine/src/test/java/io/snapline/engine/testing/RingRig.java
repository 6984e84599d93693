package io.snapline.engine.testing;

import io.snapline.engine.EngineSource;
import io.snapline.engine.output.BatchSink;
import io.snapline.engine.parse.LineParser;
import io.snapline.engine.ring.BatchObserver;
import io.snapline.engine.ring.Pipeline;
import io.snapline.engine.ring.RingConfig;
import io.snapline.engine.ring.SlotPublisher;
import io.snapline.tailer.FileSequence;
import io.snapline.tailer.LineSink;
import io.snapline.tailer.NodeStream;
import io.snapline.tailer.Tailer;
import io.snapline.tailer.TailerConfig;
import io.snapline.tailer.TailerEvents;
import io.snapline.tailer.TailerLoop;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The engine's pipeline wired as {@code Engine} wires it, but around a sink of the test's choice:
 * a real {@link Tailer} over real files feeds the {@link Pipeline}'s publisher (possibly through a
 * wrapper that watches it), real parse workers, the test's {@link BatchSink} at the end.
 *
 * <p>Either {@link #startReader} runs the tailer on its own thread as the engine does, or the
 * test drives it with {@link #pollOnce} on its own thread. {@link #close} stops and closes all.
 */
public final class RingRig implements AutoCloseable {

    private final Pipeline pipeline;
    private final Tailer tailer;
    private TailerLoop loop;
    private boolean closed;

    public RingRig(RingConfig ring, TailerConfig tailerConfig, List<EngineSource> sources, BatchSink sink,
                   BatchObserver observer, Function<SlotPublisher, LineSink> wrap) {
        this(ring, tailerConfig, sources, sink, observer, wrap, LineParser::new);
    }

    /** With the parse workers' parsers of the test's choice, e.g. over a cursor that fails on cue. */
    public RingRig(RingConfig ring, TailerConfig tailerConfig, List<EngineSource> sources, BatchSink sink,
                   BatchObserver observer, Function<SlotPublisher, LineSink> wrap, Supplier<LineParser> parsers) {
        List<FileSequence> sequences = new ArrayList<>();
        Map<String, NodeStream> streams = new HashMap<>();
        for (EngineSource source : sources) {
            sequences.add(source.sequence());
            streams.put(source.sequence().name(), source.stream());
        }
        this.pipeline = new Pipeline(ring, tailerConfig.maxLineLength(), streams, parsers, sink, observer);
        this.tailer = new Tailer(sequences, tailerConfig, wrap.apply(pipeline.publisher()), TailerEvents.NONE);
        pipeline.publisher().attach(tailer);
        pipeline.start();
    }

    public RingRig(RingConfig ring, TailerConfig tailerConfig, List<EngineSource> sources, BatchSink sink,
                   BatchObserver observer) {
        this(ring, tailerConfig, sources, sink, observer, publisher -> publisher);
    }

    /** Runs the tailer on a thread named {@code snapline-reader}, handing on after every poll. */
    public RingRig startReader(Duration maxIdle) throws IOException {
        SlotPublisher publisher = pipeline.publisher();
        loop = new TailerLoop(tailer, maxIdle, "snapline-reader", bytesRead -> {
            if (bytesRead == TailerLoop.STOPPING) {
                publisher.flush();
            } else {
                publisher.endOfPoll();
            }
        }).start();
        return this;
    }

    /** One poll on the caller's thread, then the hand-over the engine does after each poll. */
    public long pollOnce() throws IOException {
        long read = tailer.poll();
        pipeline.publisher().endOfPoll();
        return read;
    }

    public Pipeline pipeline() {
        return pipeline;
    }

    public SlotPublisher publisher() {
        return pipeline.publisher();
    }

    public Tailer tailer() {
        return tailer;
    }

    /** The reader thread's loop, or null when the test drives the tailer itself. */
    public TailerLoop loop() {
        return loop;
    }

    /** Stops reading, drains what was handed over (up to 10 s), stops the threads, closes the files. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (loop != null) {
                loop.close();
            } else {
                tailer.close();
            }
        } finally {
            pipeline.close(Duration.ofSeconds(10));
        }
    }
}
