package io.snapline.engine;

import io.snapline.engine.metrics.EngineMetrics;
import io.snapline.engine.ring.SlotPublisher;
import io.snapline.tailer.Tailer;
import io.snapline.tailer.TailerLoop;

import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.LongConsumer;

/**
 * What the reader thread does between two polls: hand on a lingering batch, sample lag, note
 * whether every file has been read to its end, and wait while the intake gate is closed. Runs on
 * the reader thread only, the one place the tailer's files may be walked.
 */
final class AfterPoll implements LongConsumer {

    private static final long SAMPLE_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final Tailer tailer;
    private final SlotPublisher publisher;
    private final EngineMetrics meters;
    private final EngineHooks hooks;
    private final BooleanSupplier stopping;
    private long nextSample = System.nanoTime();
    /** A poll found nothing new in any file, and what was read before it was handed on. */
    private volatile boolean caughtUp;

    AfterPoll(Tailer tailer, SlotPublisher publisher, EngineMetrics meters, EngineHooks hooks, BooleanSupplier stopping) {
        this.tailer = tailer;
        this.publisher = publisher;
        this.meters = meters;
        this.hooks = hooks;
        this.stopping = stopping;
    }

    @Override
    public void accept(long bytesRead) {
        if (bytesRead == TailerLoop.STOPPING) {
            publisher.flush();
            return;
        }
        publisher.endOfPoll();
        if (meters != null) {
            meters.sampleLag(tailer);
        }
        long now = System.nanoTime();
        if (now - nextSample >= 0) {
            nextSample = now + SAMPLE_NANOS;
            hooks.readerSample().accept(tailer);
        }
        if (bytesRead > 0) {
            caughtUp = false;
        } else if (!caughtUp) {
            // Nothing new anywhere. Lag may still show a partial last line, which cannot be read
            // until its end is written, so it does not count against being caught up.
            publisher.flush(); // nothing more is coming now: do not keep the tail waiting for the linger
            caughtUp = true;
        }
        if (!hooks.intake().isOpen()) {
            holdIntake();
        }
    }

    private void holdIntake() {
        publisher.flush(); // what was read is handed on, so it is not held hostage by the pause
        // Once more before the wait: the gate's owner learns what the reader holds now (a buffer
        // grown for a long line this poll), which no pause can free, before it decides on a pause
        // that no reader sample would interrupt.
        hooks.readerSample().accept(tailer);
        try {
            hooks.intake().awaitOpen(stopping);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    boolean caughtUp() {
        return caughtUp;
    }
}
