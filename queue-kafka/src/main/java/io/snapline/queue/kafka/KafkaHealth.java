package io.snapline.queue.kafka;

import io.snapline.engine.IntakeGate;

import java.util.function.BooleanSupplier;

/**
 * Whether the Kafka output can take batches, for {@code /healthz}: closed, with the reason naming
 * the output, while the sink retries a failed transaction or a commit has been waiting on the
 * broker longer than {@link #SLOW_COMMIT} (a broker down makes a commit wait up to the producer's
 * delivery timeout before it fails), open again once a transaction commits. The writer is then blocked in its retries anyway, the ring fills and the reader waits;
 * closing the gate says why in words. Written by the writer thread, read by any.
 */
final class KafkaHealth implements IntakeGate {

    /** A commit waiting this long means the broker is unreachable or stalled. */
    static final long SLOW_COMMIT_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(3);
    static final String SLOW_COMMIT = "3 s";

    private final String output;
    private final Object lock = new Object();
    private volatile String problem;
    private volatile long commitStartedNanos;
    private volatile boolean committing;

    KafkaHealth(String output) {
        this.output = output;
    }

    /** The writer is about to call the producer where it may wait on the broker: sends, a commit. */
    void waiting() {
        commitStartedNanos = System.nanoTime();
        committing = true;
    }

    /** Those calls returned; a failure they left is reported through {@link #failing}. */
    void doneWaiting() {
        committing = false;
    }

    void failing(String what) {
        problem = output + ": " + what + "; retrying, nothing is dropped";
    }

    void healthy() {
        committing = false;
        if (problem != null) {
            synchronized (lock) {
                problem = null;
                lock.notifyAll();
            }
        }
    }

    @Override
    public boolean isOpen() {
        return problem == null && !slowCommit();
    }

    @Override
    public String closedReason() {
        String reason = problem;
        if (reason == null && slowCommit()) {
            reason = output + ": has waited for the broker for "
                    + (System.nanoTime() - commitStartedNanos) / 1_000_000_000 + " s (more than " + SLOW_COMMIT
                    + "); waiting, nothing is dropped";
        }
        return reason;
    }

    private boolean slowCommit() {
        return committing && System.nanoTime() - commitStartedNanos > SLOW_COMMIT_NANOS;
    }

    @Override
    public void awaitOpen(BooleanSupplier stopping) throws InterruptedException {
        synchronized (lock) {
            while (!isOpen() && !stopping.getAsBoolean()) {
                lock.wait(100); // stopping has no signal of its own: look again at this pace
            }
        }
    }
}
