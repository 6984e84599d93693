package io.snapline.queue.kafka;

import io.snapline.engine.IntakeGate;

import java.util.function.BooleanSupplier;

/**
 * Whether the Kafka output can take batches, for {@code /healthz}: closed, with the reason naming
 * the output, while the sink cannot reach the broker or commit, open again once a transaction
 * commits. The writer is then blocked in its retries anyway, the ring fills and the reader waits;
 * closing the gate says why in words. Written by the writer thread, read by any.
 */
final class KafkaHealth implements IntakeGate {

    private final String output;
    private final Object lock = new Object();
    private volatile String problem;

    KafkaHealth(String output) {
        this.output = output;
    }

    void failing(String what) {
        problem = output + ": " + what + "; retrying, nothing is dropped";
    }

    void healthy() {
        if (problem != null) {
            synchronized (lock) {
                problem = null;
                lock.notifyAll();
            }
        }
    }

    @Override
    public boolean isOpen() {
        return problem == null;
    }

    @Override
    public String closedReason() {
        return problem;
    }

    @Override
    public void awaitOpen(BooleanSupplier stopping) throws InterruptedException {
        synchronized (lock) {
            while (problem != null && !stopping.getAsBoolean()) {
                lock.wait(100); // stopping has no signal of its own: look again at this pace
            }
        }
    }
}
