package io.snapline.sidecar.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.snapline.engine.Engine;
import io.snapline.engine.EngineConfig;
import io.snapline.engine.ring.RingConfig;
import io.snapline.engine.testing.NodeFile;
import io.snapline.engine.testing.NodeLines;
import io.snapline.queue.chronicle.ChronicleOutput;
import io.snapline.tailer.NodeLayout;
import io.snapline.tailer.NodeStream;
import io.snapline.tailer.TailerConfig;
import io.snapline.testkit.Resources;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/grafana-dashboard.json asks Prometheus for series that exist: every metric name and every
 * label matcher in its queries is found in a real scrape of a running engine with the JVM meters
 * and the memory watchdog bound, as Micrometer names them (dots to underscores, _total on
 * counters, base units as suffixes).
 */
class GrafanaDashboardTest {

    private static final Path DASHBOARD = Path.of("..", "docs", "grafana-dashboard.json");
    private static final Pattern METRIC = Pattern.compile("\\b(?:snapline|jvm|process|system)_[a-z0-9_]+\\b");
    private static final Pattern MATCHER = Pattern.compile("\\b([a-z_]+)=\"([^\"$]+)\"");
    /** Attached by Prometheus when it scrapes, never in the scrape itself. */
    private static final Set<String> TARGET_LABELS = Set.of("instance", "job");

    @TempDir
    Path dir;

    @Test
    void shouldQueryOnlyMetricNamesAndLabelsTheEngineExports() throws Exception {
        List<String> queries = queries();
        assertTrue(queries.size() >= 20, "queries found: " + queries.size());
        String scrape = scrapeRunningEngine();
        Set<String> series = new TreeSet<>();
        for (String line : scrape.split("\n")) {
            if (!line.isEmpty() && !line.startsWith("#")) {
                series.add(line.split("[{ ]", 2)[0]);
            }
        }
        Set<String> missing = new TreeSet<>();
        for (String query : queries) {
            Matcher metric = METRIC.matcher(query);
            while (metric.find()) {
                if (!series.contains(metric.group())) {
                    missing.add(metric.group());
                }
            }
            Matcher matcher = MATCHER.matcher(query);
            while (matcher.find()) {
                String label = matcher.group(1) + "=\"" + matcher.group(2) + "\"";
                if (!TARGET_LABELS.contains(matcher.group(1)) && !scrape.contains(label)) {
                    missing.add(label);
                }
            }
        }
        assertEquals(Set.of(), missing, "in the dashboard but not in the scrape; the scrape has " + series);
    }

    /** Every "expr" in the dashboard, read as JSON (so the file is valid JSON too). */
    private static List<String> queries() throws IOException {
        List<String> queries = new ArrayList<>();
        try (JsonParser parser = new JsonFactory().createParser(DASHBOARD.toFile())) {
            for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                if (token == JsonToken.FIELD_NAME && parser.currentName().equals("expr")) {
                    parser.nextToken();
                    queries.add(parser.getText());
                }
            }
        }
        return queries;
    }

    private String scrapeRunningEngine() throws Exception {
        Path root = dir.resolve("data");
        NodeFile statuses = NodeFile.at(root, NodeStream.ORDER_STATUSES, NodeLayout.STREAMING, "20260505", 17);
        for (int i = 0; i < 50; i++) {
            statuses.append(NodeLines.streamingOrderStatus(1000 + i, 5000 + i));
        }
        statuses.append("{not json");
        EngineConfig config = EngineConfig.forNodeData(root)
                .withRing(new RingConfig(8, 64 * 1024, 16, 64, Duration.ofMillis(1), 2))
                .withTailer(TailerConfig.defaults().withDiscoveryInterval(Duration.ofMillis(50)))
                .withMaxIdle(Duration.ofMillis(10));
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (JvmMeters jvm = new JvmMeters(registry);
             MemoryWatchdog memory = new MemoryWatchdog(registry, MemoryWatchdog.Limits.ofMaxHeap(0.8, 0.9));
             Engine engine = Engine.start(config, ChronicleOutput.open(dir.resolve("queue"), config), registry,
                     new FileEventLog())) {
            System.gc(); // the GC pause timers appear with the first collection
            Duration wait = Duration.ofSeconds(20);
            assertTrue(Resources.await(() -> engine.counters().linesWritten() == 51, wait), "lines written");
            assertTrue(Resources.await(() -> registry.find("jvm.gc.pause").timer() != null
                    && registry.find("snapline.lag.bytes").gauge() != null, wait), "lazily registered meters");
            assertTrue(memory.heapAfterGcBytes() > 0 && registry.find("jvm.threads.live").gauge() != null,
                    "memory and JVM meters bound: " + jvm);
            return registry.scrape();
        } finally {
            registry.close();
        }
    }
}
