package io.snapline.sidecar.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.snapline.sidecar.config.ConfigLoader;
import io.snapline.sidecar.config.SnaplineConfig;
import io.snapline.testkit.Resources;
import io.snapline.testkit.SmallFilesystem;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Item 4 of issue 12, as an operator sees it: the queue on a filesystem with less free space than
 * {@code output.chronicle.min_free_space}, so intake pauses at once; {@code /healthz} answers 503
 * with the reason and the metrics show the pause. A real small filesystem (a tmpfs; mounting needs
 * root, as in CI), skipped where mounting is not permitted.
 */
@Tag("faults")
class SidecarQueueSpaceTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;
    private SmallFilesystem small;
    private Path mount;

    @BeforeEach
    void smallFilesystem() throws Exception {
        small = SmallFilesystem.mount(dir.resolve("small"), 16);
        mount = small.root();
    }

    @AfterEach
    void unmount() throws Exception {
        if (small != null) {
            small.close();
        }
    }

    @Test
    void shouldReportThePauseOnHealthzAndInTheMetrics() throws Exception {
        Path root = Files.createDirectories(dir.resolve("hl/data"));
        Path queue = mount.resolve("queue");
        SnaplineConfig config = ConfigLoader.parse(String.join("\n",
                "sources:",
                "  - node_data: " + root,
                "output:",
                "  chronicle:",
                "    path: " + queue,
                "    min_free_space: 1GiB",
                "metrics:",
                "  address: 127.0.0.1:0",
                ""), "test.yaml", Map.of());
        try (Sidecar sidecar = Sidecar.start(config)) {
            int port = sidecar.metricsServer().port();
            assertTrue(Resources.awaitIo(() -> get(port, "/healthz").startsWith("HTTP/1.1 503"), WAIT),
                    get(port, "/healthz"));
            String health = get(port, "/healthz");
            assertTrue(health.contains("intake paused: ") && health.contains("free on the queue's filesystem ("
                    + queue + "), need 1024 MiB"), health);
            String metrics = get(port, "/metrics");
            assertTrue(metrics.contains("snapline_queue_intake_paused 1.0"), metrics);
            assertTrue(metrics.contains("snapline_queue_free_bytes"), metrics);
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
