package io.snapline.queue.chronicle;

import io.snapline.engine.EngineConfig;
import io.snapline.engine.IntakeGate;
import io.snapline.engine.output.BatchSink;
import io.snapline.engine.output.Output;
import io.snapline.engine.output.OutputInUseException;
import io.snapline.tailer.TailerPositions;
import net.openhft.chronicle.core.time.SystemTimeProvider;
import net.openhft.chronicle.core.time.TimeProvider;

import java.nio.file.Path;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * The Chronicle Queue output: one queue directory on this host, one document per batch (records
 * and positions in one atomic append), and a restart that resumes from the positions in the
 * queue's last whole document. Holds the directory's {@link OutputLock} for its life, so one
 * engine writes a queue; owns its {@link QueueStore} and {@link QueueSpaceGuard}; the engine
 * closes it.
 */
public final class ChronicleOutput implements Output {

    /** How long hourly cycle files are kept unless configured: the node's own 48-hour pruning. */
    public static final Duration DEFAULT_RETENTION = Duration.ofHours(48);

    private final OutputLock lock;
    private final QueueStore store;
    private final QueueSpaceGuard space;

    private ChronicleOutput(OutputLock lock, QueueStore store, QueueSpaceGuard space) {
        this.lock = lock;
        this.store = store;
        this.space = space;
    }

    /**
     * Opens (or creates) the queue in {@code directory}, locked for this output's life.
     *
     * @param retention     how long cycle files are kept; zero keeps them forever
     * @param largestBatch  the largest encoded batch the engine may hand over
     *                      ({@link EngineConfig#largestBatchBytes()}), which sizes the queue's blocks
     * @throws OutputInUseException when another engine holds the queue
     */
    public static ChronicleOutput open(Path directory, Duration retention, long largestBatch) {
        return open(directory, ChronicleOptions.DEFAULTS.withRetention(retention), largestBatch);
    }

    /** As {@link #open(Path, Duration, long)}, with every {@code output.chronicle} option. */
    public static ChronicleOutput open(Path directory, ChronicleOptions options, long largestBatch) {
        return open(directory, options, largestBatch, SystemTimeProvider.INSTANCE);
    }

    /** With the clock the queue names its cycles by: a test rolls the hour with it. */
    public static ChronicleOutput open(Path directory, ChronicleOptions options, long largestBatch, TimeProvider time) {
        return open(directory, options, largestBatch, time, null);
    }

    /**
     * With the free space read from {@code usableBytes} instead of the queue's filesystem (null:
     * the filesystem's): a test fills the disk, or fills it for the writer only, with it.
     */
    static ChronicleOutput open(Path directory, ChronicleOptions options, long largestBatch, TimeProvider time,
                                LongSupplier usableBytes) {
        // Before anything reads positions: a second engine must not even resume.
        OutputLock lock = OutputLock.acquire(directory);
        QueueStore store = null;
        try {
            store = new QueueStore(directory, options.retention(), largestBatch, options.sync(),
                    options.startFreshWhenUnreadable(), time);
            long minFree = options.minFreeBytes() == ChronicleOptions.DEFAULT_MIN_FREE
                    ? ChronicleOptions.defaultMinFree(store.blockSize(), largestBatch)
                    : options.minFreeBytes();
            QueueSpaceGuard space = usableBytes == null
                    ? QueueSpaceGuard.on(directory, minFree, largestBatch)
                    : new QueueSpaceGuard(directory, minFree, largestBatch, usableBytes);
            return new ChronicleOutput(lock, store, space);
        } catch (RuntimeException | Error e) {
            // The lock is released even when closing the half-opened queue fails too.
            try {
                if (store != null) {
                    store.close();
                }
            } catch (RuntimeException | Error suppressed) {
                e.addSuppressed(suppressed);
            } finally {
                lock.close();
            }
            throw e;
        }
    }

    /** The queue in {@code directory} for an engine run with {@code engine}, kept {@link #DEFAULT_RETENTION}. */
    public static ChronicleOutput open(Path directory, EngineConfig engine) {
        return open(directory, DEFAULT_RETENTION, engine.largestBatchBytes());
    }

    @Override
    public TailerPositions lastDurablePositions() {
        return store.lastPositions();
    }

    /** The same last batch's positions bytes, whose tail is the block ledger's state. */
    @Override
    public byte[] lastDurablePositionsBytes() {
        return store.lastPositionsBytes();
    }

    @Override
    public BatchSink openSink() {
        return new ChronicleBatchSink(store, space);
    }

    /** Pauses the reader before the queue's filesystem is full. */
    @Override
    public IntakeGate intakeGate() {
        return space;
    }

    /** The free-space guard, for its meters and a test. */
    public QueueSpaceGuard space() {
        return space;
    }

    QueueStore store() {
        return store;
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
        try {
            space.close();
            store.close();
        } finally {
            lock.close(); // whatever failed above, a later start must be able to take the queue
        }
    }
}
