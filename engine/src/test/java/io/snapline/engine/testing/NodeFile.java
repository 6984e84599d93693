package io.snapline.engine.testing;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.snapline.tailer.NodeLayout;
import io.snapline.tailer.NodeStream;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A real file appended line by line as the node writes it, remembering where each line starts,
 * so a test can say which record must carry which offset. Thread-safe, so one thread may write
 * while another asks what was written.
 */
public final class NodeFile {

    /** One whole line as written: its text (newline excluded) and its span in the file. */
    public record Line(String text, long start, long end) {
    }

    private final Path path;
    private final List<Line> lines = new ArrayList<>();
    private final Map<Long, Line> byStart = new HashMap<>();
    private long size;

    public NodeFile(Path path) throws IOException {
        this.path = path;
        Files.createDirectories(path.getParent());
        if (Files.exists(path)) {
            size = Files.size(path);
        }
    }

    /** {@code <root>/<stream><layout suffix>/hourly/<day>/<hour>}, hour unpadded as the node writes it. */
    public static Path hourly(Path root, NodeStream stream, NodeLayout layout, String day, int hour) {
        return root.resolve(layout.directoryName(stream)).resolve("hourly").resolve(day).resolve(Integer.toString(hour));
    }

    public static NodeFile at(Path root, NodeStream stream, NodeLayout layout, String day, int hour) throws IOException {
        return new NodeFile(hourly(root, stream, layout, day, hour));
    }

    /** Appends whole lines, each with its newline, in one write. */
    public synchronized List<Line> append(String... texts) throws IOException {
        StringBuilder out = new StringBuilder();
        List<Line> added = new ArrayList<>(texts.length);
        long at = size;
        for (String text : texts) {
            long length = text.getBytes(UTF_8).length;
            added.add(new Line(text, at, at + length + 1));
            at += length + 1;
            out.append(text).append('\n');
        }
        appendRaw(out.toString());
        for (Line line : added) {
            add(line);
        }
        return added;
    }

    /** Appends bytes that need not end a line, e.g. the first half of one. */
    public synchronized void appendRaw(String text) throws IOException {
        byte[] bytes = text.getBytes(UTF_8);
        Files.write(path, bytes, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        size += bytes.length;
    }

    /** Records a line whose bytes were written in parts with {@link #appendRaw}. */
    public synchronized Line wroteLine(String text) {
        long end = size;
        Line line = new Line(text, end - text.getBytes(UTF_8).length - 1, end);
        add(line);
        return line;
    }

    private void add(Line line) {
        lines.add(line);
        byStart.put(line.start(), line);
    }

    public Path path() {
        return path;
    }

    public synchronized List<Line> lines() {
        return Collections.unmodifiableList(new ArrayList<>(lines));
    }

    public synchronized long size() {
        return size;
    }

    /** The line starting at {@code offset}, or null if none does. */
    public synchronized Line lineAt(long offset) {
        return byStart.get(offset);
    }
}
