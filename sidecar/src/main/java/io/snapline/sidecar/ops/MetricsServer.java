package io.snapline.sidecar.ops;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * {@code GET /metrics} (Prometheus text format) and {@code GET /healthz} on the JDK's HTTP
 * server. One daemon thread answers; a scrape is rare and cheap, so requests queue behind each
 * other rather than cost a pool. The caller gives the address; the config's default
 * ({@code metrics.address}, MetricsSettings) is loopback: the metrics say which files are tailed,
 * and exposing them is a decision for whoever runs the sidecar.
 */
public final class MetricsServer implements AutoCloseable {

    /** What {@link PrometheusMeterRegistry#scrape()} writes: the classic text format 0.0.4. */
    static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
    static final String THREAD_NAME = "snapline-metrics-http";

    private static final Logger LOG = LoggerFactory.getLogger(MetricsServer.class);
    private static final String TEXT = "text/plain; charset=utf-8";

    private final HttpServer server;
    private final DaemonThreads threads = new DaemonThreads(THREAD_NAME);
    private final ExecutorService executor;
    private final PrometheusMeterRegistry registry;
    private final Supplier<HealthStatus> health;
    private boolean closed;

    private MetricsServer(InetSocketAddress address, PrometheusMeterRegistry registry, Supplier<HealthStatus> health)
            throws IOException {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.health = Objects.requireNonNull(health, "health");
        this.server = HttpServer.create(address, 0);
        this.executor = Executors.newSingleThreadExecutor(threads);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        try {
            // Started from the daemon thread, so the JDK's dispatcher thread inherits daemon too:
            // a server someone forgot to close never keeps the JVM from exiting.
            executor.submit(server::start).get();
        } catch (ExecutionException | InterruptedException | RuntimeException e) {
            server.stop(0);
            executor.shutdownNow();
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IOException("could not start the metrics server on " + address, e);
        }
    }

    /**
     * Binds and starts serving. Port 0 picks a free port; {@link #port()} says which.
     *
     * @throws IOException if the address cannot be bound (in use, or not a local address)
     */
    public static MetricsServer start(String host, int port, PrometheusMeterRegistry registry,
                                      Supplier<HealthStatus> health) throws IOException {
        return new MetricsServer(new InetSocketAddress(host, port), registry, health);
    }

    /** The address actually bound. */
    public InetSocketAddress address() {
        return server.getAddress();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try {
            String path = exchange.getRequestURI().getPath();
            if (!path.equals("/metrics") && !path.equals("/healthz")) {
                respond(exchange, 404, TEXT, "not found: try /metrics or /healthz\n");
            } else if (!exchange.getRequestMethod().equals("GET")) {
                exchange.getResponseHeaders().set("Allow", "GET");
                respond(exchange, 405, TEXT, "method not allowed\n");
            } else if (path.equals("/metrics")) {
                respond(exchange, 200, PROMETHEUS_TEXT, registry.scrape());
            } else {
                HealthStatus status = health.get();
                respond(exchange, status.healthy() ? 200 : 503, TEXT, status.reason() + "\n");
            }
        } catch (RuntimeException e) {
            // A gauge or the health supplier threw, before anything was sent: say so to the
            // caller rather than reset the connection.
            LOG.warn("{} {} failed", exchange.getRequestMethod(), exchange.getRequestURI(), e);
            respond(exchange, 500, TEXT, "internal error: " + e + "\n");
        } finally {
            exchange.close();
        }
    }

    private static void respond(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** Stops accepting, closes open connections, and ends the answering thread. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        server.stop(0); // returns once the JDK's dispatcher thread has ended
        if (!threads.stop(executor)) {
            LOG.warn("{} did not stop within {} s", THREAD_NAME, DaemonThreads.STOP_TIMEOUT.toSeconds());
        }
    }
}
