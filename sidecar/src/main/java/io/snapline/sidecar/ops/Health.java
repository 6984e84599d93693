package io.snapline.sidecar.ops;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Whether the engine is alive and making progress. Healthy when it runs, has not failed, and is
 * not stalled. Stalled means there are unread bytes and nothing has been written for
 * {@code stallAfter}: an engine that is caught up and idle (no lag) is healthy however long
 * nothing arrives.
 *
 * <p>Progress is observed when {@link #check()} is called, so a stall is reported at most one
 * check interval late: when the written count has moved since the previous check, the progress
 * time is taken as now. Lag counts the bytes of a partial last line too, so a node that stops
 * writing in the middle of a line reads as stalled here after {@code stallAfter}; that is worth
 * a look either way.
 *
 * <p>{@link HealthCondition}s add what the engine cannot see itself (intake paused for disk space,
 * unreadable files): the first unhealthy one is the answer when the engine itself is fine, else the
 * first degraded one.
 */
public final class Health {

    private final BooleanSupplier running;
    private final Supplier<Throwable> failure;
    private final LongSupplier linesWritten;
    private final LongSupplier lagBytes;
    private final long stallAfterNanos;
    private final LongSupplier nanoClock;
    private final List<HealthCondition> conditions;

    private long lastWritten;
    /** Last time lines were written or nothing was waiting to be read. */
    private long lastProgressNanos;

    /**
     * @param running      whether the engine is running
     * @param failure      why it stopped on its own, or null
     * @param linesWritten lines made durable so far (monotonic)
     * @param lagBytes     bytes in the tailed files not yet read, now
     * @param stallAfter   how long lag may stand with nothing written before it counts as a stall
     * @param nanoClock    a monotonic clock in nanoseconds, {@link System#nanoTime} outside tests
     */
    public Health(BooleanSupplier running, Supplier<Throwable> failure, LongSupplier linesWritten,
                  LongSupplier lagBytes, Duration stallAfter, LongSupplier nanoClock,
                  List<HealthCondition> conditions) {
        this.running = Objects.requireNonNull(running, "running");
        this.failure = Objects.requireNonNull(failure, "failure");
        this.linesWritten = Objects.requireNonNull(linesWritten, "linesWritten");
        this.lagBytes = Objects.requireNonNull(lagBytes, "lagBytes");
        if (stallAfter.isNegative() || stallAfter.isZero()) {
            throw new IllegalArgumentException("stallAfter must be positive: " + stallAfter);
        }
        this.stallAfterNanos = stallAfter.toNanos();
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
        this.conditions = List.copyOf(conditions);
        this.lastWritten = linesWritten.getAsLong();
        this.lastProgressNanos = nanoClock.getAsLong();
    }

    public Health(BooleanSupplier running, Supplier<Throwable> failure, LongSupplier linesWritten,
                  LongSupplier lagBytes, Duration stallAfter, List<HealthCondition> conditions) {
        this(running, failure, linesWritten, lagBytes, stallAfter, System::nanoTime, conditions);
    }

    /** Synchronized: the progress bookkeeping is shared by whoever asks (HTTP thread, tests). */
    public synchronized HealthStatus check() {
        long now = nanoClock.getAsLong();
        long written = linesWritten.getAsLong();
        long lag = lagBytes.getAsLong();
        if (written != lastWritten || lag <= 0) {
            lastWritten = written;
            lastProgressNanos = now;
        }
        Throwable failed = failure.get();
        if (failed != null) {
            return HealthStatus.unhealthy("failed: " + describe(failed));
        }
        if (!running.getAsBoolean()) {
            return HealthStatus.unhealthy("not running");
        }
        HealthStatus degraded = null;
        for (HealthCondition condition : conditions) {
            HealthStatus status = condition.check();
            if (status == null) {
                continue;
            }
            if (!status.healthy()) {
                return status; // held back on purpose: say why rather than "stalled"
            }
            degraded = degraded == null ? status : degraded;
        }
        long idle = now - lastProgressNanos;
        if (idle >= stallAfterNanos) {
            String stalled = "stalled: " + lag + " bytes unread and nothing written for "
                    + TimeUnit.NANOSECONDS.toSeconds(idle) + " s";
            // The bytes that stand may be those of a file that cannot be read: say so, or the
            // operator looks for a stuck writer.
            return HealthStatus.unhealthy(degraded == null ? stalled : stalled + "; " + degraded.reason());
        }
        return degraded == null ? HealthStatus.OK : degraded;
    }

    private static String describe(Throwable failed) {
        String message = failed.getMessage();
        return message == null || message.isBlank() ? failed.getClass().getName() : message;
    }
}
