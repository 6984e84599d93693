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

    /** Blocks the reader until the gate opens again or {@code stopping} says the engine is closing. */
    void awaitOpen(BooleanSupplier stopping) throws InterruptedException;
}
