package io.snapline.bench.latency;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * The node's side: appends pool lines to one hour file at a fixed rate, line by line or in
 * 8 KiB chunks ({@link WriteMode}), noting in the {@link AppendLog} when each line's newline
 * was written. Lines are due at {@code start + i / rate}; a writer that wakes late (a park is
 * ~60 us on Linux) writes every line that is due, so the rate holds on average and each line's
 * time is when it really reached the file, not when it was due.
 *
 * <p>Owns the file's channel; {@link #close()} writes what a chunk still holds and closes it.
 */
final class PacedWriter implements AutoCloseable {

    private static final long MAX_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    private final FileChannel channel;
    private final LinePool pool;
    private final AppendLog log;
    private final WriteMode mode;
    private final ByteBuffer poolBuffer;
    private final ByteBuffer chunk = ByteBuffer.allocate(WriteMode.CHUNK_BYTES);
    private int nextLine;
    /** First line whose newline is not in the file yet (chunked mode). */
    private int pendingFrom;
    private long fileOffset;
    private long bufferedEnd;
    private final long[] lineEnds;

    PacedWriter(Path file, LinePool pool, AppendLog log, WriteMode mode) throws IOException {
        this.channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
        this.pool = pool;
        this.log = log;
        this.mode = mode;
        this.poolBuffer = ByteBuffer.wrap(pool.bytes());
        this.lineEnds = new long[log.capacity()];
    }

    /** Writes the next line alone, whatever the mode: the probe that shows the engine is reading. */
    int writeAlone() throws IOException {
        int line = nextLine++;
        int poolLine = line % pool.size();
        log.starts(line, fileOffset);
        log.appended(line, line, System.nanoTime());
        writeFully(poolBuffer.limit(pool.start(poolLine) + pool.length(poolLine)).position(pool.start(poolLine)));
        fileOffset += pool.length(poolLine);
        bufferedEnd = fileOffset;
        pendingFrom = nextLine;
        return line;
    }

    /**
     * Writes {@code lines} lines at {@code linesPerSecond}, or fewer if stopped.
     *
     * @return the nanoseconds from the first line's due time to the last line's write
     */
    long writePaced(int lines, double linesPerSecond, BooleanSupplier stop) throws IOException {
        int first = nextLine;
        int end = Math.min(log.capacity(), first + lines);
        double nanosPerLine = 1e9 / linesPerSecond;
        long start = System.nanoTime();
        while (nextLine < end && !stop.getAsBoolean()) {
            long now = System.nanoTime();
            long due = Math.min(end, first + 1 + (long) ((now - start) / nanosPerLine));
            if (due <= nextLine) {
                long wait = start + (long) ((nextLine - first) * nanosPerLine) - now;
                LockSupport.parkNanos(Math.max(1, Math.min(wait, MAX_PARK_NANOS)));
                continue;
            }
            while (nextLine < due) {
                append(nextLine++);
            }
        }
        flushChunk();
        return System.nanoTime() - start;
    }

    int linesWritten() {
        return nextLine;
    }

    private void append(int line) throws IOException {
        int poolLine = line % pool.size();
        int from = pool.start(poolLine);
        int length = pool.length(poolLine);
        log.starts(line, bufferedEnd);
        bufferedEnd += length;
        lineEnds[line] = bufferedEnd;
        if (mode == WriteMode.LINE) {
            log.appended(line, line, System.nanoTime());
            writeFully(poolBuffer.limit(from + length).position(from));
            fileOffset = bufferedEnd;
            pendingFrom = line + 1;
            return;
        }
        while (length > 0) {
            int take = Math.min(length, chunk.remaining());
            chunk.put(pool.bytes(), from, take);
            from += take;
            length -= take;
            if (!chunk.hasRemaining()) {
                flushChunk();
            }
        }
    }

    /** Writes what the chunk holds; every line whose newline it carries is noted as appended now. */
    private void flushChunk() throws IOException {
        if (chunk.position() == 0) {
            return;
        }
        long chunkEnd = fileOffset + chunk.position();
        int last = pendingFrom - 1;
        while (last + 1 < nextLine && lineEnds[last + 1] <= chunkEnd) {
            last++;
        }
        if (last >= pendingFrom) {
            log.appended(pendingFrom, last, System.nanoTime());
            pendingFrom = last + 1;
        }
        chunk.flip();
        writeFully(chunk);
        chunk.clear();
        fileOffset = chunkEnd;
    }

    private void writeFully(ByteBuffer bytes) throws IOException {
        while (bytes.hasRemaining()) {
            channel.write(bytes);
        }
    }

    @Override
    public void close() throws IOException {
        try {
            flushChunk();
        } finally {
            channel.close();
        }
    }
}
