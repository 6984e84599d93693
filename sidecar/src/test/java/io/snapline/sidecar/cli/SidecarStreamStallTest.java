package io.snapline.sidecar.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.snapline.engine.testing.NodeFile;
import io.snapline.engine.testing.NodeLines;
import io.snapline.sidecar.config.ConfigLoader;
import io.snapline.sidecar.config.SnaplineConfig;
import io.snapline.tailer.NodeLayout;
import io.snapline.tailer.NodeStream;
import io.snapline.testkit.Resources;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * engine.stream_stall_after as {@code snapline run} assembles it: fills stop while order statuses go
 * on, and /healthz names the stalled stream (200, degraded: the node's writer stopped, not Snapline)
 * and /metrics counts it; once fills speak again the reason goes.
 */
class SidecarStreamStallTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    @Test
    void aStreamSilentWhileAnotherAdvancesIsNamedOnHealthzUntilItSpeaksAgain() throws Exception {
        Path root = dir.resolve("hl/data");
        NodeFile statuses = NodeFile.at(root, NodeStream.ORDER_STATUSES, NodeLayout.STREAMING, "20261122", 9);
        NodeFile fills = NodeFile.at(root, NodeStream.FILLS, NodeLayout.STREAMING, "20261122", 9);
        statuses.append(NodeLines.streamingOrderStatus(100, 1));
        fills.append(NodeLines.fills(100, 1));
        SnaplineConfig config = ConfigLoader.parse(String.join("\n",
                "sources:",
                "  - node_data: " + root,
                "    streams: [node_order_statuses, node_fills]",
                "output:",
                "  chronicle:",
                "    path: " + dir.resolve("queue"),
                "engine:",
                "  stream_stall_after: 200ms",
                "  max_idle: 5ms",
                "  discovery_interval: 20ms",
                "metrics:",
                "  address: 127.0.0.1:0",
                ""), "test.yaml", Map.of());
        try (Sidecar sidecar = Sidecar.start(config)) {
            int port = sidecar.metricsServer().port();
            long block = 100;
            // Order statuses advance a block per round; fills stay silent until /healthz says so.
            while (!get(port, "/healthz").contains("node_fills")) {
                long lines = sidecar.engine().counters().linesWritten() + 1;
                statuses.append(NodeLines.streamingOrderStatus(++block, block));
                assertTrue(Resources.await(() -> sidecar.engine().counters().linesWritten() >= lines, WAIT));
            }
            String health = get(port, "/healthz");
            assertTrue(health.startsWith("HTTP/1.1 200") && health.contains("stalled stream(s): node_fills"), health);
            assertTrue(get(port, "/metrics").contains("snapline_streams_stalled 1.0"), "the gauge counts it");
            fills.append(NodeLines.fills(++block, 2));
            assertTrue(Resources.awaitIo(() -> !get(port, "/healthz").contains("node_fills"), WAIT), get(port, "/healthz"));
        }
    }

    private static String get(int port, String path) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.getOutputStream().write(("GET " + path + " HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
