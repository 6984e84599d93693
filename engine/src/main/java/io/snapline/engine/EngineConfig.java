package io.snapline.engine;

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
import java.util.Set;

/**
 * Everything the engine needs to run.
 *
 * @param queueDirectory  the Chronicle Queue directory (created if missing)
 * @param sources         what to tail; sequence names must be unique
 * @param tailer          the tailer's settings
 * @param ring            the ring's shape and parse workers
 * @param queueRetention  how long queue cycle files are kept; zero keeps them forever
 * @param maxIdle         the longest the reader sleeps when there is nothing to read; with the
 *                        ring's linger, bounds how long a line waits before it is handed on
 * @param drainTimeout    how long close() waits for published batches to become durable
 */
public record EngineConfig(Path queueDirectory, List<EngineSource> sources, TailerConfig tailer, RingConfig ring,
                           Duration queueRetention, Duration maxIdle, Duration drainTimeout) {

    public EngineConfig {
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
        if (queueRetention.isNegative()) {
            throw new IllegalArgumentException("queue retention must not be negative; got " + queueRetention);
        }
    }

    /** Every stream of a node's data directory, in all three layouts. */
    public static EngineConfig forNodeData(Path nodeDataRoot, Path queueDirectory) {
        List<EngineSource> sources = new ArrayList<>();
        for (NodeStream stream : NodeStream.values()) {
            for (FileSequence sequence : HourlyFileSequence.allLayouts(nodeDataRoot, stream)) {
                sources.add(new EngineSource(sequence, stream));
            }
        }
        return new EngineConfig(queueDirectory, sources, TailerConfig.defaults(), RingConfig.defaults(),
                Duration.ofHours(48), Duration.ofMillis(20), Duration.ofSeconds(10));
    }

    public EngineConfig withSources(List<EngineSource> value) {
        return new EngineConfig(queueDirectory, value, tailer, ring, queueRetention, maxIdle, drainTimeout);
    }

    public EngineConfig withTailer(TailerConfig value) {
        return new EngineConfig(queueDirectory, sources, value, ring, queueRetention, maxIdle, drainTimeout);
    }

    public EngineConfig withRing(RingConfig value) {
        return new EngineConfig(queueDirectory, sources, tailer, value, queueRetention, maxIdle, drainTimeout);
    }

    public EngineConfig withQueueRetention(Duration value) {
        return new EngineConfig(queueDirectory, sources, tailer, ring, value, maxIdle, drainTimeout);
    }

    public EngineConfig withMaxIdle(Duration value) {
        return new EngineConfig(queueDirectory, sources, tailer, ring, queueRetention, value, drainTimeout);
    }
}
