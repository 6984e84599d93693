package io.snapline.bench.peers;

import io.snapline.bench.Trees;
import io.snapline.nodegen.GeneratorOptions;
import io.snapline.nodegen.NodeFileGenerator;
import io.snapline.nodegen.NodeHour;
import io.snapline.tailer.NodeLayout;
import io.snapline.tailer.NodeStream;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * The input every peer reads: streaming order statuses from the generator (real-shaped, see
 * docs/tools.md), in hour files of {@value #LINES_PER_HOUR} lines (about 240 MB), from a fixed
 * seed and hour. Written once: a directory whose marker names the same size, seed and byte count
 * is used again, since writing a gigabyte takes longer than a run.
 *
 * @param root  the node data directory (what Snapline's config names)
 * @param files the hour files, in the order the node wrote them (what the other peers are given)
 */
record PeersInput(Path root, List<Path> files, long lines, long bytes) {

    static final NodeHour START_HOUR = NodeHour.parse("20260505/10");
    static final long LINES_PER_HOUR = 400_000;
    /** The generator's mean line, measured (OrderStatusStatisticsTest holds it at 590-612). */
    private static final double BYTES_PER_LINE = 600.4;
    private static final long SEED = 13;
    private static final String MARKER = "input.properties";

    static PeersInput prepare(Path workDir, long targetBytes, PrintStream log) throws IOException {
        Path dir = workDir.resolve("input-" + targetBytes);
        Path root = dir.resolve("hl-data");
        long lines = Math.max(1, Math.round(targetBytes / BYTES_PER_LINE));
        Properties wanted = new Properties();
        wanted.setProperty("lines", Long.toString(lines));
        wanted.setProperty("seed", Long.toString(SEED));
        wanted.setProperty("startHour", START_HOUR.toString());
        wanted.setProperty("linesPerHour", Long.toString(LINES_PER_HOUR));
        Properties marker = load(dir.resolve(MARKER));
        if (marker != null && wanted.entrySet().stream().allMatch(e -> e.getValue().equals(marker.get(e.getKey())))) {
            List<Path> files = hourFiles(root);
            long bytes = Long.parseLong(marker.getProperty("bytes"));
            if (totalSize(files) == bytes) {
                log.printf("input: reusing %s (%,d lines, %,d bytes, %d hour files)%n", root, lines, bytes, files.size());
                return new PeersInput(root, files, lines, bytes);
            }
        }
        Trees.delete(dir);
        log.printf("input: writing %,d streaming order-status lines under %s ...%n", lines, root);
        NodeFileGenerator generator = new NodeFileGenerator();
        long written = generator.run(GeneratorOptions.of(root, NodeStream.ORDER_STATUSES, NodeLayout.STREAMING, lines)
                .withStartHour(START_HOUR).withLinesPerHour(LINES_PER_HOUR).withSeed(SEED));
        Properties done = new Properties();
        done.putAll(wanted);
        done.setProperty("bytes", Long.toString(generator.bytesWritten()));
        try (Writer writer = Files.newBufferedWriter(dir.resolve(MARKER))) {
            done.store(writer, "PeersRun input; deleting this file makes the next run write it again");
        }
        List<Path> files = hourFiles(root);
        log.printf("input: %,d lines, %,d bytes in %d hour files%n", written, generator.bytesWritten(), files.size());
        return new PeersInput(root, files, written, generator.bytesWritten());
    }

    /** Reads every file once, so the first peer of the first round does not pay for the disk alone. */
    void warmPageCache() throws IOException {
        byte[] buffer = new byte[1 << 20];
        for (Path file : files) {
            try (InputStream in = Files.newInputStream(file)) {
                while (in.read(buffer) >= 0) {
                    // only reading
                }
            }
        }
    }

    /** The stream's hour files by date, then by hour as a number (9 before 10), as the node names them. */
    private static List<Path> hourFiles(Path root) throws IOException {
        Path hourly = root.resolve(NodeLayout.STREAMING.directoryName(NodeStream.ORDER_STATUSES)).resolve("hourly");
        try (Stream<Path> walk = Files.walk(hourly, 2)) {
            return walk.filter(Files::isRegularFile)
                    .sorted(Comparator.comparing((Path p) -> p.getParent().getFileName().toString())
                            .thenComparingInt(p -> Integer.parseInt(p.getFileName().toString())))
                    .toList();
        }
    }

    private static Properties load(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            properties.load(reader);
        }
        return properties;
    }

    private static long totalSize(List<Path> files) throws IOException {
        long total = 0;
        for (Path file : files) {
            total += Files.size(file);
        }
        return total;
    }
}
