package io.snapline.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the process holds at one instant, read right after a {@linkplain SettledGc settled
 * collection}: heap and non-heap in use, the direct and mapped buffer pools, RSS and VM size (from
 * {@code /proc/self/status}), open descriptors, live threads, mapped files, loaded classes and,
 * when asked for, a class histogram. Two of them make a {@link MemoryLeakReport}.
 *
 * @param label         what the instant was ("before", "20%", …)
 * @param nanoTime      {@link System#nanoTime()} when it was taken
 * @param heapUsed      bytes of heap in use after the collection: about what is reachable
 * @param heapCommitted bytes of heap the JVM holds from the OS
 * @param nonHeapUsed   metaspace, code cache and the like, in bytes
 * @param direct        the JVM's {@code direct} buffer pool
 * @param mapped        the JVM's {@code mapped} buffer pool ({@link java.nio.MappedByteBuffer}s;
 *                      Chronicle Queue maps its files itself, which only {@code mappedFiles} shows)
 * @param rssBytes      resident set size ({@code VmRSS})
 * @param vmSizeBytes   virtual memory size ({@code VmSize})
 * @param descriptors   what each open descriptor points to ({@link Resources#descriptorTargets()})
 * @param threads       live threads
 * @param mappedFiles   mapped files and their region counts ({@link Resources#mappedFiles()})
 * @param loadedClasses classes loaded now
 * @param histogram     live instances per class, or null when not asked for
 */
public record MemorySnapshot(String label, long nanoTime, long heapUsed, long heapCommitted, long nonHeapUsed,
                             BufferPool direct, BufferPool mapped, long rssBytes, long vmSizeBytes,
                             List<String> descriptors, List<LiveThread> threads, Map<String, Integer> mappedFiles,
                             int loadedClasses, ClassHistogram histogram) {

    /** A JVM buffer pool: how many buffers, how many bytes they hold. */
    public record BufferPool(String name, long count, long bytes) {
    }

    /** A live thread, by id (names are not unique) and name. */
    public record LiveThread(long id, String name, boolean daemon) {
    }

    public MemorySnapshot {
        descriptors = List.copyOf(descriptors);
        threads = List.copyOf(threads);
        mappedFiles = Collections.unmodifiableMap(new TreeMap<>(mappedFiles));
    }

    /** After a settled collection, without a class histogram. */
    public static MemorySnapshot take(String label) {
        return take(label, false);
    }

    /**
     * After a settled collection.
     *
     * @param histogram also a class histogram: slow, a heap walk and one entry per loaded class
     */
    public static MemorySnapshot take(String label, boolean histogram) {
        // Read the heap first: what the rest of the snapshot allocates is not counted in it.
        SettledGc.collect();
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long heapUsed = memory.getHeapMemoryUsage().getUsed();
        long heapCommitted = memory.getHeapMemoryUsage().getCommitted();
        long nonHeapUsed = memory.getNonHeapMemoryUsage().getUsed();
        long nanoTime = System.nanoTime();
        BufferPool direct = bufferPool("direct");
        BufferPool mapped = bufferPool("mapped");
        List<String> descriptors;
        try {
            descriptors = Resources.descriptorTargets();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<LiveThread> threads = new ArrayList<>();
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread.isAlive()) {
                threads.add(new LiveThread(thread.getId(), thread.getName(), thread.isDaemon()));
            }
        }
        threads.sort(Comparator.comparing(LiveThread::name).thenComparingLong(LiveThread::id));
        Map<String, Integer> mappedFiles = Resources.mappedFiles();
        int loadedClasses = ManagementFactory.getClassLoadingMXBean().getLoadedClassCount();
        return new MemorySnapshot(label, nanoTime, heapUsed, heapCommitted, nonHeapUsed, direct, mapped,
                Resources.residentBytes(), Resources.virtualBytes(), descriptors, threads, mappedFiles, loadedClasses, histogram ? ClassHistogram.take() : null);
    }

    /** The same instant with a class histogram added (taken now). */
    public MemorySnapshot withHistogram(ClassHistogram value) {
        return new MemorySnapshot(label, nanoTime, heapUsed, heapCommitted, nonHeapUsed, direct, mapped, rssBytes,
                vmSizeBytes, descriptors, threads, mappedFiles, loadedClasses, value);
    }

    public int descriptorCount() {
        return descriptors.size();
    }

    public int threadCount() {
        return threads.size();
    }

    /** Distinct files mapped. */
    public int mappedFileCount() {
        return mappedFiles.size();
    }

    /** One line: the figures without the lists. */
    public String summary() {
        return String.format("%s: heap %s (of %s committed), non-heap %s, rss %s, vm %s, direct %d/%s, "
                        + "mapped buffers %d/%s, mapped files %d, descriptors %d, threads %d, classes %d",
                label, mb(heapUsed), mb(heapCommitted), mb(nonHeapUsed), mb(rssBytes), mb(vmSizeBytes), direct.count(), mb(direct.bytes()),
                mapped.count(), mb(mapped.bytes()), mappedFileCount(), descriptorCount(), threadCount(), loadedClasses);
    }

    @Override
    public String toString() {
        return summary();
    }

    static String mb(long bytes) {
        return String.format("%.1f MB", bytes / (1024.0 * 1024.0));
    }

    private static BufferPool bufferPool(String name) {
        for (BufferPoolMXBean pool : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)) {
            if (pool.getName().equals(name)) {
                return new BufferPool(name, pool.getCount(), pool.getMemoryUsed());
            }
        }
        return new BufferPool(name, 0, 0);
    }
}
