package io.snapline.sidecar.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.snapline.testkit.Resources;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Real HTTP requests over loopback to a real server with a real Prometheus registry. */
class MetricsServerTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(WAIT).build();
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final AtomicReference<HealthStatus> health = new AtomicReference<>(HealthStatus.OK);

    @AfterEach
    void closeRegistry() {
        registry.close();
    }

    private HttpResponse<String> send(MetricsServer server, String method, String path)
            throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .method(method, HttpRequest.BodyPublishers.noBody()).timeout(WAIT).build();
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private MetricsServer start() throws IOException {
        return MetricsServer.start("127.0.0.1", 0, registry, health::get);
    }

    @Test
    void shouldServeTheRegistryScrapeInPrometheusTextFormat() throws Exception {
        Counter.builder("snapline.test.requests").tag("kind", "scrape").register(registry).increment(3);
        try (MetricsServer server = start()) {
            assertTrue(server.port() > 0, "port 0 binds a free port and says which");
            assertEquals(InetAddress.getLoopbackAddress(), server.address().getAddress());
            HttpResponse<String> response = send(server, "GET", "/metrics");
            assertEquals(200, response.statusCode());
            assertEquals("text/plain; version=0.0.4; charset=utf-8",
                    response.headers().firstValue("Content-Type").orElseThrow());
            assertTrue(response.body().contains("# TYPE snapline_test_requests_total counter"), response.body());
            assertTrue(response.body().contains("snapline_test_requests_total{kind=\"scrape\"} 3.0"), response.body());
        }
    }

    @Test
    void shouldAnswerHealthzWithOkOrServiceUnavailableAndTheReason() throws Exception {
        try (MetricsServer server = start()) {
            HttpResponse<String> ok = send(server, "GET", "/healthz");
            assertEquals(200, ok.statusCode());
            assertEquals("ok\n", ok.body());

            health.set(HealthStatus.unhealthy("stalled: 4096 bytes unread and nothing written for 75 s"));
            HttpResponse<String> stalled = send(server, "GET", "/healthz");
            assertEquals(503, stalled.statusCode());
            assertEquals("stalled: 4096 bytes unread and nothing written for 75 s\n", stalled.body());
            assertEquals("text/plain; charset=utf-8", stalled.headers().firstValue("Content-Type").orElseThrow());
        }
    }

    @Test
    void shouldAnswerOtherPathsWithNotFoundAndOtherMethodsWithMethodNotAllowed() throws Exception {
        try (MetricsServer server = start()) {
            assertEquals(404, send(server, "GET", "/").statusCode());
            assertEquals(404, send(server, "GET", "/metrics/extra").statusCode());
            assertEquals(200, send(server, "GET", "/metrics?name[]=x").statusCode(), "a query string is not a path");
            HttpResponse<String> post = send(server, "POST", "/metrics");
            assertEquals(405, post.statusCode());
            assertEquals("GET", post.headers().firstValue("Allow").orElseThrow());
            assertEquals(405, send(server, "DELETE", "/healthz").statusCode());
        }
    }

    @Test
    void shouldAnswerInternalErrorWhenTheHealthCheckThrowsAndKeepServing() throws Exception {
        try (MetricsServer server = MetricsServer.start("127.0.0.1", 0, registry, () -> {
            throw new IllegalStateException("engine half closed");
        })) {
            HttpResponse<String> response = send(server, "GET", "/healthz");
            assertEquals(500, response.statusCode());
            assertTrue(response.body().contains("engine half closed"), response.body());
            assertEquals(200, send(server, "GET", "/metrics").statusCode(), "the thread survived");
        }
    }

    @Test
    void shouldLeaveNoThreadAndFreeThePortOnClose() throws Exception {
        Set<Thread> before = new HashSet<>(Thread.getAllStackTraces().keySet());
        MetricsServer server = start();
        int port = server.port();
        for (int i = 0; i < 3; i++) {
            assertEquals(200, send(server, "GET", "/metrics").statusCode());
        }
        List<Thread> started = serverThreads(before);
        assertTrue(started.stream().anyMatch(t -> t.getName().equals(MetricsServer.THREAD_NAME)), "" + started);
        assertTrue(started.size() >= 2, "ours and the JDK's dispatcher: " + started);
        assertTrue(started.stream().allMatch(Thread::isDaemon), "a forgotten server keeps no JVM alive: " + started);

        server.close();
        server.close(); // idempotent

        for (Thread thread : started) {
            thread.join(WAIT.toMillis());
        }
        assertEquals(List.of(), serverThreads(before), "threads left after close");
        assertThrows(ConnectException.class, () -> send(server, "GET", "/metrics"));
        try (ServerSocket again = new ServerSocket()) {
            again.bind(new InetSocketAddress("127.0.0.1", port));
        }
        try (MetricsServer second = MetricsServer.start("127.0.0.1", port, registry, health::get)) {
            assertEquals(200, send(second, "GET", "/healthz").statusCode(), "the same port serves again");
        }
    }

    @Test
    void shouldRefuseAnAddressInUse() throws Exception {
        try (MetricsServer first = start()) {
            assertThrows(IOException.class, () -> MetricsServer.start("127.0.0.1", first.port(), registry, health::get));
        }
        assertTrue(Resources.newThreadsNamed(MetricsServer.THREAD_NAME, Set.of()).isEmpty(),
                "a failed start leaves no thread");
    }

    /** Live threads started since {@code before}, the HTTP client's own excepted. */
    private static List<Thread> serverThreads(Set<Thread> before) {
        List<Thread> threads = new ArrayList<>();
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread.isAlive() && !before.contains(thread) && !thread.getName().startsWith("HttpClient-")) {
                threads.add(thread);
            }
        }
        return threads;
    }
}
