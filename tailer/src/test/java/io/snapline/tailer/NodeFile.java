package io.snapline.tailer;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A real file written as the node (or logrotate) would, with a copy of every byte it holds, so a
 * test says what must come out from what was really written.
 */
final class NodeFile {

    /** One whole line as written: its text (terminator excluded) and its span in the file. */
    record Line(String text, long start, long end) {
    }

    Path path;
    long inode = -1;
    private final ByteArrayOutputStream written = new ByteArrayOutputStream();

    NodeFile(Path path) {
        this.path = path;
    }

    NodeFile write(String text) throws IOException {
        byte[] bytes = text.getBytes(UTF_8);
        Files.createDirectories(path.getParent());
        Files.write(path, bytes, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        written.write(bytes, 0, bytes.length);
        if (inode < 0) {
            inode = ((Number) Files.getAttribute(path, "unix:ino")).longValue();
        }
        return this;
    }

    /** Cuts the file, in place, to its first {@code size} bytes. */
    void truncateTo(long size) throws IOException {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.WRITE)) {
            channel.truncate(size);
        }
        byte[] kept = Arrays.copyOf(written.toByteArray(), (int) size);
        written.reset();
        written.write(kept, 0, kept.length);
    }

    /** What logrotate's copytruncate leaves: the same inode, cut to 0, then written anew. */
    void truncateAndWrite(String text) throws IOException {
        truncateTo(0);
        write(text);
    }

    void renameTo(Path target) throws IOException {
        Files.move(path, target, StandardCopyOption.ATOMIC_MOVE);
        path = target;
    }

    long size() {
        return written.size();
    }

    /** The whole lines written so far, '\r' before the newline excluded. */
    List<Line> wholeLines() {
        byte[] bytes = written.toByteArray();
        List<Line> lines = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '\n') {
                int end = i > start && bytes[i - 1] == '\r' ? i - 1 : i;
                lines.add(new Line(new String(bytes, start, end - start, UTF_8), start, i + 1));
                start = i + 1;
            }
        }
        return lines;
    }
}
