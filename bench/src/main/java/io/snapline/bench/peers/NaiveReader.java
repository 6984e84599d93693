package io.snapline.bench.peers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The reader a user writes first: each hour file in turn through a {@link BufferedReader}, one
 * Jackson {@code readTree} per line, the status read from the tree. Nothing is made durable; it
 * prints how many lines it read (and how many were {@code badAloPxRejected}, so the parse cannot
 * be optimised away) for {@link PeersRun} to check.
 *
 * <p>Usage: {@code NaiveReader FILE...} (the hour files, in order).
 */
public final class NaiveReader {

    private NaiveReader() {
    }

    public static void main(String[] args) throws IOException {
        ObjectMapper json = new ObjectMapper();
        StatusCount count = new StatusCount();
        for (String file : args) {
            try (BufferedReader reader = Files.newBufferedReader(Path.of(file), StandardCharsets.UTF_8)) {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    count.add(json.readTree(line));
                }
            }
        }
        System.out.println(count);
    }

    /** What the Java peers count: lines, and the status of each, read from its tree. */
    static final class StatusCount {
        private long lines;
        private long badAlo;

        void add(JsonNode line) {
            lines++;
            JsonNode event = line.path("events").path(0);
            if ("badAloPxRejected".equals(event.path("status").asText())) {
                badAlo++;
            }
        }

        @Override
        public String toString() {
            return lines + " lines, " + badAlo + " badAloPxRejected";
        }
    }
}
