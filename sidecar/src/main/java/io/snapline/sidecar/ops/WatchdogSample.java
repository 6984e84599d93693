package io.snapline.sidecar.ops;

/**
 * One reading of the process's memory that the {@link MemoryWatchdog} judges its limits by, in
 * bytes; -1 where the platform cannot say. (The testkit's {@code MemorySample} is another thing:
 * one point of a leak test's recorded series, with time, descriptors and threads.)
 *
 * @param heapAfterGc heap still in use after the most recent collection: the live data, which is
 *                    what a limit should watch (used heap swings with every allocation burst)
 * @param heapUsed    heap in use now, garbage included
 * @param rss         resident set size of the whole process (heap, direct buffers, mapped files
 *                    touched, metaspace, thread stacks)
 */
record WatchdogSample(long heapAfterGc, long heapUsed, long rss) {

    /** Where the samples come from: the JVM and /proc in production, a test's numbers in tests. */
    interface Sampler {
        WatchdogSample sample();
    }
}
