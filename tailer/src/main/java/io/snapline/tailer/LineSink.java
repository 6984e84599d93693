package io.snapline.tailer;

/**
 * Where the tailer hands whole lines, on the tailer's own thread. The byte array is the tailer's
 * and is reused as soon as the call returns: copy what you keep. A sink may block (a full ring
 * downstream); the tailer then simply waits, and the backlog stays in the files.
 */
public interface LineSink {

    /**
     * One whole line, terminator excluded.
     *
     * @param startOffset file offset of the line's first byte
     * @param endOffset   file offset just after its {@code '\n'}: where to resume after this line
     */
    void onLine(TailedFile file, byte[] buffer, int offset, int length, long startOffset, long endOffset);

    /**
     * A line longer than the maximum, skipped. Only its first bytes are given; {@code endOffset}
     * is where reading resumed, so a consumer can store it as a position like any line's end.
     */
    default void onLineTooLong(TailedFile file, long startOffset, long length,
                               byte[] head, int headOffset, int headLength, long endOffset) {
    }
}
