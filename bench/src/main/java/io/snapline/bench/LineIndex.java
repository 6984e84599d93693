package io.snapline.bench;

import io.snapline.tailer.LineFramer;

import java.util.Arrays;

/**
 * Where each whole line of a generated array starts and how long it is (terminator excluded),
 * found once at setup so a benchmark's loop only indexes arrays.
 *
 * @param framedBytes the bytes up to and including the last line's newline
 */
record LineIndex(int[] starts, int[] lengths, int framedBytes) {

    /** Lines are assumed to be at least 64 bytes, as every generated node line is. */
    static LineIndex of(byte[] data) {
        int[] starts = new int[data.length / 64];
        int[] lengths = new int[starts.length];
        int count = 0;
        int from = 0;
        int newline;
        while ((newline = LineFramer.indexOfNewline(data, from, data.length)) >= 0) {
            starts[count] = from;
            lengths[count] = newline - from;
            count++;
            from = newline + 1;
        }
        return new LineIndex(Arrays.copyOf(starts, count), Arrays.copyOf(lengths, count), from);
    }
}
