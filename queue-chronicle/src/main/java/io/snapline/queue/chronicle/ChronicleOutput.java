package io.snapline.queue.chronicle;

import io.snapline.engine.EngineConfig;
import io.snapline.engine.output.BatchSink;
import io.snapline.engine.output.Output;
import io.snapline.tailer.TailerPositions;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The Chronicle Queue output: one queue directory on this host, one document per batch (records
 * and positions in one atomic append), and a restart that resumes from the positions in the
 * queue's last document. Owns its {@link QueueStore}; the engine closes it.
 */
public final class ChronicleOutput implements Output {

    /** How long hourly cycle files are kept unless configured: the node's own 48-hour pruning. */
    public static final Duration DEFAULT_RETENTION = Duration.ofHours(48);

    private final QueueStore store;

    private ChronicleOutput(QueueStore store) {
        this.store = store;
    }

    /**
     * Opens (or creates) the queue in {@code directory}.
     *
     * @param retention     how long cycle files are kept; zero keeps them forever
     * @param largestBatch  the largest encoded batch the engine may hand over
     *                      ({@link EngineConfig#largestBatchBytes()}), which sizes the queue's blocks
     */
    public static ChronicleOutput open(Path directory, Duration retention, long largestBatch) {
        if (retention.isNegative()) {
            throw new IllegalArgumentException("queue retention must not be negative; got " + retention);
        }
        return new ChronicleOutput(new QueueStore(directory, retention, largestBatch));
    }

    /** The queue in {@code directory} for an engine run with {@code engine}, kept {@link #DEFAULT_RETENTION}. */
    public static ChronicleOutput open(Path directory, EngineConfig engine) {
        return open(directory, DEFAULT_RETENTION, engine.largestBatchBytes());
    }

    @Override
    public TailerPositions lastDurablePositions() {
        return store.lastPositions();
    }

    @Override
    public BatchSink openSink() {
        return new ChronicleBatchSink(store);
    }

    @Override
    public String describe() {
        return describe(store.directory());
    }

    /** How the queue in {@code directory} is named in messages, before or after it is opened. */
    public static String describe(Path directory) {
        return "chronicle queue " + directory;
    }

    @Override
    public void close() {
        store.close();
    }
}
