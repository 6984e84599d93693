package io.snapline.engine.ring;

import java.time.Duration;

/**
 * The ring's shape. Memory held by the pipeline is at most {@code slots x (slabBytes + the
 * slot's records)} plus one line of the tailer's maximum length and its records, whatever the
 * backlog.
 *
 * @param slots         ring entries; a power of two
 * @param slabBytes     line bytes one batch holds; lines longer than this travel alone through
 *                      the one oversize buffer
 * @param maxLines      lines one batch holds
 * @param maxSources    distinct files one batch may draw lines from
 * @param linger        the longest a started batch gathers lines while the pipeline behind it is
 *                      busy; an idle pipeline, or a poll that finds nothing more, takes it at once
 * @param parseWorkers  parse threads; slot i goes to worker i mod parseWorkers
 */
public record RingConfig(int slots, int slabBytes, int maxLines, int maxSources, Duration linger, int parseWorkers) {

    public RingConfig {
        if (slots < 2 || Integer.bitCount(slots) != 1) {
            throw new IllegalArgumentException("ring slots must be a power of two, at least 2; got " + slots);
        }
        if (slabBytes < 64 * 1024) {
            throw new IllegalArgumentException("slab bytes must be at least 64 KiB (an over-long line's head); got " + slabBytes);
        }
        if (maxLines < 1) {
            throw new IllegalArgumentException("max lines per batch must be at least 1; got " + maxLines);
        }
        if (maxSources < 1 || maxSources > 0xFFFF) {
            throw new IllegalArgumentException("max sources per batch must be 1..65535; got " + maxSources);
        }
        if (linger.isNegative()) {
            throw new IllegalArgumentException("linger must not be negative; got " + linger);
        }
        if (parseWorkers < 1) {
            throw new IllegalArgumentException("parse workers must be at least 1; got " + parseWorkers);
        }
    }

    /**
     * Fits a 2-core machine and a small heap. Two parse workers beside the reader and the writer
     * measured faster than one (the reader and writer are light), and idle workers cost nothing.
     * Eight slots of 256 KiB hold about 5 MiB of slabs and record buffers: a 5 GB backlog drains
     * with {@code -Xmx128m} at a heap after GC of 16 MiB (28 MiB with by-block lines of 3.7 MB),
     * and throughput measured the same as with 16 slots of 2 MiB within the runs' noise
     * (docs/benchmarks.md). Each array also stays under half of G1's smallest region (1 MiB), so
     * none is humongous: a 2 MiB slab took 3 whole regions and its 3 MiB record buffer 4. A 2 ms
     * linger bounds the wait of a line behind a busy pipeline (docs/engine.md, "Batching").
     */
    public static RingConfig defaults() {
        return new RingConfig(8, 256 * 1024, 8192, 64, Duration.ofMillis(2),
                Math.max(2, Runtime.getRuntime().availableProcessors() - 1));
    }

    /** A slot's record buffer: records take a little more room than their lines, dead letters more. */
    public int recordBufferBytes() {
        return slabBytes + slabBytes / 2;
    }

    /**
     * What the slots preallocate: each slab, record buffer and line arrays (an int start, length
     * and source and a long offset and long-line length: 28 bytes a line).
     */
    public long memoryBytes() {
        return (long) slots * (slabBytes + (long) recordBufferBytes() + 28L * maxLines);
    }

    public RingConfig withSlots(int value) {
        return new RingConfig(value, slabBytes, maxLines, maxSources, linger, parseWorkers);
    }

    public RingConfig withSlabBytes(int value) {
        return new RingConfig(slots, value, maxLines, maxSources, linger, parseWorkers);
    }

    public RingConfig withMaxLines(int value) {
        return new RingConfig(slots, slabBytes, value, maxSources, linger, parseWorkers);
    }

    public RingConfig withLinger(Duration value) {
        return new RingConfig(slots, slabBytes, maxLines, maxSources, value, parseWorkers);
    }

    public RingConfig withParseWorkers(int value) {
        return new RingConfig(slots, slabBytes, maxLines, maxSources, linger, value);
    }
}
