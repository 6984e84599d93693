package io.snapline.sidecar.ops;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * One named daemon thread per component: named so a thread dump says whose it is, daemon so a
 * component someone forgot to close never keeps the JVM from exiting. It remembers the threads it
 * made, so that {@link #stop} can return only once they have ended.
 */
public final class DaemonThreads implements ThreadFactory {

    /**
     * How long a component's close waits for its thread. Their tasks are short (a sample, a log
     * line, an HTTP answer) and end at the interrupt; the sidecar stops four of them in a row, and
     * {@code shutdown.timeout} has to hold all four (config's {@code ShutdownBudget}).
     */
    public static final Duration STOP_TIMEOUT = Duration.ofSeconds(2);

    private final String name;
    private final List<Thread> made = new CopyOnWriteArrayList<>();

    DaemonThreads(String name) {
        this.name = name;
    }

    @Override
    public Thread newThread(Runnable task) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        made.add(thread);
        return thread;
    }

    /** {@link #stop(ExecutorService, Duration)} with {@link #STOP_TIMEOUT}. */
    boolean stop(ExecutorService executor) {
        return stop(executor, STOP_TIMEOUT);
    }

    /**
     * Stops {@code executor}, made with this factory, and waits until its threads have ended.
     * {@link ExecutorService#awaitTermination} alone is not enough: termination is signalled from
     * the worker thread itself, which is still alive for a moment afterwards (a test that listed
     * threads right after a sidecar's close once saw the watchdog's). Keeps the interrupt flag.
     *
     * @return false if {@code timeout} passed first, or the waiting thread was interrupted
     */
    boolean stop(ExecutorService executor, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        executor.shutdownNow();
        try {
            if (!executor.awaitTermination(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                return false;
            }
            for (Thread thread : made) {
                long left = deadline - System.nanoTime();
                if (left <= 0 && thread.isAlive()) {
                    return false;
                }
                thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
                if (thread.isAlive()) {
                    return false;
                }
                made.remove(thread);
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
