package io.snapline.sidecar.cli;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Turns SIGTERM and SIGINT into an orderly stop with exit status 0, for every command.
 *
 * <p>The JVM runs shutdown hooks on either signal, then exits with 128+signal. Our hook asks the
 * main thread to stop (and interrupts it, for commands that block: {@code cat --follow}, a paced
 * {@code generate}), waits for it to finish and close everything, and then ends the process
 * itself with the main thread's status: 0 after a clean close. If the close takes longer than
 * the timeout, the hook forces the exit with status 1 and says so. When the main thread finishes
 * on its own (a drain run, a failure), the hook finds nothing to wait for.
 */
final class ShutdownSignal implements AutoCloseable {

    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private final CountDownLatch closed = new CountDownLatch(1);
    private final Duration timeout;
    private final Thread toInterrupt;
    private final Thread hook = new Thread(this::onSignal, "snapline-shutdown");
    private volatile int exitStatus = 1;
    private volatile boolean signalled;

    private ShutdownSignal(Duration timeout, Thread toInterrupt) {
        this.timeout = timeout;
        this.toInterrupt = toInterrupt;
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** The main thread polls {@link #awaitStop} and closes what it runs (the engine's drain). */
    static ShutdownSignal polled(Duration timeout) {
        return new ShutdownSignal(timeout, null);
    }

    /** A signal also interrupts the calling thread, which is blocked in its work. */
    static ShutdownSignal interruptingCurrentThread(Duration timeout) {
        return new ShutdownSignal(timeout, Thread.currentThread());
    }

    /** Waits up to {@code millis} for a stop signal; true once one came. */
    boolean awaitStop(long millis) throws InterruptedException {
        return stopRequested.await(millis, TimeUnit.MILLISECONDS);
    }

    boolean stopRequested() {
        return stopRequested.getCount() == 0;
    }

    /** The main thread has closed everything; a waiting hook exits the process with {@code status}. */
    void closed(int status) {
        exitStatus = status;
        closed.countDown();
    }

    private void onSignal() {
        if (closed.getCount() == 0) {
            return; // the main thread finished first: a normal exit, nothing to wait for
        }
        signalled = true;
        stopRequested.countDown();
        if (toInterrupt != null) {
            toInterrupt.interrupt();
        }
        try {
            if (closed.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                Runtime.getRuntime().halt(exitStatus);
            }
            System.err.println("snapline: shutdown did not finish within " + timeout.toSeconds()
                    + " s (shutdown.timeout); forcing exit. Positions are those of the last durable batch.");
            Runtime.getRuntime().halt(1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Unregisters the hook when the main thread ends first (tests start several in one JVM). */
    @Override
    public void close() {
        closed.countDown();
        if (!signalled) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // the JVM is already shutting down: the hook runs and returns at once
            }
        }
    }
}
