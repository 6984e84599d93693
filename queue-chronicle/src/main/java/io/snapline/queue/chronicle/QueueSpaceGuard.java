package io.snapline.queue.chronicle;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.snapline.engine.IntakeGate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * Keeps the queue's filesystem from filling under the writer. A write into a mapped page the
 * filesystem cannot back is not an error Chronicle can report: the JVM takes a SIGBUS
 * ({@code InternalError: a fault occurred in a recent unsafe memory access}) with a document half
 * written. So the guard acts before that, twice:
 *
 * <ul>
 *   <li>as the reader's {@link IntakeGate}: below {@code pauseBelow} free bytes intake pauses (WARN
 *       once), the batches already read are still written, and once free space is back to
 *       {@code pauseBelow} plus the largest batch it resumes by itself (INFO);</li>
 *   <li>on the writer, {@link #awaitRoomFor}: a batch is not started unless its bytes and
 *       {@link #WRITER_SLACK} (Chronicle's index pages and a new cycle file's header) fit; the
 *       writer waits for room instead, which holds the ring and so the reader too.</li>
 * </ul>
 *
 * <p>Free space is asked of the filesystem ({@code statfs}) at most every {@link #CHECK_NANOS} on
 * the reader, and on the writer at most as often unless the bytes written since its last ask
 * could have used up the margin: {@link #isOpen()} stays a volatile read and a clock read.
 */
public final class QueueSpaceGuard implements IntakeGate, MeterBinder {

    /** Room kept beyond a batch's own bytes: index arrays and a new cycle file's header are small. */
    static final long WRITER_SLACK = 4L << 20;
    private static final long CHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    private static final Logger LOG = LoggerFactory.getLogger("snapline.queue");

    private final Path directory;
    private final LongSupplier usableBytes;
    private final long pauseBelow;
    private final long resumeAt;
    private final AtomicLong pauses = new AtomicLong();
    private final AtomicLong writerWaits = new AtomicLong();
    private volatile long freeBytes;
    private volatile boolean paused;
    private volatile long nextCheckNanos;
    private volatile boolean closing;
    private long pausedSinceNanos;
    /** Writer thread only: its last reading, when it took it, and the bytes written since. */
    private long writerFree;
    private long writerCheckedNanos;
    private long writtenSinceCheck;

    /**
     * @param pauseBelow    free bytes under which intake pauses
     * @param largestBatch  the largest document the writer may append: the hysteresis, and the
     *                      least {@code pauseBelow} may be
     */
    QueueSpaceGuard(Path directory, long pauseBelow, long largestBatch, LongSupplier usableBytes) {
        if (pauseBelow < largestBatch + WRITER_SLACK) {
            throw new IllegalArgumentException("min_free_space of " + pauseBelow + " bytes is less than the largest"
                    + " batch plus " + (WRITER_SLACK >> 20) + " MiB (" + (largestBatch + WRITER_SLACK) + " bytes)");
        }
        this.directory = directory;
        this.usableBytes = usableBytes;
        this.pauseBelow = pauseBelow;
        this.resumeAt = pauseBelow + largestBatch;
        this.writerFree = refresh();
        this.writerCheckedNanos = System.nanoTime();
    }

    /** The guard on the filesystem that holds {@code directory}. */
    static QueueSpaceGuard on(Path directory, long pauseBelow, long largestBatch) {
        FileStore store;
        try {
            store = Files.getFileStore(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find the filesystem of queue " + directory, e);
        }
        return new QueueSpaceGuard(directory, pauseBelow, largestBatch, () -> {
            try {
                return store.getUsableSpace();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the free space of queue " + directory, e);
            }
        });
    }

    @Override
    public boolean isOpen() {
        if (System.nanoTime() - nextCheckNanos >= 0) {
            refresh();
        }
        return !paused;
    }

    @Override
    public void awaitOpen(BooleanSupplier stopping) {
        while (paused && !stopping.getAsBoolean() && !Thread.currentThread().isInterrupted()) {
            LockSupport.parkNanos(CHECK_NANOS);
            refresh();
        }
    }

    /**
     * Called by the writer before it appends {@code documentBytes}: returns once they fit with
     * {@link #WRITER_SLACK} to spare.
     *
     * @throws IllegalStateException when the output closes, or the drain runs out of time
     *     ({@link ChronicleBatchSink#abandonWaits}), while the writer waits: the batch was
     *     not written, and a restart reads its lines again
     */
    void awaitRoomFor(long documentBytes) {
        long need = documentBytes + WRITER_SLACK;
        long now = System.nanoTime();
        // Asked again once the reading is old (something else may be filling the disk too) or
        // the bytes written since could have used up the margin; otherwise no statfs per batch.
        if (now - writerCheckedNanos >= CHECK_NANOS || writerFree - writtenSinceCheck < need) {
            writerFree = refresh();
            writtenSinceCheck = 0;
            writerCheckedNanos = now;
            if (writerFree < need) {
                waitForRoom(need);
            }
        }
        writtenSinceCheck += documentBytes;
    }

    private void waitForRoom(long need) {
        writerWaits.incrementAndGet();
        LOG.warn("queue {}: {} bytes free on its filesystem, a batch needs {}: the writer waits for room",
                directory, writerFree, need);
        while (writerFree < need) {
            if (closing || Thread.currentThread().isInterrupted()) {
                // Said here: the engine counts it as the drain's loss, which nothing else logs.
                LOG.warn("queue {}: stopped while the writer waited for {} bytes of free space ({} free); that batch"
                        + " and those after it were not written, and their lines are read again at the next start",
                        directory, need, writerFree);
                throw new IllegalStateException("queue " + directory + ": closed while waiting for " + need
                        + " bytes of free space; the batch was not written");
            }
            LockSupport.parkNanos(CHECK_NANOS);
            writerFree = refresh();
        }
        writerCheckedNanos = System.nanoTime();
        LOG.info("queue {}: {} bytes free again; the writer goes on", directory, writerFree);
    }

    /** Takes one reading now; the reader does this at most every {@link #CHECK_NANOS}. */
    void checkNow() {
        refresh();
    }

    /** Asks the filesystem, updates the pause, and returns the free bytes. */
    private synchronized long refresh() {
        long free = usableBytes.getAsLong();
        freeBytes = free;
        nextCheckNanos = System.nanoTime() + CHECK_NANOS;
        if (!paused && free < pauseBelow) {
            paused = true;
            pausedSinceNanos = System.nanoTime();
            pauses.incrementAndGet();
            LOG.warn("intake paused: {} free on the queue's filesystem ({}), need {}; resumes at {} free",
                    mib(free), directory, mib(pauseBelow), mib(resumeAt));
        } else if (paused && free >= resumeAt) {
            paused = false;
            LOG.info("intake resumed: {} free on the queue's filesystem ({}) after {} s paused",
                    mib(free), directory, (System.nanoTime() - pausedSinceNanos) / 1_000_000_000L);
        }
        return free;
    }

    private static String mib(long bytes) {
        return (bytes >> 20) + " MiB";
    }

    /** Why intake is paused, in the words {@code /healthz} shows, or null when it is not. */
    @Override
    public String closedReason() {
        return paused ? "intake paused: " + mib(freeBytes) + " free on the queue's filesystem (" + directory
                + "), need " + mib(pauseBelow) : null;
    }

    public boolean paused() {
        return paused;
    }

    /** Free bytes on the queue's filesystem when last asked. */
    public long freeBytes() {
        return freeBytes;
    }

    /** How many times intake paused for space. */
    public long pauses() {
        return pauses.get();
    }

    /** How many batches the writer had to wait for room for. */
    public long writerWaits() {
        return writerWaits.get();
    }

    public long pauseBelow() {
        return pauseBelow;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("snapline.queue.free", this, QueueSpaceGuard::freeBytes).baseUnit("bytes")
                .description("Free bytes on the queue's filesystem when last checked").register(registry);
        Gauge.builder("snapline.queue.intake.paused", this, guard -> guard.paused() ? 1 : 0)
                .description("1 while intake is paused for free space on the queue's filesystem").register(registry);
        FunctionCounter.builder("snapline.queue.intake.pauses", this, guard -> guard.pauses())
                .description("Times intake paused for free space on the queue's filesystem").register(registry);
    }

    /** Ends a writer's wait for room: the output is closing. */
    void close() {
        closing = true;
    }
}
