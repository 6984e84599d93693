package io.snapline.tailer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Arrays;

/**
 * Reads one open file from its position and hands whole lines to the sink.
 *
 * <p>One read buffer serves every file, because the tailer reads one file at a time and keeps no
 * bytes between reads: a partial last line is simply read again, from its start, next time. The
 * buffer grows only for a line that does not fit, and never beyond the longest line handed on
 * whole; a longer line is scanned past without being held, and reported with its first bytes.
 * So memory is the buffer plus at most one maximum-length line, whatever the backlog; and a
 * buffer grown past {@link #KEPT_BUFFER_FACTOR} times its configured size goes back to that size
 * at the end of the read that handed the long line on (unless a partial line too long for it is
 * pending), so a single by-block line of hundreds of megabytes is not kept for the life of the
 * process.
 */
final class FileLineReader {

    /**
     * A buffer grown for long lines is kept up to this many times the configured size (8 MiB by
     * default): a by-block stream's ordinary 3.7 MB lines then reuse one 4 MiB buffer instead of
     * growing it again (1, 2, 4 MiB) in every read. Past it, the buffer is given back.
     */
    static final int KEPT_BUFFER_FACTOR = 8;

    /** Positional reads go through the JDK's per-thread direct buffer; keep each read modest. */
    private static final int MAX_READ_CHUNK = 1 << 20;

    private final LineSink sink;
    private final TailerEvents events;
    private final Fingerprinter fingerprinter;
    private final int maxLineLength;
    private final int maxBufferSize;
    private final long readBudget;
    private final int readChunk;
    private final byte[] head;

    private byte[] buffer;
    private ByteBuffer bufferView;

    FileLineReader(TailerConfig config, LineSink sink, TailerEvents events, Fingerprinter fingerprinter) {
        this.sink = sink;
        this.events = events;
        this.fingerprinter = fingerprinter;
        this.maxLineLength = config.maxLineLength();
        this.maxBufferSize = Math.max(config.readBufferSize(), config.maxLineLength() + 2);
        this.readBudget = config.readBudgetBytes();
        this.readChunk = config.readBufferSize();
        this.head = new byte[config.tooLongHeadBytes()];
        this.buffer = new byte[config.readBufferSize()];
        this.bufferView = ByteBuffer.wrap(buffer);
    }

    /** Current capacity of the read buffer, for tests and memory accounting. */
    int bufferCapacity() {
        return buffer.length;
    }

    /**
     * Reads what the file holds beyond its position, up to the read budget.
     *
     * @return bytes read from the file
     */
    long read(TailedFile file, long nowNanos) throws IOException {
        FileChannel channel = file.channel;
        long size = channel.size();
        // The fingerprint (one 64-byte read) also catches a copytruncate that has grown back to
        // exactly the size we last saw.
        boolean sameContent = fingerprinter.matches(file.identity, channel);
        if (size == file.sizeAtLastRead && sameContent && file.atEnd) {
            return 0; // nothing new; a partial last line is not read again until the file grows
        }
        if (size != file.sizeAtLastRead || !sameContent) {
            noteChange(file, channel, size, sameContent, nowNanos);
        }
        // Not at the end until this read gets there: if the sink throws, the next poll goes on.
        file.atEnd = false;

        long bytesRead = 0;
        if (file.skipStart < 0 && file.partialScannedTo > file.position) {
            // A partial line was seen before: look for its newline in the new bytes only, so a
            // line flushed in many small pieces is not read again from its start each time.
            long at = file.partialScannedTo;
            while (at < size) {
                int n = readAt(channel, 0, (int) Math.min(buffer.length, size - at), at);
                if (n <= 0 || LineFramer.indexOfNewline(buffer, 0, n) >= 0) {
                    bytesRead += Math.max(n, 0);
                    break;
                }
                bytesRead += n;
                at += n;
            }
            if (at >= size) {
                file.partialScannedTo = at;
                file.atEnd = true;
                return bytesRead;
            }
        }

        long pos = file.position; // file offset of buffer[0]
        int filled = 0;           // buffer[0, filled) holds the file from pos
        int lineStart = 0;        // start of the first line not yet handed on
        int scanFrom = 0;         // buffer[lineStart, scanFrom) is known to hold no newline
        boolean atEnd = false;
        boolean skippedOne = false;
        try {
            if (file.skipStart >= 0) {
                long scanStart = file.skipScannedTo;
                long after = skipOverlongLine(file, file.skipStart, size);
                bytesRead += file.skipScannedTo - scanStart;
                if (after < 0) {
                    atEnd = file.skipScannedTo >= size;
                    return bytesRead;
                }
                pos = after;
                skippedOne = true;
            }
            while (true) {
                int newline = LineFramer.indexOfNewline(buffer, scanFrom, filled);
                if (newline >= 0) {
                    handOn(file, lineStart, newline, pos);
                    lineStart = newline + 1;
                    scanFrom = lineStart;
                    continue;
                }
                scanFrom = filled;
                long fileAt = pos + filled;
                if (fileAt >= size) {
                    atEnd = true;
                    break;
                }
                if (bytesRead >= readBudget && (lineStart > 0 || skippedOne)) {
                    break; // the budget stops a read only after progress, or a long line would never finish
                }
                if (lineStart > 0) { // keep only the partial line, at the front
                    System.arraycopy(buffer, lineStart, buffer, 0, filled - lineStart);
                    pos += lineStart;
                    filled -= lineStart;
                    scanFrom = filled;
                    lineStart = 0;
                }
                if (filled == buffer.length) {
                    if (buffer.length < maxBufferSize) {
                        grow();
                    } else {
                        // Longer than any line handed on whole: scan past it without holding it.
                        long scanStart = pos + filled;
                        file.skipScannedTo = scanStart;
                        long after = skipOverlongLine(file, pos, size);
                        bytesRead += file.skipScannedTo - scanStart;
                        filled = 0;
                        scanFrom = 0;
                        if (after < 0) {
                            atEnd = file.skipScannedTo >= size;
                            break;
                        }
                        pos = after;
                        skippedOne = true;
                        continue;
                    }
                }
                // Reads stay near the configured size even after the buffer grew for one long line.
                int want = (int) Math.min(Math.min(buffer.length - filled, size - fileAt),
                        Math.max(readChunk, filled));
                int n = readAt(channel, filled, want, fileAt);
                if (n <= 0) {
                    atEnd = true; // shrank under us: the next read sees the truncation
                    break;
                }
                filled += n;
                bytesRead += n;
            }
        } finally {
            // Also on a sink exception: what was handed on stays handed on.
            file.position = pos + lineStart;
            file.atEnd = atEnd;
            file.partialScannedTo = atEnd && file.skipStart < 0 ? pos + filled : -1;
            // Nothing is kept between reads, so a buffer grown past what is kept can go as soon as
            // what it must still hold next time fits the configured size. Allocates once per line
            // over the kept size, never for the lines under it.
            if (buffer.length > (long) readChunk * KEPT_BUFFER_FACTOR && filled - lineStart <= readChunk) {
                shrink();
            }
        }
        return bytesRead;
    }

    /** The file grew, shrank or was rewritten since it was last read. */
    private void noteChange(TailedFile file, FileChannel channel, long size, boolean sameContent, long nowNanos)
            throws IOException {
        // The first read after opening keeps the idle time the file's mtime gave it, so a quiet
        // backlog file is closed as soon as it is read.
        boolean grew = file.sizeAtLastRead >= 0;
        if (!sameContent || size < file.position || size < file.sizeAtLastRead) {
            long previous = file.position;
            file.restartAtZero();
            events.fileTruncated(file, previous, size);
            grew = true;
        }
        file.identity = fingerprinter.extend(file.identity, channel, size);
        if (grew) {
            file.lastGrowthNanos = nowNanos;
        }
        file.sizeAtLastRead = size;
        file.size = size;
    }

    private void handOn(TailedFile file, int from, int newline, long bufferOffset) {
        int length = LineFramer.lineEnd(buffer, from, newline) - from;
        long start = bufferOffset + from;
        long next = bufferOffset + newline + 1;
        if (length > maxLineLength) {
            sink.onLineTooLong(file, start, length, buffer, from, Math.min(length, head.length), next);
            events.lineTooLong(file, start, length);
        } else {
            sink.onLine(file, buffer, from, length, start, next);
        }
    }

    /**
     * Scans for the newline that ends the over-long line starting at {@code lineStart}, from
     * {@code file.skipScannedTo}, without keeping its bytes.
     *
     * @return the offset after its newline, or -1 if the file (or the read budget) ended first;
     *     the scan then resumes from {@code file.skipScannedTo} on the next read
     */
    private long skipOverlongLine(TailedFile file, long lineStart, long size) throws IOException {
        file.skipStart = lineStart;
        long at = file.skipScannedTo;
        long budgetEnd = at + readBudget;
        while (at < size && at < budgetEnd) {
            // From the byte before at (the line's own: at is past its first buffer-full), so that
            // LineFramer.lineEnd sees a '\r' that ended the previous read next to its '\n'.
            long from = at - 1;
            int n = readAt(file.channel, 0, (int) Math.min(buffer.length, size - from), from);
            if (n <= 1) {
                break;
            }
            int newline = LineFramer.indexOfNewline(buffer, 1, n);
            if (newline >= 0) {
                long next = from + newline + 1;
                file.skipScannedTo = next;
                file.skipStart = -1;
                reportOverlong(file, lineStart, from + LineFramer.lineEnd(buffer, 0, newline) - lineStart, next);
                return next;
            }
            at = from + n;
        }
        file.skipScannedTo = at;
        return -1;
    }

    private void reportOverlong(TailedFile file, long start, long length, long next) throws IOException {
        int headLength = (int) Math.min(head.length, length);
        ByteBuffer view = ByteBuffer.wrap(head, 0, headLength);
        long at = start;
        while (view.hasRemaining()) {
            int n = file.channel.read(view, at);
            if (n <= 0) {
                break;
            }
            at += n;
        }
        sink.onLineTooLong(file, start, length, head, 0, view.position(), next);
        events.lineTooLong(file, start, length);
    }

    /** Reads up to {@code length} bytes at {@code fileOffset} into {@code buffer[into...]}. */
    private int readAt(FileChannel channel, int into, int length, long fileOffset) throws IOException {
        int total = 0;
        while (total < length) {
            int chunk = Math.min(length - total, MAX_READ_CHUNK);
            bufferView.limit(into + total + chunk).position(into + total);
            int n = channel.read(bufferView, fileOffset + total);
            if (n <= 0) {
                break;
            }
            total += n;
        }
        return total;
    }

    private void shrink() {
        buffer = new byte[readChunk];
        bufferView = ByteBuffer.wrap(buffer);
    }

    private void grow() {
        int newSize = (int) Math.min(maxBufferSize, Math.max(buffer.length * 2L, 16));
        buffer = Arrays.copyOf(buffer, newSize);
        bufferView = ByteBuffer.wrap(buffer);
    }
}
