package io.snapline.nodegen;

import io.snapline.tailer.NodeLayout;
import io.snapline.tailer.NodeStream;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Appends lines to one stream's hourly files, one hour at a time. Lines are composed straight
 * into {@link #buffer()} and written out in large chunks; a chunk only ever ends after a newline,
 * so a tailer never sees a partial line for longer than one write takes.
 *
 * <p>Files are opened for appending, never truncated: a second run adds to what the first wrote.
 */
final class HourFileAppender implements Closeable {

    private final Path nodeDataRoot;
    private final NodeStream stream;
    private final NodeLayout layout;
    private final int flushBytes;
    private final AsciiBuffer buffer;
    private final List<Path> files = new ArrayList<>();
    private FileChannel channel;
    private long bytesWritten;
    private long lastFlushNanos = System.nanoTime();

    HourFileAppender(Path nodeDataRoot, NodeStream stream, NodeLayout layout, int flushBytes) {
        this.nodeDataRoot = nodeDataRoot;
        this.stream = stream;
        this.layout = layout;
        this.flushBytes = flushBytes;
        this.buffer = new AsciiBuffer(flushBytes + (64 << 10));
    }

    /** Writes what the previous hour has buffered, closes its file and opens {@code hour}'s. */
    Path open(NodeHour hour) throws IOException {
        closeFile();
        Path file = hour.file(nodeDataRoot, stream, layout);
        Files.createDirectories(file.getParent());
        channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        files.add(file);
        return file;
    }

    /** Where the next line is composed; call {@link #lineDone()} after its newline. */
    AsciiBuffer buffer() {
        return buffer;
    }

    /** A whole line has been appended to the buffer: writes the buffer out once it is large. */
    void lineDone() throws IOException {
        if (buffer.length() >= flushBytes) {
            flush();
        }
    }

    /** Writes the buffered lines out if the oldest has waited {@code maxHoldNanos} or longer. */
    void flushIfHeldLongerThan(long maxHoldNanos) throws IOException {
        if (buffer.length() > 0 && System.nanoTime() - lastFlushNanos >= maxHoldNanos) {
            flush();
        }
    }

    void flush() throws IOException {
        int length = buffer.length();
        if (length > 0) {
            ByteBuffer bytes = ByteBuffer.wrap(buffer.array(), 0, length);
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
            bytesWritten += length;
            buffer.setLength(0);
        }
        lastFlushNanos = System.nanoTime();
    }

    long bytesWritten() {
        return bytesWritten;
    }

    /** The files opened, in order. */
    List<Path> files() {
        return List.copyOf(files);
    }

    private void closeFile() throws IOException {
        if (channel != null) {
            try {
                flush();
            } finally {
                channel.close();
                channel = null;
            }
        }
    }

    @Override
    public void close() throws IOException {
        closeFile();
    }
}
