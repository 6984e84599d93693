package io.snapline.nodegen;

import java.io.IOException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;

/**
 * Holds a run to a steady number of lines per second. Each line is due at a fixed time from the
 * start, so sleeping late or writing slowly is caught up rather than lowering the rate.
 */
final class Pacer {

    /** Waits shorter than this are not worth a sleep: the line goes out a little early. */
    private static final long MIN_WAIT_NANOS = 1_000_000L;
    /** Sleep in slices, so a stop request is seen within this long. */
    private static final long MAX_SLICE_NANOS = 50_000_000L;

    /** What to do before going to sleep: write out what is buffered, so a tailer sees it. */
    interface BeforeWaiting {
        void run() throws IOException;
    }

    private final double nanosPerLine;
    private final LongSupplier nanoClock;
    private final LongConsumer park;
    private long startNanos = Long.MIN_VALUE;

    Pacer(double linesPerSecond) {
        this(linesPerSecond, System::nanoTime, LockSupport::parkNanos);
    }

    /** Tests: a clock of their own, and a park that moves it, so pacing is checked without real time. */
    Pacer(double linesPerSecond, LongSupplier nanoClock, LongConsumer park) {
        this.nanosPerLine = 1e9 / linesPerSecond;
        this.nanoClock = nanoClock;
        this.park = park;
    }

    /**
     * Waits until line {@code index} (counted from 0) is due.
     *
     * @return false if a stop was requested or the thread interrupted while waiting
     */
    boolean awaitTurn(long index, BeforeWaiting beforeWaiting, BooleanSupplier stopRequested) throws IOException {
        long now = nanoClock.getAsLong();
        if (startNanos == Long.MIN_VALUE) {
            startNanos = now;
        }
        long due = startNanos + (long) (index * nanosPerLine);
        if (due - now < MIN_WAIT_NANOS) {
            return true;
        }
        beforeWaiting.run();
        for (long wait = due - nanoClock.getAsLong(); wait > 0; wait = due - nanoClock.getAsLong()) {
            if (stopRequested.getAsBoolean() || Thread.currentThread().isInterrupted()) {
                return false;
            }
            park.accept(Math.min(wait, MAX_SLICE_NANOS));
        }
        return true;
    }
}
