package io.snapline.queue.chronicle;

import java.time.Duration;
import java.util.Locale;

/**
 * When the queue's mapped file is forced to disk ({@code msync}). Without a sync, "durable" means
 * "in the page cache of a mapped file": it survives the process (a kill -9 included) but not the
 * host (a kernel panic or a power cut can lose the tail, or leave a document half on disk). A batch
 * carries its own positions, so whatever the mode, a host crash can only lose a tail of whole batches
 * together with their positions: those lines are read again from the node's files, never twice.
 *
 * @param mode     none, after every batch, or at most once an interval
 * @param interval for {@link Mode#INTERVAL}, the longest a written batch waits for its sync; zero otherwise
 */
public record QueueSync(Mode mode, Duration interval) {

    /** The kernel writes dirty pages back on its own schedule (about 30 s on Linux by default). */
    public static final QueueSync NONE = new QueueSync(Mode.NONE, Duration.ZERO);
    /** Every batch is on disk before its write returns. */
    public static final QueueSync BATCH = new QueueSync(Mode.BATCH, Duration.ZERO);

    public enum Mode { NONE, BATCH, INTERVAL }

    public QueueSync {
        if (mode == Mode.INTERVAL ? interval.isNegative() || interval.isZero() : !interval.isZero()) {
            throw new IllegalArgumentException("sync interval must be positive for interval and zero otherwise; got "
                    + mode + " " + interval);
        }
    }

    public static QueueSync every(Duration interval) {
        return new QueueSync(Mode.INTERVAL, interval);
    }

    /** As the config writes it: {@code none}, {@code batch}, {@code interval 1s}. */
    @Override
    public String toString() {
        return mode == Mode.INTERVAL ? "interval " + interval.toString().substring(2).toLowerCase(Locale.ROOT)
                : mode.name().toLowerCase(Locale.ROOT);
    }
}
