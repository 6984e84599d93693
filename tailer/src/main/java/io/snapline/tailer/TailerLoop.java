package io.snapline.tailer;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Runs a {@link Tailer} on a thread of its own until closed. When there is nothing to read it
 * waits on the directory watch, backing off from 1 ms to the configured maximum, so an idle
 * tailer costs next to no CPU and a busy one never sleeps.
 *
 * <p>Owns the tailer and the watch: {@link #close()} stops the thread, then closes both.
 */
public final class TailerLoop implements AutoCloseable {

    private static final long MIN_IDLE_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final long WATCH_REFRESH_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final Tailer tailer;
    private final DirectoryWatcher watcher;
    private final long maxIdleNanos;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile Throwable failure;

    public TailerLoop(Tailer tailer, Duration maxIdle, String threadName) throws IOException {
        this.tailer = tailer;
        this.watcher = new DirectoryWatcher();
        this.maxIdleNanos = Math.max(MIN_IDLE_NANOS, maxIdle.toNanos());
        this.thread = new Thread(this::run, threadName);
    }

    public TailerLoop start() {
        thread.start();
        return this;
    }

    /** What stopped the loop early (a sink or I/O failure), or null. */
    public Throwable failure() {
        return failure;
    }

    public boolean isRunning() {
        return thread.isAlive();
    }

    private void run() {
        long idleNanos = MIN_IDLE_NANOS;
        long nextWatchRefresh = System.nanoTime();
        try {
            while (running) {
                if (System.nanoTime() - nextWatchRefresh >= 0) {
                    // Directories the node creates later (a new stream, a new day) get watched too.
                    watcher.watch(tailer.watchDirectories());
                    nextWatchRefresh = System.nanoTime() + WATCH_REFRESH_NANOS;
                }
                if (tailer.poll() > 0) {
                    idleNanos = MIN_IDLE_NANOS;
                    continue;
                }
                if (watcher.await(idleNanos)) {
                    idleNanos = MIN_IDLE_NANOS;
                } else {
                    idleNanos = Math.min(idleNanos * 2, maxIdleNanos);
                }
                if (watcher.takeNewEntry()) {
                    tailer.requestDiscovery();
                    watcher.watch(tailer.watchDirectories());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable t) {
            failure = t;
        }
    }

    /** Stops after the current poll, waits for the thread, and closes the tailer and the watch. */
    @Override
    public void close() throws IOException {
        running = false;
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            tailer.close();
        } finally {
            watcher.close();
        }
    }
}
