package io.snapline.sidecar.ops;

/**
 * One reading of the process's memory, in bytes; -1 where the platform cannot say.
 *
 * @param heapAfterGc heap still in use after the most recent collection: the live data, which is
 *                    what a limit should watch (used heap swings with every allocation burst)
 * @param heapUsed    heap in use now, garbage included
 * @param rss         resident set size of the whole process (heap, direct buffers, mapped files
 *                    touched, metaspace, thread stacks)
 */
record MemorySample(long heapAfterGc, long heapUsed, long rss) {

    /** Where the samples come from: the JVM and /proc in production, a test's numbers in tests. */
    interface Sampler {
        MemorySample sample();
    }
}
