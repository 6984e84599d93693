package io.snapline.tailer;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/**
 * A node's streaming order-status hour files for the long rollover tests: where an hour's file
 * is, appending lines to it, and pruning it as the node does after 48 hours.
 */
public final class StreamingHours {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyyMMdd");

    private StreamingHours() {
    }

    public static Path hourFile(Path nodeRoot, LocalDateTime hour) {
        return nodeRoot.resolve("node_order_statuses_streaming").resolve("hourly").resolve(DAY.format(hour))
                .resolve(Integer.toString(hour.getHour()));
    }

    /** Appends {@code count} lines that differ within their first bytes; returns {@code count}. */
    public static int write(Path file, int round, int count) throws IOException {
        StringBuilder text = new StringBuilder();
        for (int line = 0; line < count; line++) {
            text.append("{\"local_time\":\"").append(round).append('.').append(line).append(' ')
                    .append(file.getParent().getFileName()).append('/').append(file.getFileName())
                    .append("\",\"events\":[]}\n");
        }
        Files.createDirectories(file.getParent());
        Files.write(file, text.toString().getBytes(UTF_8), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        return count;
    }

    /** Deletes the file of {@code hour}, and its day directory once empty, as the node's pruning does. */
    public static void prune(Path nodeRoot, LocalDateTime hour) throws IOException {
        Path file = hourFile(nodeRoot, hour);
        Files.deleteIfExists(file);
        Path day = file.getParent();
        if (Files.isDirectory(day)) {
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(day)) {
                if (!entries.iterator().hasNext()) {
                    Files.delete(day);
                }
            }
        }
    }
}
