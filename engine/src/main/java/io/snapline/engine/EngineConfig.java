package io.snapline.engine;

import io.snapline.engine.filter.IngestFilter;
import io.snapline.engine.parse.LineParser;
import io.snapline.engine.ring.RingConfig;
import io.snapline.tailer.FileSequence;
import io.snapline.tailer.HourlyFileSequence;
import io.snapline.tailer.NodeStream;
import io.snapline.tailer.TailerConfig;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * Everything the pipeline needs to run: what to tail and how, the ring's shape and the timings.
 * Where records go is not here: an {@link io.snapline.engine.output.Output} is given to
 * {@link Engine#start} beside this.
 *
 * @param sources         what to tail; sequence names must be unique
 * @param tailer          the tailer's settings
 * @param ring            the ring's shape and parse workers
 * @param maxIdle         the longest the reader sleeps when there is nothing to read; with the
 *                        ring's linger, bounds how long a line waits before it is handed on
 * @param drainTimeout    how long close() waits for published batches to become durable
 * @param filter          which events are dropped before their records reach a batch;
 *                        {@link IngestFilter#NONE} (the default) drops none
 * @param stallAfter      how long one stream may be silent while others advance before it is a
 *                        stall (docs/operations.md, "Blocks"); zero: never ({@link #DEFAULT_STALL_AFTER})
 */
public record EngineConfig(List<EngineSource> sources, TailerConfig tailer, RingConfig ring,
                           Duration maxIdle, Duration drainTimeout, IngestFilter filter, Duration stallAfter) {

    /** Ten minutes: longer than the node's quiet spells within one stream, far shorter than a stopped writer. */
    public static final Duration DEFAULT_STALL_AFTER = Duration.ofMinutes(10);

    public EngineConfig(List<EngineSource> sources, TailerConfig tailer, RingConfig ring, Duration maxIdle,
                        Duration drainTimeout, IngestFilter filter) {
        this(sources, tailer, ring, maxIdle, drainTimeout, filter, DEFAULT_STALL_AFTER);
    }

    /** Without an ingest filter: every event is kept. */
    public EngineConfig(List<EngineSource> sources, TailerConfig tailer, RingConfig ring, Duration maxIdle,
                        Duration drainTimeout) {
        this(sources, tailer, ring, maxIdle, drainTimeout, IngestFilter.NONE);
    }

    public EngineConfig {
        Objects.requireNonNull(filter, "filter");
        if (stallAfter == null || stallAfter.isNegative()) {
            throw new IllegalArgumentException("stallAfter: a duration of zero (never) or more is needed, not " + stallAfter);
        }
        sources = List.copyOf(sources);
        if (sources.isEmpty()) {
            throw new IllegalArgumentException("sources: at least one file sequence to tail is needed");
        }
        Set<String> names = new HashSet<>();
        for (EngineSource source : sources) {
            if (!names.add(source.sequence().name())) {
                throw new IllegalArgumentException("sources: sequence name " + source.sequence().name()
                        + " appears twice; positions are keyed by it");
            }
        }
        if (ring.slabBytes() < tailer.tooLongHeadBytes()) {
            throw new IllegalArgumentException("ring slab bytes (" + ring.slabBytes()
                    + ") must hold an over-long line's head (" + tailer.tooLongHeadBytes() + " bytes)");
        }
    }

    /**
     * Every stream of a node's data directory, each in the layout the node writes now, followed
     * across switches (docs/tailer.md, "Which layout is read"): the sidecar's {@code layouts: auto}.
     */
    public static EngineConfig forNodeData(Path nodeDataRoot) {
        return forEveryStream(nodeDataRoot, HourlyFileSequence::activeLayout);
    }

    /**
     * Every stream of a node's data directory in all three layouts, each read whole: the sidecar's
     * {@code layouts: [plain, streaming, by_block]}. Reads an event twice where two layouts hold
     * the same hour; for tests and operators who know their layouts do not overlap.
     */
    public static EngineConfig forNodeDataEveryLayout(Path nodeDataRoot) {
        return forEveryStream(nodeDataRoot, HourlyFileSequence::allLayouts);
    }

    private static EngineConfig forEveryStream(Path nodeDataRoot,
            BiFunction<Path, NodeStream, List<FileSequence>> sequencesOfStream) {
        List<EngineSource> sources = new ArrayList<>();
        for (NodeStream stream : NodeStream.values()) {
            for (FileSequence sequence : sequencesOfStream.apply(nodeDataRoot, stream)) {
                sources.add(new EngineSource(sequence, stream));
            }
        }
        return new EngineConfig(sources, TailerConfig.defaults(), RingConfig.defaults(),
                Duration.ofMillis(20), Duration.ofSeconds(10));
    }

    /**
     * The largest batch an output may be handed, encoded: an oversize line's records or a full
     * slab's, plus sources and positions. Outputs size their largest write by it. The parser holds
     * each line to {@link LineParser#recordBytesBound} (twice its length plus
     * {@link LineParser#LINE_RECORD_SLACK}), so a batch's records are at most twice the longest
     * line or the slab plus the slack for each of its lines; 2 MiB more cover the sources and
     * positions (64 sources take a few KB). With the default ring this is twice the line plus 4 MiB.
     */
    public long largestBatchBytes() {
        long line = Math.max(tailer.maxLineLength(), ring.slabBytes());
        long perLine = (long) LineParser.LINE_RECORD_SLACK * ring.maxLines();
        return 2 * line + Math.max(4L << 20, perLine + (2L << 20));
    }

    public EngineConfig withSources(List<EngineSource> value) {
        return new EngineConfig(value, tailer, ring, maxIdle, drainTimeout, filter, stallAfter);
    }

    public EngineConfig withTailer(TailerConfig value) {
        return new EngineConfig(sources, value, ring, maxIdle, drainTimeout, filter, stallAfter);
    }

    public EngineConfig withRing(RingConfig value) {
        return new EngineConfig(sources, tailer, value, maxIdle, drainTimeout, filter, stallAfter);
    }

    public EngineConfig withMaxIdle(Duration value) {
        return new EngineConfig(sources, tailer, ring, value, drainTimeout, filter, stallAfter);
    }

    public EngineConfig withFilter(IngestFilter value) {
        return new EngineConfig(sources, tailer, ring, maxIdle, drainTimeout, value, stallAfter);
    }

    public EngineConfig withStallAfter(Duration value) {
        return new EngineConfig(sources, tailer, ring, maxIdle, drainTimeout, filter, value);
    }
}
