package io.snapline.queue.chronicle.crash;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * One node stream's hourly files, written as a node without {@code --disable-output-file-buffering}
 * writes them: lines collect in a buffer that is flushed in chunks, and a chunk may end in the
 * middle of a line. After a rollover the previous hour's file stays open for late writes until
 * the next rollover. Tells the caller where each line starts, so a test can check a record's
 * source and offset.
 *
 * <p>Holds at most two open channels (this hour's and the previous one's); {@link #close()}
 * flushes everything still buffered and closes them. A file closed by a rollover is written whole
 * and never written again: {@link #closedFiles()} lists them, for a test to delete or rename.
 *
 * <p>While the node data root is moved aside ({@code createFiles} false) only files already open
 * are written to (their descriptors follow the move); a file not created yet stays buffered, so
 * the directory is not recreated under the old path.
 */
final class ChunkedHourlyWriter implements AutoCloseable {

    /** Where a line was put: the file and the offset of its first byte. */
    record Placed(String source, long offset) {
    }

    private final Path hourlyDirectory;
    private final List<Path> closed;
    private HourFile current;
    private HourFile previous;

    /**
     * @param hourlyDirectory {@code <root>/<stream>_streaming/hourly}
     * @param closed          where the path of each file closed by a rollover is added, whole
     */
    ChunkedHourlyWriter(Path hourlyDirectory, List<Path> closed) {
        this.hourlyDirectory = hourlyDirectory;
        this.closed = closed;
    }

    /**
     * Starts the file {@code YYYYMMDD/H}: the previous hour's file is flushed whole and closed,
     * this hour's becomes the previous one (it may still get late writes).
     */
    void rollTo(String day, int hour) throws IOException {
        if (previous != null) {
            previous.close();
            if (previous.channelOpened) {
                closed.add(previous.path);
            }
        }
        previous = current;
        current = new HourFile(hourlyDirectory.resolve(day).resolve(Integer.toString(hour)));
    }

    boolean hasPrevious() {
        return previous != null;
    }

    /** Buffers one whole line (newline added) into this hour's file, or a late one into the previous hour's. */
    Placed append(byte[] line, boolean late) {
        HourFile file = late && previous != null ? previous : current;
        return new Placed(file.path.toString(), file.append(line));
    }

    /**
     * Writes part of what is buffered: often all of it, sometimes up to a cut inside a line. With
     * {@code createFiles} false, only to files already created.
     */
    void flushSome(Random random, boolean createFiles) throws IOException {
        for (HourFile file : new HourFile[] {previous, current}) {
            if (file != null && file.buffered > 0 && (createFiles || file.channel != null) && random.nextInt(4) != 0) {
                int upTo = random.nextInt(3) == 0 ? 1 + random.nextInt(file.buffered) : file.buffered;
                file.write(upTo);
            }
        }
    }

    void flushAll() throws IOException {
        for (HourFile file : new HourFile[] {previous, current}) {
            if (file != null) {
                file.write(file.buffered);
            }
        }
    }

    @Override
    public void close() throws IOException {
        try {
            if (previous != null) {
                previous.close();
            }
        } finally {
            if (current != null) {
                current.close();
            }
        }
    }

    /** One hour's file: created on its first write, appended to by chunks of its buffer. */
    private static final class HourFile {

        final Path path;
        private FileChannel channel;
        private boolean channelOpened;
        private byte[] buffer = new byte[64 * 1024];
        int buffered;
        /** Bytes of whole lines handed to this file so far, written or still buffered. */
        private long length;

        HourFile(Path path) {
            this.path = path;
        }

        long append(byte[] line) {
            long offset = length;
            if (buffered + line.length + 1 > buffer.length) {
                buffer = Arrays.copyOf(buffer, Math.max(2 * buffer.length, buffered + line.length + 1));
            }
            System.arraycopy(line, 0, buffer, buffered, line.length);
            buffer[buffered + line.length] = '\n';
            buffered += line.length + 1;
            length += line.length + 1;
            return offset;
        }

        void write(int upTo) throws IOException {
            if (upTo == 0) {
                return;
            }
            if (channel == null) {
                Files.createDirectories(path.getParent());
                channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                        StandardOpenOption.APPEND);
                channelOpened = true;
            }
            ByteBuffer chunk = ByteBuffer.wrap(buffer, 0, upTo);
            while (chunk.hasRemaining()) {
                channel.write(chunk);
            }
            System.arraycopy(buffer, upTo, buffer, 0, buffered - upTo);
            buffered -= upTo;
        }

        void close() throws IOException {
            try {
                write(buffered);
            } finally {
                if (channel != null) {
                    channel.close();
                    channel = null;
                }
            }
        }
    }
}
