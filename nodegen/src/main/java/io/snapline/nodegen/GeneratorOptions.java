package io.snapline.nodegen;

import io.snapline.tailer.NodeLayout;
import io.snapline.tailer.NodeStream;

import java.nio.file.Path;
import java.time.Clock;

/**
 * What {@link NodeFileGenerator} writes.
 *
 * @param nodeDataRoot    the node's data directory ({@code ~/hl/data}); files go under
 *                        {@code <root>/<stream><layout suffix>/hourly/YYYYMMDD/H}
 * @param stream          which stream's lines
 * @param layout          plain, streaming or by-block lines
 * @param lines           how many lines to write (bad lines included)
 * @param linesPerSecond  a steady rate to hold; 0 writes as fast as possible
 * @param badEvery        every {@code badEvery}-th line is malformed ({@link BadLine}); 0 for none
 * @param startHour       the hour of the first file
 * @param linesPerHour    lines per hourly file before moving to the next hour;
 *                        {@link Long#MAX_VALUE} keeps all lines in the start hour
 * @param seed            same options and seed, same bytes
 * @param eventsPerBlock  events in a block: a by-block line holds this many, and in the other
 *                        layouts this many consecutive lines share a block
 */
public record GeneratorOptions(Path nodeDataRoot, NodeStream stream, NodeLayout layout, long lines,
                               double linesPerSecond, int badEvery, NodeHour startHour, long linesPerHour,
                               long seed, int eventsPerBlock) {

    public static final long DEFAULT_SEED = 1;
    /** Real blocks hold anything from none to hundreds of events; 50 makes by-block lines about 30 KB. */
    public static final int DEFAULT_EVENTS_PER_BLOCK = 50;
    public static final int MAX_EVENTS_PER_BLOCK = 100_000;

    public GeneratorOptions {
        if (nodeDataRoot == null || stream == null || layout == null || startHour == null) {
            throw new IllegalArgumentException("node data root, stream, layout and start hour are required");
        }
        if (lines < 1) {
            throw new IllegalArgumentException("lines must be at least 1; got " + lines);
        }
        if (!(linesPerSecond >= 0) || Double.isInfinite(linesPerSecond)) {
            throw new IllegalArgumentException("rate must be a positive number of lines per second; got " + linesPerSecond);
        }
        if (badEvery < 0) {
            throw new IllegalArgumentException("bad-every must be 0 (none) or more; got " + badEvery);
        }
        if (linesPerHour < 1) {
            throw new IllegalArgumentException("lines per hour must be at least 1; got " + linesPerHour);
        }
        if (eventsPerBlock < 1 || eventsPerBlock > MAX_EVENTS_PER_BLOCK) {
            throw new IllegalArgumentException("events per block must be 1.." + MAX_EVENTS_PER_BLOCK + "; got " + eventsPerBlock);
        }
        if (stream == NodeStream.TRADES && layout != NodeLayout.PLAIN) {
            throw new IllegalArgumentException("node_trades has only the plain layout: the node writes trades without a block envelope");
        }
    }

    /**
     * As fast as possible, no bad lines, all in the current UTC hour, the default seed and
     * {@value #DEFAULT_EVENTS_PER_BLOCK} events per block.
     */
    public static GeneratorOptions of(Path nodeDataRoot, NodeStream stream, NodeLayout layout, long lines) {
        return new GeneratorOptions(nodeDataRoot, stream, layout, lines, 0, 0, NodeHour.current(Clock.systemUTC()),
                Long.MAX_VALUE, DEFAULT_SEED, DEFAULT_EVENTS_PER_BLOCK);
    }

    public GeneratorOptions withLines(long value) {
        return new GeneratorOptions(nodeDataRoot, stream, layout, value, linesPerSecond, badEvery, startHour,
                linesPerHour, seed, eventsPerBlock);
    }

    public GeneratorOptions withRate(double value) {
        return new GeneratorOptions(nodeDataRoot, stream, layout, lines, value, badEvery, startHour, linesPerHour,
                seed, eventsPerBlock);
    }

    public GeneratorOptions withBadEvery(int value) {
        return new GeneratorOptions(nodeDataRoot, stream, layout, lines, linesPerSecond, value, startHour, linesPerHour,
                seed, eventsPerBlock);
    }

    public GeneratorOptions withStartHour(NodeHour value) {
        return new GeneratorOptions(nodeDataRoot, stream, layout, lines, linesPerSecond, badEvery, value, linesPerHour,
                seed, eventsPerBlock);
    }

    public GeneratorOptions withLinesPerHour(long value) {
        return new GeneratorOptions(nodeDataRoot, stream, layout, lines, linesPerSecond, badEvery, startHour, value,
                seed, eventsPerBlock);
    }

    public GeneratorOptions withSeed(long value) {
        return new GeneratorOptions(nodeDataRoot, stream, layout, lines, linesPerSecond, badEvery, startHour,
                linesPerHour, value, eventsPerBlock);
    }

    public GeneratorOptions withEventsPerBlock(int value) {
        return new GeneratorOptions(nodeDataRoot, stream, layout, lines, linesPerSecond, badEvery, startHour,
                linesPerHour, seed, value);
    }

    /** Whether the run is held to {@link #linesPerSecond()}. */
    public boolean paced() {
        return linesPerSecond > 0;
    }
}
