package io.snapline.sidecar.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The sidecar in-process, as {@code snapline run} assembles it: it serves /metrics and /healthz
 * while running, and closing it leaves no thread, descriptor or listening port behind.
 */
class SidecarLifecycleTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    @Test
    void servesMetricsWhileRunningAndLeavesNothingBehindWhenClosed() throws Exception {
        Path root = dir.resolve("hl/data");
        NodeFile file = NodeFile.at(root, NodeStream.ORDER_STATUSES, NodeLayout.STREAMING, "20261122", 9);
        for (int i = 0; i < 500; i++) {
            file.append(NodeLines.streamingOrderStatus(1_000 + i, 5_000 + i));
        }
        SnaplineConfig config = ConfigLoader.parse(String.join("\n",
                "sources:",
                "  - node_data: " + root,
                "    streams: [node_order_statuses]",
                "output:",
                "  chronicle:",
                "    path: " + dir.resolve("queue"),
                "metrics:",
                "  address: 127.0.0.1:0",
                ""), "test.yaml", Map.of());
        Set<Thread> before = Resources.threadsNamed("snapline");
        List<String> descriptorsBefore = Resources.countedDescriptors();
        int port;
        for (int cycle = 0; cycle < 3; cycle++) {
            try (Sidecar sidecar = Sidecar.start(config)) {
                port = sidecar.metricsServer().port();
                assertTrue(sidecar.engine().awaitCaughtUp(WAIT), "the 500 lines become durable");
                String metrics = get(port, "/metrics");
                assertTrue(metrics.startsWith("HTTP/1.1 200"), metrics);
                assertTrue(metrics.contains("snapline_records_written_total"), "engine meters are served");
                assertTrue(metrics.contains("jvm_memory_used_bytes"), "JVM meters are served");
                String health = get(port, "/healthz");
                assertTrue(health.startsWith("HTTP/1.1 200"), health);
                assertFalse(Resources.openUnder(root).isEmpty(), "the node file is held while running");
            }
            assertEquals(List.of(), Resources.newThreadsNamed("snapline", before), "threads left after cycle " + cycle);
            assertTrue(Resources.awaitIo(() -> Resources.openUnder(dir).isEmpty(), WAIT),
                    "files left open under the test directory: " + Resources.openUnder(dir));
            int closedPort = port;
            try (ServerSocket again = new ServerSocket(closedPort)) {
                assertEquals(closedPort, again.getLocalPort(), "the metrics port is free again");
            }
        }
        Resources.assertOpenedSince(descriptorsBefore, 0);
    }

    /** One HTTP/1.0 request on its own socket, closed after the answer: no client keeps a descriptor. */
    private static String get(int port, String path) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.getOutputStream().write(("GET " + path + " HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
