package io.snapline.sidecar.ops;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import io.micrometer.core.instrument.search.Search;
import io.snapline.sidecar.Units;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * One INFO line every interval on logger {@code snapline.status}, for whoever reads the log
 * rather than a dashboard:
 *
 * <pre>
 * lines/s 182340 | records/s 181207 | dead letters 12 (+3) | batch lines p50 4096 max 8192 mean 3911 | ring 3/16 | lag 1.2 GiB | heap 312 MiB
 * </pre>
 *
 * Everything is read from the registry by meter name, so the logger knows nothing of the engine,
 * and a meter that is not there (engine not started, JVM meters not bound) reads as 0.
 *
 * <p>Rates, dead letters in the interval and the batch mean are exact for the interval: they are
 * differences of monotonic counts between two lines. Batch p50 and max come from the
 * {@code snapline.batch.lines} summary's own snapshot, which Micrometer keeps over a decaying
 * window (its distribution statistic expiry, 2 minutes by default), not over this interval:
 * a percentile cannot be taken from two counts, and the window is what the summary already pays
 * for. p50 reads 0 if the summary publishes no 0.5 percentile. Heap is the JVM meters' used heap,
 * or the memory watchdog's if those are not bound.
 */
public final class StatusLogger implements AutoCloseable {

    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(10);
    public static final String LOGGER = "snapline.status";
    static final String THREAD_NAME = "snapline-status";
    private static final Logger LOG = LoggerFactory.getLogger(LOGGER);

    private final MeterRegistry registry;
    private final LongSupplier nanoClock;
    private final DaemonThreads threads = new DaemonThreads(THREAD_NAME);
    private final ScheduledExecutorService thread;

    private long previousNanos;
    private double previousLines;
    private double previousRecords;
    private double previousDeadLetters;
    private long previousBatches;
    private double previousBatchLines;

    /** Starts logging: the first line after one interval, about its interval. */
    public StatusLogger(MeterRegistry registry, Duration interval) {
        this(registry, interval, System::nanoTime, true);
    }

    public StatusLogger(MeterRegistry registry) {
        this(registry, DEFAULT_INTERVAL);
    }

    /** Tests: their own clock, and no thread unless asked, so that they call {@link #line()} themselves. */
    StatusLogger(MeterRegistry registry, Duration interval, LongSupplier nanoClock, boolean schedule) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("interval must be positive: " + interval);
        }
        line(); // the first interval starts now, not at whatever the counts were before
        if (schedule) {
            thread = Executors.newSingleThreadScheduledExecutor(threads);
            long period = interval.toNanos();
            thread.scheduleAtFixedRate(this::log, period, period, TimeUnit.NANOSECONDS);
        } else {
            thread = null;
        }
    }

    private void log() {
        try {
            LOG.info(line());
        } catch (RuntimeException e) {
            // Thrown out of a scheduled task it would end the status lines silently.
            LOG.warn("status line failed", e);
        }
    }

    /** The line for the interval since the previous call (or since construction), which it ends. */
    public synchronized String line() {
        long now = nanoClock.getAsLong();
        double seconds = (now - previousNanos) / 1e9;
        double lines = counted("snapline.lines.read");
        double records = counted("snapline.records.written");
        double deadLetters = counted("snapline.dead.letters");

        DistributionSummary batch = registry.find("snapline.batch.lines").summary();
        HistogramSnapshot snapshot = batch == null ? HistogramSnapshot.empty(0, 0, 0) : batch.takeSnapshot();
        long batches = snapshot.count() - previousBatches;
        double batchMean = batches <= 0 ? 0 : (snapshot.total() - previousBatchLines) / batches;

        double slots = gauged(registry.find("snapline.ring.slots"));
        String ring = format(gauged(registry.find("snapline.ring.occupancy"))) + (slots > 0 ? "/" + format(slots) : "");

        String line = "lines/s " + format(rate(lines - previousLines, seconds))
                + " | records/s " + format(rate(records - previousRecords, seconds))
                + " | dead letters " + format(deadLetters) + " (+" + format(deadLetters - previousDeadLetters) + ")"
                + " | batch lines p50 " + format(median(snapshot)) + " max " + format(snapshot.max())
                + " mean " + format(batchMean)
                + " | ring " + ring
                + " | lag " + Units.roundedSize((long) gauged(registry.find("snapline.lag.unread")))
                + " | heap " + Units.roundedSize((long) heapUsed());

        previousNanos = now;
        previousLines = lines;
        previousRecords = records;
        previousDeadLetters = deadLetters;
        previousBatches = snapshot.count();
        previousBatchLines = snapshot.total();
        return line;
    }

    /** Sum over every tag combination of a counter, whichever kind registered it. */
    private double counted(String name) {
        double sum = 0;
        for (Counter counter : registry.find(name).counters()) {
            sum += counter.count();
        }
        for (FunctionCounter counter : registry.find(name).functionCounters()) {
            sum += counter.count();
        }
        return sum;
    }

    /** Sum of the matching gauges; a gauge whose object is gone (NaN) counts as 0. */
    private static double gauged(Search search) {
        double sum = 0;
        for (Gauge gauge : search.gauges()) {
            double value = gauge.value();
            sum += Double.isNaN(value) ? 0 : value;
        }
        return sum;
    }

    /** From the JVM meters if bound, else from the memory watchdog's last sample. */
    private double heapUsed() {
        Search jvm = registry.find("jvm.memory.used").tag("area", "heap");
        return jvm.gauges().isEmpty() ? gauged(registry.find("snapline.memory.heap.used")) : gauged(jvm);
    }

    private static double median(HistogramSnapshot snapshot) {
        for (ValueAtPercentile percentile : snapshot.percentileValues()) {
            if (percentile.percentile() == 0.5) {
                return percentile.value();
            }
        }
        return 0;
    }

    private static double rate(double delta, double seconds) {
        return seconds <= 0 ? 0 : delta / seconds;
    }

    private static String format(double value) {
        return String.format(Locale.ROOT, "%.0f", value);
    }

    /** Stops the status lines; no final line, the engine logs its own shutdown. */
    @Override
    public void close() {
        if (thread == null) {
            return;
        }
        threads.stop(thread);
    }
}
