package io.snapline.tailer;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Splits bytes on {@code '\n'}; a {@code '\r'} just before the newline is not part of the line.
 *
 * <p>The search reads eight bytes at a time and finds a newline byte with the classic
 * "has zero byte" bit trick, which keeps framing close to memory speed without the
 * incubating Vector API. Nothing here allocates.
 */
public final class LineFramer {

    // Not records.LittleEndian.LONG: records depends on the tailer, so the tailer cannot use it.
    private static final VarHandle LONGS =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long NEWLINES = 0x0A0A0A0A0A0A0A0AL;
    private static final long LOW_BITS = 0x0101010101010101L;
    private static final long HIGH_BITS = 0x8080808080808080L;

    private LineFramer() {
    }

    /** Receives one whole line: its bytes (terminator excluded) and its span in the file. */
    @FunctionalInterface
    public interface LineConsumer {
        /**
         * @param startOffset file offset of the line's first byte
         * @param endOffset   file offset just after the line's {@code '\n'}
         */
        void accept(byte[] buffer, int offset, int length, long startOffset, long endOffset);
    }

    /** Index of the first {@code '\n'} in {@code bytes[from, to)}, or -1. */
    public static int indexOfNewline(byte[] bytes, int from, int to) {
        int i = from;
        for (int last = to - Long.BYTES; i <= last; i += Long.BYTES) {
            long x = (long) LONGS.get(bytes, i) ^ NEWLINES;
            // A byte of x is zero exactly where the input held '\n'. The lowest flagged byte is exact
            // (borrows only create false flags above a true zero byte), and little-endian order makes
            // the lowest byte the first one in the array.
            long found = (x - LOW_BITS) & ~x & HIGH_BITS;
            if (found != 0) {
                return i + (Long.numberOfTrailingZeros(found) >>> 3);
            }
        }
        for (; i < to; i++) {
            if (bytes[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    /**
     * Where the line whose {@code '\n'} is at {@code bytes[newline]} ends: a {@code '\r'} just
     * before the newline, and after {@code lineStart}, is not part of the line. The one place that
     * rule is written; small, so it inlines wherever a line is cut.
     */
    public static int lineEnd(byte[] bytes, int lineStart, int newline) {
        return newline > lineStart && bytes[newline - 1] == '\r' ? newline - 1 : newline;
    }

    /**
     * Hands every whole line of {@code bytes[from, to)} to {@code consumer}.
     *
     * @param fileOffset the file offset of {@code bytes[from]}
     * @return the index just after the last whole line; {@code from} when there is none. The bytes
     *     from there to {@code to} are a partial line that must wait for its newline.
     */
    public static int frame(byte[] bytes, int from, int to, long fileOffset, LineConsumer consumer) {
        int lineStart = from;
        int newline;
        while ((newline = indexOfNewline(bytes, lineStart, to)) >= 0) {
            consumer.accept(bytes, lineStart, lineEnd(bytes, lineStart, newline) - lineStart,
                    fileOffset + (lineStart - from), fileOffset + (newline + 1 - from));
            lineStart = newline + 1;
        }
        return lineStart;
    }
}
