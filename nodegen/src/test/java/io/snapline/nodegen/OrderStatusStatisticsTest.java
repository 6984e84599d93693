package io.snapline.nodegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.snapline.tailer.NodeLayout;
import io.snapline.tailer.NodeStream;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The generated streaming order statuses hold the statistics docs/tools.md ("Real-shaped order
 * statuses") documents, measured through Jackson's parse of the lines rather than the generator's
 * own constants. Each band is the documented target with room for sampling (at 100,000 lines a
 * share's standard deviation is at most 0.0016) and no more, so a change of mix or shape fails.
 */
class OrderStatusStatisticsTest {

    private static final int LINES = 100_000;
    private static final NodeHour HOUR = NodeHour.parse("20260505/17");
    private static final Set<String> CANCELS = Set.of("canceled", "marginCanceled", "reduceOnlyCanceled",
            "selfTradeCanceled", "siblingFilledCanceled");

    @TempDir
    Path dir;

    @Test
    void shouldWriteTheDocumentedMixLengthsAndShapesOfABusyHour() throws IOException {
        GeneratorOptions options = GeneratorOptions.of(dir, NodeStream.ORDER_STATUSES, NodeLayout.STREAMING, LINES)
                .withStartHour(HOUR).withSeed(13);
        new NodeFileGenerator().run(options);
        Stats stats = Stats.of(HOUR.file(dir, NodeStream.ORDER_STATUSES, NodeLayout.STREAMING));

        assertEquals(LINES, stats.lines);
        assertEquals(0, stats.nonAsciiLines, "real captures hold no byte above 0x7f");
        assertBetween(0.945, 0.955, stats.share(stats.badAlo), "badAloPxRejected");
        assertBetween(0.970, 0.980, stats.share(stats.rejections), "all rejections");
        assertEquals(0, stats.hashMismatches, "a hash exactly when the status is neither a rejection nor a cancel");
        assertBetween(0.975, 0.990, stats.share(stats.nullHashes), "null hashes");
        assertBetween(0.018, 0.031, stats.share(stats.builderObjects), "builder objects");
        assertBetween(0.0005, 0.0015, stats.share(stats.withChildren), "lines with TP/SL children");
        assertEquals(0, stats.childrenNotOrders, "children are whole nested orders");
        assertBetween(0.85, 0.95, stats.share(stats.cloids), "client order ids");

        Arrays.sort(stats.lengths);
        double mean = (double) stats.bytes / LINES;
        assertBetween(590, 612, mean, "mean line length (bytes, newline included)");
        assertBetween(590, 612, percentile(stats.lengths, 50), "median line length");
        assertTrue(percentile(stats.lengths, 1) >= 550, "p1 line length " + percentile(stats.lengths, 1));
        assertTrue(percentile(stats.lengths, 99) <= 700, "p99 line length " + percentile(stats.lengths, 99));

        assertBetween(0.70, 0.82, topShare(stats.linesByUser, 40), "the 40 busiest accounts' share");
        assertBetween(0.61, 0.64, stats.share(stats.btcOrEth), "BTC and ETH");
    }

    private static int percentile(int[] sorted, int p) {
        return sorted[(int) ((long) sorted.length * p / 100)];
    }

    private static double topShare(Map<String, Integer> counts, int top) {
        int[] sorted = counts.values().stream().mapToInt(Integer::intValue).sorted().toArray();
        long sum = 0;
        for (int i = 0; i < top && i < sorted.length; i++) {
            sum += sorted[sorted.length - 1 - i];
        }
        return (double) sum / LINES;
    }

    private static void assertBetween(double low, double high, double actual, String what) {
        assertTrue(actual >= low && actual <= high, what + ": " + actual + " not in [" + low + ", " + high + "]");
    }

    /** What one pass over the file counts. */
    private static final class Stats {
        long lines;
        long bytes;
        int[] lengths = new int[LINES];
        long nonAsciiLines;
        long badAlo;
        long rejections;
        long nullHashes;
        long hashMismatches;
        long builderObjects;
        long withChildren;
        long childrenNotOrders;
        long cloids;
        long btcOrEth;
        final Map<String, Integer> linesByUser = new HashMap<>();

        double share(long count) {
            return (double) count / lines;
        }

        static Stats of(Path file) throws IOException {
            ObjectMapper json = new ObjectMapper();
            Stats s = new Stats();
            // ISO-8859-1 maps every byte to one char, so a byte above 0x7f stays visible as one.
            try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1)) {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    s.count(line, json.readTree(line));
                }
            }
            return s;
        }

        private void count(String line, JsonNode root) {
            lengths[(int) lines++] = line.length() + 1;
            bytes += line.length() + 1;
            if (!line.chars().allMatch(c -> c < 0x80)) {
                nonAsciiLines++;
            }
            JsonNode event = root.get("events").get(0);
            String status = event.get("status").asText();
            boolean rejected = status.endsWith("Rejected") || status.equals("rejected");
            badAlo += status.equals("badAloPxRejected") ? 1 : 0;
            rejections += rejected ? 1 : 0;
            boolean nullHash = event.get("hash").isNull();
            nullHashes += nullHash ? 1 : 0;
            hashMismatches += nullHash != (rejected || CANCELS.contains(status)) ? 1 : 0;
            builderObjects += event.get("builder").isObject() ? 1 : 0;
            JsonNode order = event.get("order");
            JsonNode children = order.get("children");
            withChildren += children.isEmpty() ? 0 : 1;
            for (JsonNode child : children) {
                childrenNotOrders += child.has("oid") && child.has("limitPx") && child.has("children") ? 0 : 1;
            }
            cloids += order.get("cloid").isTextual() ? 1 : 0;
            String coin = order.get("coin").asText();
            btcOrEth += coin.equals("BTC") || coin.equals("ETH") ? 1 : 0;
            linesByUser.merge(event.get("user").asText(), 1, Integer::sum);
        }
    }
}
