package io.snapline.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * One leak check in progress: the baseline, the marks taken since, the sampler. A {@link LeakCheck}
 * test receives it as a parameter; it can also be used on its own: {@link #start}, run, then
 * {@link #finish}.
 */
public final class LeakWatch {

    private final LeakThresholds thresholds;
    private final boolean histogram;
    private final List<MemorySnapshot> marks = new ArrayList<>();
    private MemorySampler sampler;
    private MemorySnapshot before;

    private LeakWatch(LeakThresholds thresholds, boolean histogram) {
        this.thresholds = thresholds;
        this.histogram = histogram;
    }

    /**
     * Takes the baseline now, and starts a sampler when {@code samplingIntervalMs} is above 0.
     *
     * @param histogram whether the baseline and the final snapshot carry a class histogram
     */
    public static LeakWatch start(LeakThresholds thresholds, boolean histogram, long samplingIntervalMs) {
        LeakWatch watch = new LeakWatch(thresholds, histogram);
        watch.before = MemorySnapshot.take("before", histogram);
        if (samplingIntervalMs > 0) {
            watch.sampler = MemorySampler.start(samplingIntervalMs, LeakCheckExtension.SAMPLER_THREAD);
        }
        return watch;
    }

    /** Takes the baseline again, e.g. after a warm-up in the test's body; earlier marks are dropped. */
    public synchronized MemorySnapshot rebaseline() {
        marks.clear();
        before = MemorySnapshot.take("before", histogram);
        return before;
    }

    /** A snapshot after a settled collection, kept under {@code label} and shown in the report. */
    public synchronized MemorySnapshot mark(String label) {
        MemorySnapshot mark = MemorySnapshot.take(label);
        marks.add(mark);
        return mark;
    }

    public synchronized MemorySnapshot before() {
        return before;
    }

    public synchronized List<MemorySnapshot> marks() {
        return List.copyOf(marks);
    }

    /** The sampler's readings so far; empty without one. */
    public List<MemorySample> samples() {
        return sampler == null ? List.of() : sampler.samples();
    }

    public LeakThresholds thresholds() {
        return thresholds;
    }

    /** Stops the sampler, if any; the samples stay. */
    public void stopSampling() {
        if (sampler != null) {
            sampler.close();
        }
    }

    /**
     * Stops sampling, then compares a snapshot taken now with the baseline; while the report
     * fails, takes it again for up to {@code settleMillis} (threads end, descriptors close and
     * files are unmapped asynchronously, some only after a collection).
     */
    public synchronized MemoryLeakReport finish(long settleMillis) {
        stopSampling();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(settleMillis);
        MemorySnapshot after;
        MemoryLeakReport report;
        while (true) {
            after = MemorySnapshot.take("after");
            report = MemoryLeakReport.between(before, after, thresholds, marks, samples());
            if (report.passed() || System.nanoTime() - deadline >= 0) {
                break;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
        }
        if (histogram) {
            report = MemoryLeakReport.between(before, after.withHistogram(ClassHistogram.take()), thresholds, marks,
                    samples());
        }
        return report;
    }
}
