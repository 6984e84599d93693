package io.snapline.engine.testing;

import io.snapline.engine.IntakeGate;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/**
 * An intake gate that is always open and counts the reader's polls: the reader asks it after
 * every one. Lets a test wait for "the engine has polled N more times" (a discovery seen with a
 * directory missing, a child engine that is really reading) instead of sleeping.
 */
public final class PollCountingGate implements IntakeGate {

    private final AtomicLong polls = new AtomicLong();

    public long count() {
        return polls.get();
    }

    @Override
    public boolean isOpen() {
        polls.incrementAndGet();
        return true;
    }

    @Override
    public void awaitOpen(BooleanSupplier stopping) {
    }
}
