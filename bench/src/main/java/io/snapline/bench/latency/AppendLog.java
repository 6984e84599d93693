package io.snapline.bench.latency;

/**
 * When each line reached the file: its start offset and the {@link System#nanoTime()} taken just
 * before the write that carried its newline. Written by the writer thread only, read by the queue
 * reader: the writer fills a line's entry, then raises {@link #published} (volatile), then writes
 * the bytes; a record the reader sees can only be of bytes already written, so of a published line.
 */
final class AppendLog {

    private final long[] offsets;
    private final long[] appendNanos;
    private volatile int published;

    AppendLog(int capacity) {
        this.offsets = new long[capacity];
        this.appendNanos = new long[capacity];
    }

    int capacity() {
        return offsets.length;
    }

    /** Writer thread: line {@code line} starts at {@code offset}; its time comes with {@link #appended}. */
    void starts(int line, long offset) {
        offsets[line] = offset;
    }

    /** Writer thread: lines up to {@code lastLine} inclusive are about to be written at {@code nanos}. */
    void appended(int fromLine, int lastLine, long nanos) {
        for (int i = fromLine; i <= lastLine; i++) {
            appendNanos[i] = nanos;
        }
        published = lastLine + 1;
    }

    int published() {
        return published;
    }

    /**
     * Reader thread: the line starting at {@code offset}, searched from {@code hint} on (records of
     * one file come in file order), or -1 if no published line starts there.
     */
    int lineAt(long offset, int hint) {
        int limit = published;
        int line = Math.max(0, hint);
        while (line < limit && offsets[line] < offset) {
            line++;
        }
        return line < limit && offsets[line] == offset ? line : -1;
    }

    long appendNanos(int line) {
        return appendNanos[line];
    }
}
