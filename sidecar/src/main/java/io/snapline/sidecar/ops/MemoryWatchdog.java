package io.snapline.sidecar.ops;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.snapline.sidecar.Units;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * Watches the heap after GC and the RSS against thresholds, and holds the reader back while
 * memory is critical. The engine's memory is bounded by design (ring plus one maximum line);
 * this is the guard for what the design did not foresee: a leak, a sink that buffers, a heap
 * sized too tight. Pausing intake is safe because the backlog waits on disk in the node's files.
 *
 * <p>Samples on its own daemon thread, once per interval; the reader only reads a volatile
 * ({@link #critical()}) between polls. Logs only when the state changes.
 *
 * <p>A state is left only when the value falls below 95% of the threshold that put it there,
 * so a value hovering at a threshold does not log a pause and a resume every second.
 *
 * <p>The heap it judges leaves out what the engine itself holds beyond its fixed ring and that
 * pausing cannot give back ({@code engineHeldBytes}: the read buffer grown for a long line, the
 * oversize line buffer and its records). Those are freed only by the work a pause stops (the
 * reader finishing the line, the writer releasing it), so counting them could keep intake paused
 * for good: pausing only helps with memory the paused intake would otherwise add to.
 */
public final class MemoryWatchdog implements AutoCloseable {

    /** What {@code snapline.memory.state} reports. */
    public enum State {
        OK, WARNING, CRITICAL
    }

    /**
     * Thresholds in bytes; 0 turns one off. Heap after GC is the live data and the better
     * signal; RSS also catches memory outside the heap (direct buffers, mapped queue files).
     */
    public record Limits(long heapWarningBytes, long heapCriticalBytes, long rssWarningBytes, long rssCriticalBytes) {

        public static final Limits OFF = new Limits(0, 0, 0, 0);

        public Limits {
            check("heap", heapWarningBytes, heapCriticalBytes);
            check("rss", rssWarningBytes, rssCriticalBytes);
        }

        private static void check(String what, long warning, long critical) {
            if (warning < 0 || critical < 0) {
                throw new IllegalArgumentException(what + " thresholds must be >= 0 (0 = off)");
            }
            if (warning > 0 && critical > 0 && warning > critical) {
                throw new IllegalArgumentException(what + " warning " + warning + " above critical " + critical);
            }
        }

        /** Warning and critical at fractions of the maximum heap; RSS off. */
        public static Limits ofMaxHeap(double warningFraction, double criticalFraction) {
            long max = Runtime.getRuntime().maxMemory();
            return new Limits((long) (max * warningFraction), (long) (max * criticalFraction), 0, 0);
        }
    }

    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(1);
    static final String THREAD_NAME = "snapline-memory-watchdog";
    private static final long PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    private static final Duration DEFAULT_GC_EVERY = Duration.ofSeconds(5);
    private static final Logger LOG = LoggerFactory.getLogger(MemoryWatchdog.class);

    private final Limits limits;
    private final WatchdogSample.Sampler sampler;
    private final Runnable gcRequest;
    private final long gcEveryNanos;
    private final LongSupplier engineHeldBytes;
    private final LongSupplier nanoClock;
    private final DaemonThreads threads = new DaemonThreads(THREAD_NAME);
    private final ScheduledExecutorService thread;
    private final MeterRegistry registry;
    private final List<Meter> meters = new ArrayList<>();
    private final Counter pauses;
    private final Counter pausedSeconds;

    private volatile WatchdogSample last;
    private volatile long lastEngineHeld;
    /** What /healthz says while not OK; made only when the state changes. */
    private volatile HealthStatus health;
    private volatile State state = State.OK;
    private int heapLevel;
    private int rssLevel;

    public MemoryWatchdog(MeterRegistry registry, Limits limits, Duration interval) {
        this(registry, limits, interval, new JvmMemorySampler(), System::gc, DEFAULT_GC_EVERY, () -> 0,
                System::nanoTime);
    }

    public MemoryWatchdog(MeterRegistry registry, Limits limits) {
        this(registry, limits, DEFAULT_INTERVAL);
    }

    /**
     * @param engineHeldBytes heap the engine holds that pausing intake cannot free (see the class
     *                        comment); read on the watchdog's thread, so it must be safe there
     */
    public MemoryWatchdog(MeterRegistry registry, Limits limits, LongSupplier engineHeldBytes) {
        this(registry, limits, DEFAULT_INTERVAL, new JvmMemorySampler(), System::gc, DEFAULT_GC_EVERY,
                engineHeldBytes, System::nanoTime);
    }

    /** Tests: their own samples and GC request. Samples once here, then every {@code interval}. */
    MemoryWatchdog(MeterRegistry registry, Limits limits, Duration interval, WatchdogSample.Sampler sampler,
                   Runnable gcRequest, Duration gcEvery) {
        this(registry, limits, interval, sampler, gcRequest, gcEvery, () -> 0, System::nanoTime);
    }

    /** Tests: also the engine's held bytes and the clock the reader's wait is timed by. */
    MemoryWatchdog(MeterRegistry registry, Limits limits, Duration interval, WatchdogSample.Sampler sampler,
                   Runnable gcRequest, Duration gcEvery, LongSupplier engineHeldBytes, LongSupplier nanoClock) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.limits = Objects.requireNonNull(limits, "limits");
        this.sampler = Objects.requireNonNull(sampler, "sampler");
        this.gcRequest = Objects.requireNonNull(gcRequest, "gcRequest");
        this.gcEveryNanos = gcEvery.toNanos();
        this.engineHeldBytes = Objects.requireNonNull(engineHeldBytes, "engineHeldBytes");
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("interval must be positive: " + interval);
        }
        sampleNow();
        own(Gauge.builder("snapline.memory.heap.after.gc", this, w -> w.last.heapAfterGc()).baseUnit("bytes")
                .description("heap in use after the most recent collection").register(registry));
        own(Gauge.builder("snapline.memory.heap.used", this, w -> w.last.heapUsed()).baseUnit("bytes")
                .description("heap in use at the last sample, garbage included").register(registry));
        own(Gauge.builder("snapline.memory.engine.held", this, w -> w.lastEngineHeld).baseUnit("bytes")
                .description("heap the engine holds for long lines that pausing intake cannot free;"
                        + " left out of the heap the thresholds judge").register(registry));
        own(Gauge.builder("snapline.memory.rss", this, w -> w.last.rss() < 0 ? Double.NaN : w.last.rss())
                .baseUnit("bytes").description("resident set size of the process").register(registry));
        own(Gauge.builder("snapline.memory.state", this, w -> w.state.ordinal())
                .description("0 ok, 1 warning, 2 critical (intake paused)").register(registry));
        this.pauses = own(Counter.builder("snapline.intake.pauses")
                .description("times the reader waited because memory was critical").register(registry));
        this.pausedSeconds = own(Counter.builder("snapline.intake.paused").baseUnit("seconds")
                .description("time the reader waited because memory was critical").register(registry));
        this.thread = Executors.newSingleThreadScheduledExecutor(threads);
        long period = interval.toNanos();
        thread.scheduleWithFixedDelay(this::sampleSafely, period, period, TimeUnit.NANOSECONDS);
    }

    private <M extends Meter> M own(M meter) {
        meters.add(meter);
        return meter;
    }

    /** True while memory is critical: the reader should not take more in. A volatile read. */
    public boolean critical() {
        return state == State.CRITICAL;
    }

    public State state() {
        return state;
    }

    /**
     * For {@code /healthz} ({@link HealthCondition}): unhealthy while intake is paused, with the
     * reason the pause was logged with; degraded at the warning level; null when memory is ok.
     */
    public HealthStatus health() {
        return health;
    }

    /** The latest sample: heap after GC, heap used and RSS in bytes (-1 if unknown). */
    public long heapAfterGcBytes() {
        return last.heapAfterGc();
    }

    public long rssBytes() {
        return last.rss();
    }

    /**
     * Called by the reader between polls. Returns at once unless memory is critical; then waits
     * in short sleeps until it is not, or until {@code stopping} says to give up (shutdown), or
     * the thread is interrupted (its flag is kept). While the wait lasts it asks for a full
     * collection every few seconds, so that heap after GC is measured again: without one, a heap
     * whose garbage sits in the old generation could keep intake paused for nothing.
     */
    public void awaitIntake(BooleanSupplier stopping) {
        if (state != State.CRITICAL) {
            return;
        }
        pauses.increment();
        long start = nanoClock.getAsLong();
        long counted = start;
        long lastGcRequestNanos = start;
        while (state == State.CRITICAL && !stopping.getAsBoolean() && !Thread.currentThread().isInterrupted()) {
            LockSupport.parkNanos(PARK_NANOS);
            long now = nanoClock.getAsLong();
            pausedSeconds.increment((now - counted) / 1e9); // as it goes, so a scrape sees a long pause grow
            counted = now;
            if (now - lastGcRequestNanos >= gcEveryNanos && state == State.CRITICAL) {
                lastGcRequestNanos = now;
                gcRequest.run();
            }
        }
    }

    /** Takes one sample now and updates the state; the watchdog thread does this every interval. */
    synchronized void sampleNow() {
        WatchdogSample sample = sampler.sample();
        long held = Math.max(0, engineHeldBytes.getAsLong());
        last = sample;
        lastEngineHeld = held;
        evaluate(sample, held);
    }

    private void sampleSafely() {
        try {
            sampleNow();
        } catch (RuntimeException e) {
            // Thrown out of a scheduled task it would end the sampling silently.
            LOG.warn("memory sample failed; the state stays {}", state, e);
        }
    }

    private synchronized void evaluate(WatchdogSample sample, long engineHeld) {
        long judgedHeap = sample.heapAfterGc() < 0 ? sample.heapAfterGc() : Math.max(0, sample.heapAfterGc() - engineHeld);
        heapLevel = level(judgedHeap, limits.heapWarningBytes(), limits.heapCriticalBytes(), heapLevel);
        rssLevel = level(sample.rss(), limits.rssWarningBytes(), limits.rssCriticalBytes(), rssLevel);
        State previous = state;
        State next = State.values()[Math.max(heapLevel, rssLevel)];
        if (next == previous) {
            return;
        }
        state = next;
        health = switch (next) {
            case CRITICAL -> HealthStatus.unhealthy("intake paused: " + above(sample, engineHeld, State.CRITICAL));
            case WARNING -> HealthStatus.degraded("memory warning: " + above(sample, engineHeld, State.WARNING));
            case OK -> null;
        };
        if (next == State.CRITICAL) {
            LOG.warn("intake paused: {}; the reader waits until it falls", above(sample, engineHeld, State.CRITICAL));
        } else if (next == State.WARNING && previous == State.OK) {
            LOG.warn("memory warning: {}", above(sample, engineHeld, State.WARNING));
        } else if (next == State.WARNING) {
            LOG.info("intake resumed, memory still at warning: {}", above(sample, engineHeld, State.WARNING));
        } else {
            LOG.info("{}memory ok: {}", previous == State.CRITICAL ? "intake resumed, " : "", usage(sample));
        }
    }

    /**
     * The level (0 ok, 1 warning, 2 critical) of one value. Leaving a level takes falling below
     * 95% of its threshold.
     */
    static int level(long value, long warning, long critical, int current) {
        if (value < 0) {
            return 0;
        }
        if (critical > 0 && value >= (current >= 2 ? critical - critical / 20 : critical)) {
            return 2;
        }
        if (warning > 0 && value >= (current >= 1 ? warning - warning / 20 : warning)) {
            return 1;
        }
        return 0;
    }

    /**
     * "heap after GC 118 MiB above critical 115 MiB", and the RSS if it is above too; with the
     * engine's held bytes, "heap after GC 150 MiB less 32 MiB the engine holds for long lines ...".
     */
    private String above(WatchdogSample sample, long engineHeld, State at) {
        List<String> reasons = new ArrayList<>(2);
        if (heapLevel >= at.ordinal()) {
            String held = engineHeld == 0 ? "" : " less " + Units.roundedSize(engineHeld)
                    + " the engine holds for long lines";
            reasons.add("heap after GC " + Units.roundedSize(sample.heapAfterGc()) + held + " above " + name(at) + " "
                    + Units.roundedSize(at == State.CRITICAL ? limits.heapCriticalBytes() : limits.heapWarningBytes()));
        }
        if (rssLevel >= at.ordinal()) {
            reasons.add("RSS " + Units.roundedSize(sample.rss()) + " above " + name(at) + " "
                    + Units.roundedSize(at == State.CRITICAL ? limits.rssCriticalBytes() : limits.rssWarningBytes()));
        }
        return String.join("; ", reasons);
    }

    private static String name(State at) {
        return at == State.CRITICAL ? "critical" : "warning";
    }

    private static String usage(WatchdogSample sample) {
        return "heap after GC " + Units.roundedSize(sample.heapAfterGc())
                + (sample.rss() < 0 ? "" : ", RSS " + Units.roundedSize(sample.rss()));
    }

    /**
     * Stops sampling and removes the meters. A reader still waiting is let go: nothing would
     * ever end its wait, and a closed watchdog guards nothing.
     */
    @Override
    public void close() {
        if (!threads.stop(thread)) {
            LOG.warn("{} did not stop within {} s", THREAD_NAME, DaemonThreads.STOP_TIMEOUT.toSeconds());
        }
        state = State.OK;
        health = null;
        for (Meter meter : meters) {
            registry.remove(meter);
        }
        meters.clear();
    }
}
