package io.snapline.engine.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Makes SIGINT and SIGTERM stop a command the way a test stops it: by interrupting the thread
 * that runs it, which then finishes its work (flushes its output, closes its files) and returns
 * an exit code.
 *
 * <p>On a signal the JVM runs its shutdown hooks and then exits with 128 + the signal number,
 * whatever the command returns. Stopping a {@code cat --follow} or a paced {@code generate} is
 * their normal end, so the hook waits for the command to finish and then halts the JVM with the
 * command's own code. Halting skips any hook still running; the commands using this hold nothing
 * that another hook must release.
 */
final class InterruptOnSignal implements AutoCloseable {

    /** How long a signal waits for the command to wind up before the JVM exits as it would. */
    private static final long GRACE_SECONDS = 10;

    private final Thread hook;
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile int exitCode = 1;

    private InterruptOnSignal(Thread worker) {
        this.hook = new Thread(() -> {
            worker.interrupt();
            try {
                if (finished.await(GRACE_SECONDS, TimeUnit.SECONDS)) {
                    Runtime.getRuntime().halt(exitCode);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "snapline-signal");
    }

    /** Until {@link #close()}, a signal interrupts the calling thread. */
    static InterruptOnSignal forCurrentThread() {
        InterruptOnSignal signals = new InterruptOnSignal(Thread.currentThread());
        Runtime.getRuntime().addShutdownHook(signals.hook);
        return signals;
    }

    /** The command is done, all its output written: a pending or later signal exits with {@code code}. */
    void finish(int code) {
        exitCode = code;
        finished.countDown();
    }

    @Override
    public void close() {
        // Ending by an exception: a signal arriving now exits as a failure.
        finished.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // The hook is running (or about to) and will halt with the code given to finish().
        }
    }
}
