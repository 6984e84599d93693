package io.snapline.sidecar.ops;

import io.snapline.sidecar.Units;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Shows progress while a backlog is read: after a restart hours behind, the person at the
 * terminal wants to know how far along it is and when it will be done.
 *
 * <p>A backlog starts when the lag reaches {@code backlogBytes} and ends once the lag has stayed
 * under {@link #CAUGHT_UP_BYTES} for {@link #SETTLE}: never exactly 0 while a node writes, since
 * the lag counts a partial last line and what arrived since the last read. Percent, rate and ETA
 * are measured from the start of the backlog: done = bytes read since then, total = done + lag
 * now (the total grows while the node keeps writing).
 *
 * <p>On a terminal it redraws one line on the stream with {@code '\r'} twice a second, and ends
 * the line when the backlog is done. Elsewhere (a log file, systemd) it prints a plain line every
 * {@code plainEvery} during a backlog, since a carriage return there only makes a mess, and one
 * line when caught up. Nothing is printed while caught up.
 */
public final class ProgressReporter implements AutoCloseable {

    public static final long DEFAULT_BACKLOG_BYTES = 32L << 20;
    static final long CAUGHT_UP_BYTES = 1L << 20;
    static final Duration SETTLE = Duration.ofSeconds(3);
    static final Duration TICK = Duration.ofMillis(500);
    public static final Duration DEFAULT_PLAIN_EVERY = Duration.ofSeconds(5);
    static final String THREAD_NAME = "snapline-progress";
    private static final int BAR_WIDTH = 30;

    private final LongSupplier bytesRead;
    private final LongSupplier lagBytes;
    private final LongSupplier linesRead;
    private final PrintStream out;
    private final boolean terminal;
    private final long backlogBytes;
    private final long plainEveryNanos;
    private final LongSupplier nanoClock;
    private final DaemonThreads threads = new DaemonThreads(THREAD_NAME);
    private final ScheduledExecutorService thread;

    /** Reporter thread only (or the test's). */
    private boolean inBacklog;
    private long startNanos;
    private long startBytes;
    private long startLines;
    private long caughtUpSince = -1;
    private long lastPlainNanos;
    private int drawnWidth;

    /** On stderr; a progress bar if the JVM has a console, plain lines if not. */
    public ProgressReporter(LongSupplier bytesRead, LongSupplier lagBytes, LongSupplier linesRead) {
        this(bytesRead, lagBytes, linesRead, System.err, System.console() != null, DEFAULT_BACKLOG_BYTES,
                DEFAULT_PLAIN_EVERY);
    }

    /**
     * @param bytesRead    bytes read so far (monotonic), ideally in the same unit as the lag
     * @param lagBytes     bytes not yet read, now
     * @param linesRead    lines read so far (monotonic)
     * @param out          where to draw
     * @param terminal     draw a bar with carriage returns (true) or print plain lines
     * @param backlogBytes the lag from which reading counts as catching up
     * @param plainEvery   how often a plain line is printed during a backlog
     */
    public ProgressReporter(LongSupplier bytesRead, LongSupplier lagBytes, LongSupplier linesRead, PrintStream out,
                            boolean terminal, long backlogBytes, Duration plainEvery) {
        this(bytesRead, lagBytes, linesRead, out, terminal, backlogBytes, plainEvery, System::nanoTime, true);
    }

    /** Tests: their own clock, and no thread unless asked, so that they call {@link #tick()}. */
    ProgressReporter(LongSupplier bytesRead, LongSupplier lagBytes, LongSupplier linesRead, PrintStream out,
                     boolean terminal, long backlogBytes, Duration plainEvery, LongSupplier nanoClock, boolean schedule) {
        this.bytesRead = Objects.requireNonNull(bytesRead, "bytesRead");
        this.lagBytes = Objects.requireNonNull(lagBytes, "lagBytes");
        this.linesRead = Objects.requireNonNull(linesRead, "linesRead");
        this.out = Objects.requireNonNull(out, "out");
        this.terminal = terminal;
        if (backlogBytes <= 0) {
            throw new IllegalArgumentException("backlogBytes must be positive: " + backlogBytes);
        }
        this.backlogBytes = backlogBytes;
        this.plainEveryNanos = plainEvery.toNanos();
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
        if (schedule) {
            thread = Executors.newSingleThreadScheduledExecutor(threads);
            long period = TICK.toNanos();
            thread.scheduleWithFixedDelay(this::tickSafely, 0, period, TimeUnit.NANOSECONDS);
        } else {
            thread = null;
        }
    }

    private void tickSafely() {
        try {
            tick();
        } catch (RuntimeException e) {
            // A supplier threw (the engine is closing); the next tick tries again.
        }
    }

    /** One look at the suppliers: starts or ends a backlog, draws or prints if due. */
    synchronized void tick() {
        long now = nanoClock.getAsLong();
        long lag = Math.max(0, lagBytes.getAsLong());
        long read = bytesRead.getAsLong();
        long lines = linesRead.getAsLong();
        if (!inBacklog) {
            if (lag < backlogBytes) {
                return;
            }
            inBacklog = true;
            startNanos = now;
            startBytes = read;
            startLines = lines;
            caughtUpSince = -1;
            lastPlainNanos = now - plainEveryNanos; // the first plain line at once
        }
        Progress progress = new Progress(read - startBytes, lag, lines - startLines, (now - startNanos) / 1e9);
        if (lag > Math.min(CAUGHT_UP_BYTES, backlogBytes)) {
            caughtUpSince = -1;
        } else if (caughtUpSince < 0) {
            caughtUpSince = now;
        } else if (now - caughtUpSince >= SETTLE.toNanos()) {
            inBacklog = false;
            show(progress.caughtUp(), true);
            return;
        }
        if (terminal) {
            show("[" + bar(progress.fraction(), BAR_WIDTH) + "] " + progress.describe(), false);
        } else if (now - lastPlainNanos >= plainEveryNanos) {
            lastPlainNanos = now;
            show("catching up: " + progress.describe(), true);
        }
    }

    /** On a terminal, overwrites the line drawn before, padding over what it left. */
    private void show(String text, boolean endLine) {
        if (terminal) {
            int pad = Math.max(0, drawnWidth - text.length());
            out.print("\r" + text + " ".repeat(pad) + (endLine ? System.lineSeparator() : ""));
            drawnWidth = endLine ? 0 : text.length();
        } else {
            out.println(text);
        }
        out.flush();
    }

    /** What has been read of a backlog since it started. */
    record Progress(long doneBytes, long lagBytes, long doneLines, double seconds) {

        double fraction() {
            long total = doneBytes + lagBytes;
            return total <= 0 ? 1 : Math.max(0, (double) doneBytes / total);
        }

        /** Seconds until caught up at the average rate so far, or -1 while there is no rate yet. */
        long etaSeconds() {
            return eta(doneBytes, lagBytes, seconds);
        }

        String describe() {
            return String.format(Locale.ROOT, "%5.1f%%  %s read, %s to go  %s lines/s  ETA %s", fraction() * 100,
                    Units.roundedSize(doneBytes), Units.roundedSize(lagBytes),
                    Units.roundedCount(seconds <= 0 ? 0 : doneLines / seconds), Units.roundedDuration(etaSeconds()));
        }

        String caughtUp() {
            return "caught up: " + Units.roundedSize(doneBytes) + ", " + Units.roundedCount(doneLines) + " lines in "
                    + Units.roundedDuration((long) seconds);
        }
    }

    /** {@code ########......}: {@code width} cells, the done ones filled; fraction clamped to [0, 1]. */
    static String bar(double fraction, int width) {
        double clamped = Double.isNaN(fraction) ? 0 : Math.min(1, Math.max(0, fraction));
        int filled = (int) Math.floor(clamped * width);
        return "#".repeat(filled) + ".".repeat(width - filled);
    }

    /**
     * Seconds to read {@code lagBytes} at the rate {@code doneBytes} took {@code seconds}; -1 if
     * there is no rate yet (under a second, or nothing read). 0 when nothing is left.
     */
    static long eta(long doneBytes, long lagBytes, double seconds) {
        if (lagBytes <= 0) {
            return 0;
        }
        if (doneBytes <= 0 || seconds < 1) {
            return -1;
        }
        return (long) Math.ceil(lagBytes / (doneBytes / seconds));
    }

    /** Stops drawing; a bar left mid-line is ended so that what is printed next starts clean. */
    @Override
    public void close() {
        if (thread != null) {
            threads.stop(thread);
        }
        synchronized (this) {
            if (drawnWidth > 0) {
                out.println();
                out.flush();
                drawnWidth = 0;
            }
        }
    }
}
