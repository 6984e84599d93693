package io.snapline.engine;

import java.util.function.BooleanSupplier;

/**
 * Lets something outside the pipeline hold the reader back between polls: the memory watchdog
 * closes it above the critical threshold, so intake slows instead of the process dying. Asked on
 * the reader thread after every poll, so {@link #isOpen()} must be a cheap read.
 */
public interface IntakeGate {

    IntakeGate ALWAYS_OPEN = new IntakeGate() {
        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        public void awaitOpen(BooleanSupplier stopping) {
        }
    };

    boolean isOpen();

    /**
     * Why the gate is closed, in words for {@code /healthz}, or null when it is open (or the gate
     * has nothing to say). A cheap read, like {@link #isOpen()}.
     */
    default String closedReason() {
        return null;
    }

    /**
     * Open only while both are: the memory watchdog's gate and the output's (free disk space)
     * hold the reader back independently. Waits for one, then the other, until both are open.
     */
    static IntakeGate both(IntakeGate first, IntakeGate second) {
        if (second == ALWAYS_OPEN) {
            return first;
        }
        if (first == ALWAYS_OPEN) {
            return second;
        }
        return new IntakeGate() {
            @Override
            public boolean isOpen() {
                return first.isOpen() & second.isOpen(); // both asked, so each keeps its own state fresh
            }

            @Override
            public void awaitOpen(BooleanSupplier stopping) throws InterruptedException {
                while (!stopping.getAsBoolean() && !(first.isOpen() && second.isOpen())) {
                    first.awaitOpen(stopping);
                    second.awaitOpen(stopping);
                }
            }

            @Override
            public String closedReason() {
                String reason = first.closedReason();
                return reason != null ? reason : second.closedReason();
            }
        };
    }

    /** Blocks the reader until the gate opens again or {@code stopping} says the engine is closing. */
    void awaitOpen(BooleanSupplier stopping) throws InterruptedException;
}
