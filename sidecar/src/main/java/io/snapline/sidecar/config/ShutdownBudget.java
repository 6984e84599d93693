package io.snapline.sidecar.config;

import io.snapline.engine.ring.Pipeline;
import io.snapline.sidecar.Units;
import io.snapline.sidecar.ops.DaemonThreads;
import io.snapline.tailer.TailerLoop;

import java.time.Duration;

/**
 * What an orderly stop may take, part by part, each bounded by a timeout of its own, in the order
 * {@code Sidecar.close()} spends them: the reader's stop (its current poll, then once more after
 * an interrupt), the engine's drain, the ring's thread joins, the sidecar's own threads, and an
 * allowance for closing the queue. {@code shutdown.timeout} must hold their sum: otherwise a stop
 * under load, where each part runs to its bound, is forced with exit 1 although every part kept
 * to its own limit.
 *
 * <p>Only the drain is configurable; the other parts are the components' own constants, taken
 * from where they are kept so that a change there moves the sum here.
 *
 * @param drain the engine's drain timeout ({@code engine.drain_timeout})
 */
public record ShutdownBudget(Duration drain) {

    /** {@code TailerLoop.close()}: one stop timeout for the current poll, one more after the interrupt. */
    public static final Duration READER_STOP = TailerLoop.STOP_TIMEOUT.multipliedBy(2);
    /**
     * The sidecar's components with a thread each, stopped one after another, each waiting up to
     * {@link DaemonThreads#STOP_TIMEOUT}: memory watchdog, metrics server, status logger,
     * progress display (see {@code Sidecar}).
     */
    public static final int SIDECAR_THREADS = 4;
    public static final Duration SIDECAR_THREADS_STOP = DaemonThreads.STOP_TIMEOUT.multipliedBy(SIDECAR_THREADS);
    /**
     * Closing the queue and the meters and printing the summary have no timeout of their own;
     * measured in milliseconds, this leaves them seconds.
     */
    public static final Duration CLOSE_ALLOWANCE = Duration.ofSeconds(2);
    /** The parts other than the drain. */
    public static final Duration FIXED = READER_STOP.plus(Pipeline.JOIN_TIMEOUT).plus(SIDECAR_THREADS_STOP)
            .plus(CLOSE_ALLOWANCE);

    /** The sum of every part: the least {@code shutdown.timeout} that holds them. */
    public Duration total() {
        return FIXED.plus(drain);
    }

    public boolean fitsIn(Duration shutdownTimeout) {
        return total().compareTo(shutdownTimeout) <= 0;
    }

    /** "reader stop 10s + engine.drain_timeout 10s + ring thread joins 5s + ...", for check and errors. */
    public String describe() {
        return "reader stop " + Units.exactDuration(READER_STOP)
                + " + engine.drain_timeout " + Units.exactDuration(drain)
                + " + ring thread joins " + Units.exactDuration(Pipeline.JOIN_TIMEOUT)
                + " + sidecar threads " + Units.exactDuration(SIDECAR_THREADS_STOP)
                + " + closing the queue " + Units.exactDuration(CLOSE_ALLOWANCE)
                + " = " + Units.exactDuration(total());
    }
}
