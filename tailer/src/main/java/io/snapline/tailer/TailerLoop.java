package io.snapline.tailer;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;

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
    /** How long {@link #close()} waits for the current poll before interrupting it. */
    public static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);
    /** What the after-poll hook receives, instead of bytes read, when the loop is stopping. */
    public static final long STOPPING = -1;

    private final Tailer tailer;
    private final DirectoryWatcher watcher;
    private final long maxIdleNanos;
    private final LongConsumer afterEachPoll;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile Throwable failure;
    /** What the watch covers, as of its last refresh: for tests and diagnostics, never read by the loop. */
    private volatile List<Path> watched = List.of();

    public TailerLoop(Tailer tailer, Duration maxIdle, String threadName) throws IOException {
        this(tailer, maxIdle, threadName, bytesRead -> { });
    }

    /**
     * @param afterEachPoll runs on the loop's thread after every poll with the bytes it read, and
     *                      once more with {@link #STOPPING} when the loop stops; the tailer's state may be
     *                      read there: a consumer hands on what it gathered, samples lag, …
     */
    public TailerLoop(Tailer tailer, Duration maxIdle, String threadName, LongConsumer afterEachPoll) throws IOException {
        this.tailer = tailer;
        this.afterEachPoll = afterEachPoll;
        this.watcher = new DirectoryWatcher();
        this.maxIdleNanos = Math.max(MIN_IDLE_NANOS, maxIdle.toNanos());
        this.thread = new Thread(this::run, threadName);
        this.thread.setDaemon(true); // a sink blocked for good must not keep the JVM from exiting
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
                    watch();
                    nextWatchRefresh = System.nanoTime() + WATCH_REFRESH_NANOS;
                }
                long read = tailer.poll();
                afterEachPoll.accept(read);
                if (read > 0) {
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
                    watch();
                }
            }
            afterEachPoll.accept(STOPPING); // the consumer hands on whatever it still holds
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable t) {
            failure = t;
        }
    }

    /** Refreshes the watch; at most once a second, or when a watched directory got a new entry. */
    private void watch() {
        List<Path> directories = tailer.watchDirectories();
        watcher.watch(directories);
        watched = List.copyOf(directories);
    }

    /** The directories the watch was last asked to cover. */
    public List<Path> watchedDirectories() {
        return watched;
    }

    /**
     * Stops after the current poll, waits for the thread, and closes the tailer and the watch.
     *
     * <p>A thread still busy after {@link #STOP_TIMEOUT} (a sink blocked) is interrupted and given
     * another {@link #STOP_TIMEOUT}. If it is still running then, the tailer is <em>not</em>
     * closed underneath it: {@link #failure()} says why, and the daemon thread cannot keep the JVM
     * alive. Called from the loop's own thread (a sink or listener), it only asks the loop to stop.
     */
    @Override
    public void close() throws IOException {
        running = false;
        if (Thread.currentThread() == thread) {
            return;
        }
        try {
            thread.join(STOP_TIMEOUT.toMillis());
            if (thread.isAlive()) {
                thread.interrupt();
                thread.join(STOP_TIMEOUT.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            failure = new IllegalStateException("tailer thread " + thread.getName() + " did not stop within "
                    + STOP_TIMEOUT.multipliedBy(2) + "; its files stay open");
            return;
        }
        try {
            tailer.close();
        } finally {
            watcher.close();
        }
    }
}
