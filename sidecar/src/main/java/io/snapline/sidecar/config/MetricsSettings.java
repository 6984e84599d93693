package io.snapline.sidecar.config;

import java.time.Duration;
import java.util.Objects;

/**
 * The HTTP endpoint for {@code /metrics} and {@code /healthz}.
 *
 * @param enabled     whether the endpoint is served at all
 * @param host        the address to bind, e.g. {@code 127.0.0.1} or {@code ::1}
 * @param port        0..65535; 0 lets the operating system pick a free port
 * @param stallAfter  {@code /healthz} answers 503 when data is waiting to be read but nothing was
 *                    written to the queue for this long
 */
public record MetricsSettings(boolean enabled, String host, int port, Duration stallAfter) {

    // The endpoint's one default address (MetricsServer has none): loopback, as the metrics say
    // which files are tailed.
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 9464;
    public static final Duration DEFAULT_STALL_AFTER = Duration.ofSeconds(60);

    public MetricsSettings {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(stallAfter, "stallAfter");
    }

    public static MetricsSettings defaults() {
        return new MetricsSettings(true, DEFAULT_HOST, DEFAULT_PORT, DEFAULT_STALL_AFTER);
    }
}
