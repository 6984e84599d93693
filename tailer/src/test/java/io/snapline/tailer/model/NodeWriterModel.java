package io.snapline.tailer.model;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The writer side of the model: real hourly files in a temp directory, written the way a node (or
 * logrotate) writes them, with a record of every line so the test can say what must come out.
 *
 * <p>Every line starts with a unique 12-character id ({@code L00000000042}), so a delivered line
 * names the line it claims to be, and two files never share their first bytes.
 */
final class NodeWriterModel {

    /** One line as written: its bytes (terminator excluded), its span, and what became of it. */
    static final class WrittenLine {
        final long id;
        final ModelFile file;
        final String text;
        final long start;
        final long end;
        boolean complete;
        /** Unreadable by design: in a documented loss window. */
        boolean lost;

        WrittenLine(long id, ModelFile file, String text, long start, long end) {
            this.id = id;
            this.file = file;
            this.text = text;
            this.start = start;
            this.end = end;
        }
    }

    /** One physical file (one inode). */
    static final class ModelFile {
        final int number;
        Path path;
        long inode;
        long size;
        boolean exists = true;
        final List<WrittenLine> lines = new ArrayList<>();
        /** A line whose first bytes are written and whose rest (with its newline) is not. */
        WrittenLine partial;
        int partialWritten;
        byte[] partialBytes;

        ModelFile(int number, Path path) {
            this.number = number;
            this.path = path;
        }
    }

    final Path sequenceDirectory;
    final int maxLineLength;
    final List<ModelFile> files = new ArrayList<>();
    final Map<Long, WrittenLine> byId = new HashMap<>();
    private long nextLineId;
    private long hourKey = 2026050521; // 21:00, so a run crosses midnight into a new date directory
    ModelFile newest;
    ModelFile previous;

    NodeWriterModel(Path nodeDataRoot, int maxLineLength) {
        this.sequenceDirectory = nodeDataRoot.resolve("node_order_statuses_streaming").resolve("hourly");
        this.maxLineLength = maxLineLength;
    }

    /** Starts the next hour's file (the first one, on the first call). */
    ModelFile nextHour() throws IOException {
        if (newest != null) {
            hourKey = hourKey % 100 == 23 ? (hourKey / 100 + 1) * 100 : hourKey + 1;
        }
        Path path = sequenceDirectory.resolve(Long.toString(hourKey / 100)).resolve(Long.toString(hourKey % 100));
        Files.createDirectories(path.getParent());
        return startFile(path);
    }

    private ModelFile startFile(Path path) throws IOException {
        Files.write(path, new byte[0], StandardOpenOption.CREATE_NEW);
        ModelFile file = new ModelFile(files.size(), path);
        file.inode = ((Number) Files.getAttribute(path, "unix:ino")).longValue();
        files.add(file);
        previous = newest;
        newest = file;
        return file;
    }

    /** Appends whole lines (finishing a partial line first). */
    void appendLines(ModelFile file, int count, int seed) throws IOException {
        finishPartial(file);
        for (int i = 0; i < count; i++) {
            WrittenLine line = newLine(file, seed + i);
            write(file, bytesOf(line, seed + i));
            line.complete = true;
        }
    }

    /** Writes some bytes of a line: starts one, continues it, or finishes it. */
    void appendPiece(ModelFile file, int seed) throws IOException {
        if (file.partial == null) {
            WrittenLine line = newLine(file, seed);
            file.partial = line;
            file.partialBytes = bytesOf(line, seed);
            file.partialWritten = 0;
        }
        int remaining = file.partialBytes.length - file.partialWritten;
        int piece = 1 + Math.floorMod(seed * 31, remaining);
        write(file, file.partialBytes, file.partialWritten, piece);
        file.partialWritten += piece;
        if (file.partialWritten == file.partialBytes.length) {
            file.partial.complete = true;
            file.partial = null;
        }
    }

    void finishPartial(ModelFile file) throws IOException {
        if (file.partial != null) {
            write(file, file.partialBytes, file.partialWritten, file.partialBytes.length - file.partialWritten);
            file.partial.complete = true;
            file.partial = null;
        }
    }

    /** logrotate's "create": the file moves out of the sequence and a new one takes its name. */
    ModelFile renameAndCreate() throws IOException {
        ModelFile rotated = newest;
        Path original = rotated.path;
        // A name of its own: renaming onto an existing file would silently delete that one.
        Path target = original.resolveSibling(original.getFileName() + ".old" + rotated.number);
        Files.move(original, target, StandardCopyOption.ATOMIC_MOVE);
        rotated.path = target; // a half-written line there is finished by a late write, if one comes
        ModelFile created = startFile(original);
        previous = rotated;
        return created;
    }

    /** logrotate's "copytruncate": copy the file aside, then cut it to zero under the writer. */
    void copyTruncate(ModelFile file) throws IOException {
        finishPartial(file);
        Files.copy(file.path, file.path.resolveSibling(file.path.getFileName() + ".1"),
                StandardCopyOption.REPLACE_EXISTING);
        try (FileChannel channel = FileChannel.open(file.path, StandardOpenOption.WRITE)) {
            channel.truncate(0);
        }
        file.size = 0;
    }

    void delete(ModelFile file) throws IOException {
        Files.delete(file.path);
        file.exists = false;
        abandonPartial(file);
        if (previous == file) {
            previous = null;
        }
    }

    /** The oldest file still on disk that is not the newest, or null. */
    ModelFile oldestOlderFile() {
        for (ModelFile file : files) {
            if (file.exists && file != newest && file.path.getFileName().toString().matches("\\d+")) {
                return file;
            }
        }
        return null;
    }

    private void abandonPartial(ModelFile file) {
        if (file.partial != null) {
            byId.remove(file.partial.id);
            file.lines.remove(file.partial);
            file.partial = null;
        }
    }

    private WrittenLine newLine(ModelFile file, int seed) {
        long id = nextLineId++;
        int length;
        if (Math.floorMod(seed, 23) == 0) {
            length = maxLineLength + 1 + Math.floorMod(seed * 7, 3 * maxLineLength); // over-long
        } else {
            length = 64 + Math.floorMod(seed * 13, 200);
        }
        StringBuilder text = new StringBuilder(length);
        text.append(String.format("L%011d f%d ", id, file.number));
        while (text.length() < length) {
            text.append((char) ('a' + Math.floorMod(seed + text.length(), 26)));
        }
        text.setLength(length);
        boolean crlf = Math.floorMod(seed, 5) == 0;
        long start = file.size;
        WrittenLine line = new WrittenLine(id, file, text.toString(), start, start + length + (crlf ? 2 : 1));
        file.lines.add(line);
        byId.put(id, line);
        return line;
    }

    private static byte[] bytesOf(WrittenLine line, int seed) {
        String terminator = line.end - line.start == line.text.length() + 2 ? "\r\n" : "\n";
        return (line.text + terminator).getBytes(StandardCharsets.US_ASCII);
    }

    private void write(ModelFile file, byte[] bytes) throws IOException {
        write(file, bytes, 0, bytes.length);
    }

    private void write(ModelFile file, byte[] bytes, int offset, int length) throws IOException {
        try (FileChannel channel = FileChannel.open(file.path, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            ByteBuffer buffer = ByteBuffer.wrap(bytes, offset, length);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
        }
        file.size += length;
    }
}
