package io.snapline.queue.chronicle;

import io.snapline.records.BatchView;
import io.snapline.tailer.TailerPositions;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.bytes.SyncMode;
import net.openhft.chronicle.core.time.SystemTimeProvider;
import net.openhft.chronicle.core.time.TimeProvider;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.TailerDirection;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.wire.DocumentContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Owns the Chronicle Queue directory: opens it with hourly cycles, reads the last whole batch's
 * positions back for a restart, forces written batches to disk as {@link QueueSync} says, and
 * deletes cycle files older than the retention.
 */
public final class QueueStore implements AutoCloseable {

    /** Hourly cycle files, like the node's own; readers open the queue with the same cycle. */
    static final RollCycles ROLL_CYCLE = RollCycles.FAST_HOURLY;

    private static final long RETENTION_CHECK_NANOS = TimeUnit.MINUTES.toNanos(1);

    private static final Logger LOG = LoggerFactory.getLogger("snapline.queue");
    private static final long MIN_BLOCK_SIZE = 64L << 20;
    /**
     * How long Chronicle waits on a header left locked or unfinished before it recovers it. Safe
     * only because this queue has one writer: {@link OutputLock} refuses a second engine, so a
     * header still in progress at start was left by a writer that died (a kill -9 while a cycle
     * file was created or appended to), never by a live one. Chronicle waits 10 s by default, and
     * more than once; this makes a restart after a crash take well under a second.
     */
    static final long RECOVERY_TIMEOUT_MS = 250;

    private final Path directory;
    private final Duration retention;
    private final QueueSync sync;
    private final boolean startFreshWhenUnreadable;
    private final long blockSize;
    private final SingleChronicleQueue queue;
    private final AtomicLong retentionFailures = new AtomicLong();
    private final AtomicLong syncs = new AtomicLong();
    private long nextRetentionCheck = System.nanoTime();
    private long nextSyncNanos = System.nanoTime();

    /**
     * @param retention        how long cycle files are kept; zero keeps them forever
     * @param maxDocumentBytes the largest batch document the engine may write
     */
    public QueueStore(Path directory, Duration retention, long maxDocumentBytes) {
        this(directory, retention, maxDocumentBytes, QueueSync.NONE, false, SystemTimeProvider.INSTANCE);
    }

    /**
     * @param sync                      when the mapped file is forced to disk
     * @param startFreshWhenUnreadable  when the queue has documents but none is a whole batch: resume
     *                                  as a new queue (and warn) instead of refusing to start
     * @param time                      the clock the queue names its hourly cycles by (a test rolls it)
     */
    public QueueStore(Path directory, Duration retention, long maxDocumentBytes, QueueSync sync,
               boolean startFreshWhenUnreadable, TimeProvider time) {
        this.directory = directory;
        this.retention = retention;
        this.sync = sync;
        this.startFreshWhenUnreadable = startFreshWhenUnreadable;
        // Chronicle refuses a single write over a quarter of its block size. Blocks are mapped
        // lazily and files are sparse, so a large block costs address space, not memory or disk.
        this.blockSize = Math.max(MIN_BLOCK_SIZE, Long.highestOneBit(4 * maxDocumentBytes - 1) << 1);
        // SyncMode.NONE makes the appender's sync() a no-op, so any other policy needs SYNC here;
        // when a sync happens is this class's choice (afterWrite), not Chronicle's.
        this.queue = ChronicleQueue.singleBuilder(directory).rollCycle(ROLL_CYCLE).timeProvider(time)
                .syncMode(sync.mode() == QueueSync.Mode.NONE ? SyncMode.NONE : SyncMode.SYNC)
                .blockSize(blockSize).timeoutMS(RECOVERY_TIMEOUT_MS).build();
    }

    /** The largest document this queue accepts in one write. */
    public long maxDocumentBytes() {
        return blockSize / 4;
    }

    /** The size Chronicle maps a cycle file in: a write crossing into a new block maps all of it. */
    public long blockSize() {
        return blockSize;
    }

    public SingleChronicleQueue queue() {
        return queue;
    }

    public Path directory() {
        return directory;
    }

    /** The raw positions bytes of the batch {@link #lastPositions()} last found, or null. */
    private byte[] lastPositionsBytes;

    /** The last whole batch's positions bytes as written (the engine's block ledger after them), or null. */
    public byte[] lastPositionsBytes() {
        return lastPositionsBytes;
    }

    /**
     * The positions stored with the last whole batch in the queue, or {@link TailerPositions#EMPTY}
     * for a new queue. This is where a restart resumes.
     *
     * <p>A document after the last whole batch that is not itself a whole batch (a host crash left
     * its header on disk but not all of its bytes, a disk filled under the writer) was never
     * acknowledged: its write did not return. Resuming from the whole batch before it reads those
     * lines again, and they are in the queue only once, because readers skip a document that is not
     * a whole batch ({@link QueueRecords#nextBatch} says so and moves past it). Logged as a WARN
     * with the indexes.
     *
     * @throws IllegalStateException when the queue has documents but no whole batch, or cycle
     *     files Chronicle fails to read: any guess would lose or repeat lines. The repair is in
     *     docs/operations.md (or {@code output.chronicle.on_unreadable: start_fresh}).
     */
    public TailerPositions lastPositions() {
        lastPositionsBytes = null;
        long torn = 0;
        long newestTorn = -1;
        long oldestTorn = -1;
        String reason = null;
        BatchView view = new BatchView();
        try (ExcerptTailer tailer = queue.createTailer()) {
            // (Chronicle's own checks on a damaged cycle file fail with runtime errors, or an
            // AssertionError under -ea: both mean the queue cannot be read, see below.)
            tailer.direction(TailerDirection.BACKWARD).toEnd();
            while (true) {
                try (DocumentContext document = tailer.readingDocument()) {
                    if (!document.isPresent()) {
                        break;
                    }
                    long index = document.index();
                    Bytes<?> bytes = document.wire().bytes();
                    byte[] batch = new byte[(int) Math.min(bytes.readRemaining(), Integer.MAX_VALUE - 8)];
                    bytes.read(batch);
                    try {
                        view.wrap(batch, 0, batch.length); // checks the whole framing, not just the header
                    } catch (IllegalArgumentException e) {
                        torn++;
                        oldestTorn = index;
                        if (newestTorn < 0) {
                            newestTorn = index;
                            reason = e.getMessage();
                        }
                        continue;
                    }
                    if (torn > 0) {
                        LOG.warn("queue {}: {} document(s) after the last whole batch are not whole batches (indexes {}"
                                + " to {}: {}); they were never acknowledged, readers skip them, and the engine resumes"
                                + " from the whole batch at index {}, reading their lines again",
                                directory, torn, Long.toHexString(oldestTorn), Long.toHexString(newestTorn), reason,
                                Long.toHexString(index));
                    }
                    lastPositionsBytes = java.util.Arrays.copyOfRange(batch, view.positionsOffset(),
                            view.positionsOffset() + view.positionsLength());
                    return view.positions();
                }
            }
        } catch (RuntimeException | AssertionError e) {
            return unreadable("cycle files Chronicle cannot read (" + e + ")");
        }
        if (torn > 0) {
            return unreadable(torn + " document(s), none of them a whole Snapline batch (the newest, at index "
                    + Long.toHexString(newestTorn) + ": " + reason + ")");
        }
        // No document at all. A new queue, or cycle files whose first write never finished (a
        // kill -9 inside it), hold nothing acknowledged. But a cycle file without even Chronicle's
        // own header (truncated, zeroed by a crash, copied half) may have held batches: Chronicle
        // then finds no document and would start the queue anew, so refuse instead.
        List<String> damaged = cycleFilesWithoutHeader();
        if (!damaged.isEmpty()) {
            return unreadable("cycle files without a Chronicle header " + damaged + " (truncated or zeroed) and no"
                    + " document Chronicle can find in any cycle file");
        }
        return TailerPositions.EMPTY;
    }

    /**
     * *.cq4 files whose first word (the length of Chronicle's header document) is missing or zero.
     * Chronicle writes that header when it creates the file, before any batch.
     */
    private List<String> cycleFilesWithoutHeader() {
        File[] cycles = directory.toFile().listFiles((dir, name) -> name.endsWith(".cq4"));
        if (cycles == null) {
            return List.of();
        }
        Arrays.sort(cycles);
        List<String> damaged = new ArrayList<>();
        for (File cycle : cycles) {
            try (FileChannel channel = FileChannel.open(cycle.toPath(), StandardOpenOption.READ)) {
                ByteBuffer first = ByteBuffer.allocate(4);
                while (first.hasRemaining() && channel.read(first) >= 0) {
                    // a file shorter than 4 bytes ends the loop
                }
                if (first.hasRemaining() || first.getInt(0) == 0) {
                    damaged.add(cycle.getName());
                }
            } catch (IOException e) {
                damaged.add(cycle.getName() + " (" + e.getMessage() + ")");
            }
        }
        return damaged;
    }

    private TailerPositions unreadable(String what) {
        String message = "queue " + directory + " holds " + what + ", so where to resume cannot be known;"
                + " starting as a new queue would read every line again or skip them (start_at)";
        if (startFreshWhenUnreadable) {
            LOG.warn("{}. output.chronicle.on_unreadable is start_fresh: resuming as a new queue", message);
            return TailerPositions.EMPTY;
        }
        throw new IllegalStateException(message + ". Refusing to start: move the queue directory aside (its"
                + " readers keep what it holds), or set output.chronicle.on_unreadable: start_fresh;"
                + " see docs/operations.md, \"The queue and its disk\"");
    }

    /**
     * Called by the writer after each batch: forces it to disk as {@link QueueSync} says, and at
     * most once a minute applies the retention. A
     * failed delete must not fail the batch, which is already durable: it is counted and retried
     * at the next check.
     */
    void afterWrite(ExcerptAppender appender) {
        syncAfterWrite(appender);
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

    private void syncAfterWrite(ExcerptAppender appender) {
        switch (sync.mode()) {
            case NONE -> {
                return;
            }
            case INTERVAL -> {
                long now = System.nanoTime();
                if (now - nextSyncNanos < 0) {
                    return;
                }
                nextSyncNanos = now + sync.interval().toNanos();
            }
            case BATCH -> {
                // every batch
            }
        }
        appender.sync(); // msync of the cycle file's mapping up to what was written
        syncs.incrementAndGet();
    }

    /** How many times the writer forced the queue to disk. */
    public long syncs() {
        return syncs.get();
    }

    public QueueSync sync() {
        return sync;
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
