package io.snapline.queue.chronicle;

import io.snapline.records.BatchView;
import io.snapline.tailer.TailerPositions;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.TailerDirection;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.wire.DocumentContext;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Owns the Chronicle Queue directory: opens it with hourly cycles, reads the last batch's
 * positions back for a restart, and deletes cycle files older than the retention.
 */
public final class QueueStore implements AutoCloseable {

    /** Hourly cycle files, like the node's own; readers open the queue with the same cycle. */
    static final RollCycles ROLL_CYCLE = RollCycles.FAST_HOURLY;

    private static final long RETENTION_CHECK_NANOS = TimeUnit.MINUTES.toNanos(1);

    private final Path directory;
    private final Duration retention;
    private static final long MIN_BLOCK_SIZE = 64L << 20;
    private static final long RECOVERY_TIMEOUT_MS = 250;

    private final long blockSize;
    private final SingleChronicleQueue queue;
    private final AtomicLong retentionFailures = new AtomicLong();
    private long nextRetentionCheck = System.nanoTime();

    /**
     * @param retention        how long cycle files are kept; zero keeps them forever
     * @param maxDocumentBytes the largest batch document the engine may write
     */
    public QueueStore(Path directory, Duration retention, long maxDocumentBytes) {
        this.directory = directory;
        this.retention = retention;
        // Chronicle refuses a single write over a quarter of its block size. Blocks are mapped
        // lazily and files are sparse, so a large block costs address space, not memory or disk.
        this.blockSize = Math.max(MIN_BLOCK_SIZE, Long.highestOneBit(4 * maxDocumentBytes - 1) << 1);
        // The engine is the queue's only writer, so a header still unwritten or locked at start
        // was left by a writer that died (a kill -9 while a cycle file was being created or
        // appended to). Chronicle waits timeoutMS before recovering it, 10 s by default, and
        // more than once; a short timeout makes a restart after a crash take well under a second.
        this.queue = ChronicleQueue.singleBuilder(directory).rollCycle(ROLL_CYCLE)
                .blockSize(blockSize).timeoutMS(RECOVERY_TIMEOUT_MS).build();
    }

    /** The largest document this queue accepts in one write. */
    public long maxDocumentBytes() {
        return blockSize / 4;
    }

    public SingleChronicleQueue queue() {
        return queue;
    }

    public Path directory() {
        return directory;
    }

    /**
     * The positions stored with the last batch in the queue, or {@link TailerPositions#EMPTY} for
     * a new queue. This is where a restart resumes.
     */
    public TailerPositions lastPositions() {
        try (ExcerptTailer tailer = queue.createTailer()) {
            tailer.direction(TailerDirection.BACKWARD).toEnd();
            try (DocumentContext document = tailer.readingDocument()) {
                if (!document.isPresent()) {
                    return TailerPositions.EMPTY;
                }
                Bytes<?> bytes = document.wire().bytes();
                byte[] batch = new byte[(int) bytes.readRemaining()];
                bytes.read(batch);
                BatchView view = new BatchView();
                try {
                    view.wrap(batch, 0, batch.length); // checks the whole framing, not just the header
                } catch (IllegalArgumentException e) {
                    throw new IllegalStateException("the last document in queue " + directory
                            + " is not a whole Snapline batch; refusing to guess where to resume", e);
                }
                return view.positions();
            }
        }
    }

    /**
     * Called by the writer after each batch: at most once a minute, applies the retention. A
     * failed delete must not fail the batch, which is already durable: it is counted and retried
     * at the next check.
     */
    void afterWrite() {
        if (retention.isZero() || System.nanoTime() - nextRetentionCheck < 0) {
            return;
        }
        nextRetentionCheck = System.nanoTime() + RETENTION_CHECK_NANOS;
        try {
            deleteExpiredCycles();
        } catch (UncheckedIOException e) {
            retentionFailures.incrementAndGet();
        }
    }

    /** Retention sweeps that could not delete a file. */
    public long retentionFailures() {
        return retentionFailures.get();
    }

    /** Deletes cycle files last written longer ago than the retention, never the newest one. */
    public int deleteExpiredCycles() {
        File[] cycles = directory.toFile().listFiles((dir, name) -> name.endsWith(".cq4"));
        if (cycles == null || cycles.length < 2) {
            return 0;
        }
        Arrays.sort(cycles);
        long cutoff = System.currentTimeMillis() - retention.toMillis();
        int deleted = 0;
        for (int i = 0; i < cycles.length - 1; i++) {
            if (cycles[i].lastModified() < cutoff) {
                try {
                    Files.deleteIfExists(cycles[i].toPath());
                    deleted++;
                } catch (IOException e) {
                    throw new UncheckedIOException("could not delete expired queue cycle " + cycles[i], e);
                }
            }
        }
        if (deleted > 0) {
            queue.refreshDirectoryListing();
        }
        return deleted;
    }

    @Override
    public void close() {
        queue.close();
    }
}
