package io.snapline.sidecar.config;

import io.snapline.engine.EngineConfig;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Everything the sidecar reads from its YAML file, checked and with defaults filled in. Built by
 * {@link ConfigLoader}; the key-by-key reference is docs/config.md.
 *
 * @param file             the config file as given; null when the config was parsed from a string
 * @param engine           what the engine needs to run: sources, ring and tailer settings
 * @param output           where the records go
 * @param metrics          the metrics and health endpoint
 * @param memory           heap and RSS thresholds, in bytes
 * @param lag              when falling behind the node's file pruning is worth a warning
 * @param statusInterval   how often a status line is logged
 * @param shutdownTimeout  how long a shutdown may take before the process gives up on it
 */
public record SnaplineConfig(Path file, EngineConfig engine, OutputSettings output, MetricsSettings metrics, MemorySettings memory,
                             LagSettings lag, Duration statusInterval, Duration shutdownTimeout) {

    public static final Duration DEFAULT_STATUS_INTERVAL = Duration.ofSeconds(10);
    /**
     * Holds the stop budgets at their defaults ({@link ShutdownBudget}: 35s with the default drain
     * timeout of 10s) with 5s to spare.
     */
    public static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(40);

    public SnaplineConfig {
        Objects.requireNonNull(engine, "engine");
        Objects.requireNonNull(output, "output");
        Objects.requireNonNull(metrics, "metrics");
        Objects.requireNonNull(memory, "memory");
        Objects.requireNonNull(lag, "lag");
        Objects.requireNonNull(statusInterval, "statusInterval");
        Objects.requireNonNull(shutdownTimeout, "shutdownTimeout");
    }
}
