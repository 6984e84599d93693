package io.snapline.queue.chronicle;

import java.time.Duration;

/**
 * How the Chronicle output keeps its queue ({@code output.chronicle.*} in the config).
 *
 * @param retention                 how long hourly cycle files are kept; zero keeps them forever
 * @param sync                      when written batches are forced to disk
 * @param minFreeBytes              free bytes on the queue's filesystem under which intake pauses;
 *                                  {@link #DEFAULT_MIN_FREE} for one block plus two of the largest batch
 * @param startFreshWhenUnreadable  a queue with documents but no whole batch resumes as a new queue
 *                                  (warned) instead of refusing to start
 */
public record ChronicleOptions(Duration retention, QueueSync sync, long minFreeBytes, boolean startFreshWhenUnreadable) {

    /** Stands for the default free-space floor, which depends on the largest batch. */
    public static final long DEFAULT_MIN_FREE = 0;

    public static final ChronicleOptions DEFAULTS =
            new ChronicleOptions(ChronicleOutput.DEFAULT_RETENTION, QueueSync.NONE, DEFAULT_MIN_FREE, false);

    public ChronicleOptions {
        if (retention.isNegative()) {
            throw new IllegalArgumentException("queue retention must not be negative; got " + retention);
        }
        if (minFreeBytes < 0) {
            throw new IllegalArgumentException("min_free_space must not be negative; got " + minFreeBytes);
        }
    }

    public ChronicleOptions withRetention(Duration value) {
        return new ChronicleOptions(value, sync, minFreeBytes, startFreshWhenUnreadable);
    }

    public ChronicleOptions withSync(QueueSync value) {
        return new ChronicleOptions(retention, value, minFreeBytes, startFreshWhenUnreadable);
    }

    public ChronicleOptions withMinFreeBytes(long value) {
        return new ChronicleOptions(retention, sync, value, startFreshWhenUnreadable);
    }

    public ChronicleOptions withStartFreshWhenUnreadable(boolean value) {
        return new ChronicleOptions(retention, sync, minFreeBytes, value);
    }

    /** The least {@code minFreeBytes} may be for batches of up to {@code largestBatch} bytes. */
    public static long leastMinFree(long largestBatch) {
        return largestBatch + QueueSpaceGuard.WRITER_SLACK;
    }

    /** The floor for a queue of {@code blockSize} blocks: a new block mapped whole, and two batches. */
    static long defaultMinFree(long blockSize, long largestBatch) {
        return blockSize + 2 * largestBatch + QueueSpaceGuard.WRITER_SLACK;
    }
}
