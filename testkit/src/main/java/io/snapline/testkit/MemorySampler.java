package io.snapline.testkit;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Reads heap (as the collector left it after its last collection, and as now), RSS, descriptors
 * and threads every interval, on a daemon thread of its own, until closed. It forces no
 * collection: what it sees is what the run does.
 */
public final class MemorySampler implements AutoCloseable {

    private final long intervalNanos;
    private final long started = System.nanoTime();
    private final List<MemorySample> samples = new ArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;

    private MemorySampler(long intervalMillis, String threadName) {
        this.intervalNanos = TimeUnit.MILLISECONDS.toNanos(intervalMillis);
        this.thread = new Thread(this::run, threadName);
        this.thread.setDaemon(true);
    }

    /** Starts sampling every {@code intervalMillis} on a thread named {@code threadName}. */
    public static MemorySampler start(long intervalMillis, String threadName) {
        if (intervalMillis <= 0) {
            throw new IllegalArgumentException("sampling interval must be positive; got " + intervalMillis);
        }
        MemorySampler sampler = new MemorySampler(intervalMillis, threadName);
        sampler.thread.start();
        return sampler;
    }

    private void run() {
        long next = System.nanoTime();
        while (running) {
            MemorySample sample = sample(started);
            synchronized (samples) {
                samples.add(sample);
            }
            next += intervalNanos;
            long wait;
            while (running && (wait = next - System.nanoTime()) > 0) {
                LockSupport.parkNanos(this, wait);
            }
        }
    }

    /** One reading, now. */
    public static MemorySample sample(long sinceNanoTime) {
        long heapUsed = 0;
        long afterGc = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() != MemoryType.HEAP) {
                continue;
            }
            heapUsed += pool.getUsage().getUsed();
            MemoryUsage collected = pool.getCollectionUsage();
            afterGc += collected == null ? pool.getUsage().getUsed() : collected.getUsed();
        }
        long descriptors;
        try {
            descriptors = Resources.openDescriptors();
        } catch (IOException e) {
            descriptors = -1;
        }
        return new MemorySample(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sinceNanoTime), heapUsed, afterGc,
                Resources.residentBytes(), descriptors,
                ManagementFactory.getThreadMXBean().getThreadCount());
    }

    /** The samples so far, oldest first. */
    public List<MemorySample> samples() {
        synchronized (samples) {
            return List.copyOf(samples);
        }
    }

    /** Stops the thread and waits for it; the samples stay readable. */
    @Override
    public void close() {
        running = false;
        LockSupport.unpark(thread);
        try {
            thread.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
