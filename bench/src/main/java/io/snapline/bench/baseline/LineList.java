package io.snapline.bench.baseline;

import java.util.ArrayList;

/**
 * The old design's one line buffer: the reader appends, the processor reads a prefix in place
 * and removes it only when it is done with it. One lock guards every access, as a list shared by
 * two threads needs; the processor copies references out in chunks so the reader is not held off
 * for a whole batch.
 */
final class LineList {

    private final ArrayList<byte[]> lines = new ArrayList<>();
    private long bytes;

    synchronized void append(byte[] line) {
        lines.add(line);
        bytes += line.length;
    }

    synchronized int size() {
        return lines.size();
    }

    /** Line bytes held (the arrays' contents, not their headers or the list's own array). */
    synchronized long bytes() {
        return bytes;
    }

    /** Copies up to {@code into.length} line references starting at {@code from}; returns how many. */
    synchronized int copy(int from, byte[][] into) {
        int count = Math.max(0, Math.min(into.length, lines.size() - from));
        for (int i = 0; i < count; i++) {
            into[i] = lines.get(from + i);
        }
        return count;
    }

    /** Removes the first {@code count} lines: the batch just processed. Later lines stay. */
    synchronized void removeFirst(int count) {
        for (int i = 0; i < count; i++) {
            bytes -= lines.get(i).length;
        }
        lines.subList(0, count).clear();
    }

    /** Drops everything, the list's grown array included (after the run, to free the heap). */
    synchronized void release() {
        lines.clear();
        lines.trimToSize();
        bytes = 0;
    }
}
