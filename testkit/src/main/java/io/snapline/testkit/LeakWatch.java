package io.snapline.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * One leak check in progress: the baseline, the marks taken since, the sampler. A {@link LeakCheck}
 * test receives it as a parameter; it can also be used on its own: {@link #start}, run, then
 * {@link #finish()}.
 */
public final class LeakWatch {

    private final LeakThresholds thresholds;
    private final boolean histogram;
    private final long settleMillis;
    private final List<MemorySnapshot> marks = new ArrayList<>();
    private MemorySampler sampler;
    private MemorySnapshot before;

    private LeakWatch(LeakThresholds thresholds, boolean histogram, long settleMillis) {
        this.thresholds = thresholds;
        this.histogram = histogram;
        this.settleMillis = settleMillis;
    }

    /**
     * Takes the baseline now, and starts a sampler when {@code samplingIntervalMs} is above 0.
     *
     * @param histogram    whether the baseline and the final snapshot carry a class histogram
     * @param settleMillis how long descriptors, threads and mapped files that are still going away
     *                     are waited for: by the baseline, and by {@link #finish()}
     */
    public static LeakWatch start(LeakThresholds thresholds, boolean histogram, long samplingIntervalMs,
            long settleMillis) {
        LeakWatch watch = new LeakWatch(thresholds, histogram, settleMillis);
        watch.before = watch.settledBaseline();
        if (samplingIntervalMs > 0) {
            watch.sampler = MemorySampler.start(samplingIntervalMs, LeakCheckExtension.SAMPLER_THREAD);
        }
        return watch;
    }

    /** Takes the baseline again, e.g. after a warm-up in the test's body; earlier marks are dropped. */
    public synchronized MemorySnapshot rebaseline() {
        marks.clear();
        before = settledBaseline();
        return before;
    }

    /**
     * A baseline taken once the counted descriptors, threads and mapped files stop falling: what a
     * warm-up (or the previous test) closed may still be going away on other threads, and a
     * baseline that counts it would hide as much growth. Waits the settle time at most.
     */
    private MemorySnapshot settledBaseline() {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(settleMillis);
        MemorySnapshot last = MemorySnapshot.take("before");
        while (System.nanoTime() - deadline < 0) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
            MemorySnapshot next = MemorySnapshot.take("before");
            MemoryLeakReport change = MemoryLeakReport.between(last, next, thresholds);
            last = next;
            if (change.descriptorGrowth() >= 0 && change.threadGrowth() >= 0 && change.mappedFileGrowth() >= 0) {
                break;
            }
        }
        return histogram ? last.withHistogram(ClassHistogram.take()) : last;
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
     * fails, takes it again for up to the settle time (threads end, descriptors close and files
     * are unmapped asynchronously, some only after a collection).
     */
    public synchronized MemoryLeakReport finish() {
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
