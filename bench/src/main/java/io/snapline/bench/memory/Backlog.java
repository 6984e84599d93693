package io.snapline.bench.memory;

import io.snapline.bench.Trees;
import io.snapline.nodegen.GeneratorOptions;
import io.snapline.nodegen.NodeFileGenerator;
import io.snapline.nodegen.NodeHour;
import io.snapline.tailer.NodeLayout;
import io.snapline.tailer.NodeStream;

import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * A generated backlog of order-status files: hourly files of about 1 GiB, from a fixed seed and
 * start hour, so the same parameters give the same bytes. A directory that already holds one
 * with the same parameters (its {@code backlog.properties} and its files' total size agree) is
 * used again instead of writing gigabytes anew.
 *
 * @param root  the node data directory holding the files
 * @param lines lines written, all of them whole
 * @param bytes bytes written
 */
record Backlog(Path root, NodeLayout layout, long lines, long bytes) {

    static final NodeHour START_HOUR = NodeHour.parse("20261122/0");
    private static final long HOUR_FILE_BYTES = 1L << 30;
    private static final String MARKER = "backlog.properties";

    static Backlog prepare(Path workDir, NodeLayout layout, long targetBytes, int eventsPerBlock, PrintStream log)
            throws IOException {
        int events = layout == NodeLayout.BY_BLOCK ? eventsPerBlock : GeneratorOptions.DEFAULT_EVENTS_PER_BLOCK;
        Path dir = workDir.resolve("backlog-" + layout.name().toLowerCase(java.util.Locale.ROOT) + "-"
                + targetBytes + "-e" + events);
        Properties wanted = new Properties();
        wanted.setProperty("stream", NodeStream.ORDER_STATUSES.name());
        wanted.setProperty("layout", layout.name());
        wanted.setProperty("targetBytes", Long.toString(targetBytes));
        wanted.setProperty("eventsPerBlock", Integer.toString(events));
        wanted.setProperty("seed", Long.toString(GeneratorOptions.DEFAULT_SEED));
        wanted.setProperty("startHour", START_HOUR.toString());
        Backlog existing = reuse(dir, layout, wanted);
        if (existing != null) {
            log.printf("backlog: reusing %s (%,d lines, %,d bytes)%n", dir, existing.lines(), existing.bytes());
            return existing;
        }
        Trees.delete(dir);
        Files.createDirectories(dir);
        double bytesPerLine = bytesPerLine(dir.resolve("sample"), layout, events);
        long lines = Math.max(1, (long) Math.ceil(targetBytes / bytesPerLine));
        long linesPerHour = Math.max(1, Math.round(HOUR_FILE_BYTES / bytesPerLine));
        Path root = dir.resolve("hl-data");
        log.printf("backlog: writing %,d %s lines (~%,.0f bytes each) under %s ...%n", lines,
                layout.name().toLowerCase(java.util.Locale.ROOT), bytesPerLine, root);
        long started = System.nanoTime();
        NodeFileGenerator generator = new NodeFileGenerator();
        long written = generator.run(options(root, layout, lines, events).withLinesPerHour(linesPerHour));
        long bytes = generator.bytesWritten();
        log.printf("backlog: %,d lines, %,d bytes in %d files, %.1f s%n", written, bytes, generator.files().size(),
                (System.nanoTime() - started) / 1e9);
        Properties marker = new Properties();
        marker.putAll(wanted);
        marker.setProperty("lines", Long.toString(written));
        marker.setProperty("bytes", Long.toString(bytes));
        try (Writer writer = Files.newBufferedWriter(dir.resolve(MARKER))) {
            marker.store(writer, "MemoryRun backlog; deleting this file makes the next run write it again");
        }
        return new Backlog(root, layout, written, bytes);
    }

    private static GeneratorOptions options(Path root, NodeLayout layout, long lines, int events) {
        return GeneratorOptions.of(root, NodeStream.ORDER_STATUSES, layout, lines).withStartHour(START_HOUR)
                .withEventsPerBlock(events);
    }

    /** Writes a small sample with the same seed to size the run: lines from the generator vary in length. */
    private static double bytesPerLine(Path sampleDir, NodeLayout layout, int events) throws IOException {
        long lines = layout == NodeLayout.BY_BLOCK ? Math.max(4, 400_000 / events) : 50_000;
        NodeFileGenerator generator = new NodeFileGenerator();
        long written = generator.run(options(sampleDir, layout, lines, events));
        double perLine = (double) generator.bytesWritten() / written;
        Trees.delete(sampleDir);
        return perLine;
    }

    private static Backlog reuse(Path dir, NodeLayout layout, Properties wanted) throws IOException {
        Path markerFile = dir.resolve(MARKER);
        if (!Files.isRegularFile(markerFile)) {
            return null;
        }
        Properties marker = new Properties();
        try (Reader reader = Files.newBufferedReader(markerFile)) {
            marker.load(reader);
        }
        for (String key : wanted.stringPropertyNames()) {
            if (!wanted.getProperty(key).equals(marker.getProperty(key))) {
                return null;
            }
        }
        Path root = dir.resolve("hl-data");
        long bytes = Long.parseLong(marker.getProperty("bytes", "-1"));
        if (!Files.isDirectory(root) || totalSize(root) != bytes) {
            return null;
        }
        return new Backlog(root, layout, Long.parseLong(marker.getProperty("lines")), bytes);
    }

    private static long totalSize(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            long total = 0;
            for (Path path : walk.filter(Files::isRegularFile).toList()) {
                total += Files.size(path);
            }
            return total;
        }
    }
}
