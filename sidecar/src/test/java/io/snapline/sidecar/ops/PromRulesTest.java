package io.snapline.sidecar.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.snapline.engine.Engine;
import io.snapline.engine.EngineConfig;
import io.snapline.engine.testing.InMemoryOutput;
import io.snapline.engine.testing.NodeFile;
import io.snapline.engine.testing.NodeLines;
import io.snapline.tailer.NodeLayout;
import io.snapline.tailer.NodeStream;
import io.snapline.tailer.TailerConfig;
import io.snapline.tailer.TailerEvents;
import io.snapline.testkit.Resources;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** docs/prometheus-rules.yml alerts on series a running engine exports, with the label values it uses. */
class PromRulesTest {

    private static final Path RULES = Path.of("..", "docs", "prometheus-rules.yml");
    private static final Pattern METRIC = Pattern.compile("\\bsnapline_[a-z0-9_]+\\b");
    private static final Pattern MATCHER = Pattern.compile("\\b([a-z_]+)=\"([^\"$]+)\"");

    @TempDir
    Path dir;

    @Test
    void everyRuleQueriesSeriesTheEngineExports() throws Exception {
        List<String> exprs = new ArrayList<>();
        for (String line : Files.readAllLines(RULES)) {
            if (line.trim().startsWith("expr:")) {
                exprs.add(line.trim().substring(5).trim());
            }
        }
        assertEquals(3, exprs.size(), exprs.toString());
        String scrape = scrape();
        Set<String> missing = new TreeSet<>();
        for (String expr : exprs) {
            Matcher metric = METRIC.matcher(expr);
            while (metric.find()) {
                if (!Pattern.compile("(?m)^" + metric.group() + "[{ ]").matcher(scrape).find()) {
                    missing.add(metric.group());
                }
            }
            Matcher matcher = MATCHER.matcher(expr);
            while (matcher.find()) {
                if (!scrape.contains(matcher.group(1) + "=\"" + matcher.group(2) + "\"")) {
                    missing.add(matcher.group());
                }
            }
        }
        assertEquals(Set.of(), missing, "in the rules but not in the scrape");
    }

    private String scrape() throws Exception {
        Path root = dir.resolve("data");
        NodeFile file = NodeFile.at(root, NodeStream.ORDER_STATUSES, NodeLayout.BY_BLOCK, "20260505", 17);
        file.append(NodeLines.byBlockOrderStatuses(100, 1), NodeLines.byBlockOrderStatuses(102, 2));
        EngineConfig config = EngineConfig.forNodeData(root)
                .withTailer(TailerConfig.defaults().withDiscoveryInterval(Duration.ofMillis(20)))
                .withMaxIdle(Duration.ofMillis(5));
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (Engine engine = Engine.start(config, new InMemoryOutput(), registry, TailerEvents.NONE)) {
            assertTrue(Resources.await(() -> engine.counters().linesWritten() == 2, Duration.ofSeconds(20)));
            return registry.scrape();
        } finally {
            registry.close();
        }
    }
}
