package io.snapline.sidecar.config;

import io.snapline.engine.EngineConfig;
import io.snapline.engine.EngineSource;
import io.snapline.queue.chronicle.ChronicleOptions;
import io.snapline.sidecar.Units;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Reads the top-level mapping: hands each section to its reader, checks the rules that span
 * sections, and builds the config only when nothing at all was wrong.
 */
final class ConfigReader {

    static final List<String> KEYS = List.of("sources", "output", "engine", "metrics", "memory", "lag",
            "logging", "shutdown");
    static final List<String> LOGGING_KEYS = List.of("status_interval");
    static final List<String> SHUTDOWN_KEYS = List.of("timeout");

    private ConfigReader() {
    }

    /** The config, or empty when any error was recorded. */
    static Optional<SnaplineConfig> read(YamlMap root, Path file, long maxHeapBytes, Errors errors) {
        root.allowOnly(KEYS);
        List<EngineSource> sources = SourcesSection.read(root);
        Optional<OutputSettings> output = OutputSection.read(root);
        YamlMap engineSection = root.section("engine");
        EngineSection.Settings engine = EngineSection.read(engineSection);
        MetricsSettings metrics = MetricsSection.read(root.section("metrics"));
        MemorySettings memory = MemorySection.read(root.section("memory"), maxHeapBytes);
        LagSettings lag = LagSection.read(root.section("lag"));

        YamlMap logging = root.section("logging");
        logging.allowOnly(LOGGING_KEYS);
        Duration statusInterval = logging.get("status_interval")
                .flatMap(value -> value.duration(EngineSection.POSITIVE)).orElse(SnaplineConfig.DEFAULT_STATUS_INTERVAL);

        YamlMap shutdown = root.section("shutdown");
        shutdown.allowOnly(SHUTDOWN_KEYS);
        Duration shutdownTimeout = shutdown.get("timeout").flatMap(value -> value.duration(EngineSection.POSITIVE))
                .orElse(SnaplineConfig.DEFAULT_SHUTDOWN_TIMEOUT);
        // Draining is part of shutting down; a shorter shutdown would give up on batches still in flight.
        if (!engineSection.hasError("drain_timeout") && !shutdown.hasError("timeout")
                && engine.drainTimeout().compareTo(shutdownTimeout) > 0) {
            if (engineSection.has("drain_timeout")) {
                engineSection.error("drain_timeout", "expected at most shutdown.timeout ("
                        + Units.exactDuration(shutdownTimeout) + "), got " + Units.exactDuration(engine.drainTimeout()));
            } else {
                shutdown.error("timeout", "expected at least engine.drain_timeout (" + Units.exactDuration(
                        engine.drainTimeout()) + " by default), got " + Units.exactDuration(shutdownTimeout));
            }
        }

        if (!errors.isEmpty() || output.isEmpty()) {
            return Optional.empty();
        }
        EngineConfig engineConfig;
        try {
            engineConfig = new EngineConfig(sources, engine.tailer(), engine.ring(), engine.maxIdle(),
                    engine.drainTimeout());
        } catch (IllegalArgumentException e) {
            errors.add("engine", root.lineOf("engine"), e.getMessage()); // a rule the sections above missed
            return Optional.empty();
        }
        if (output.get() instanceof OutputSettings.Chronicle chronicle
                && chronicle.options().minFreeBytes() != ChronicleOptions.DEFAULT_MIN_FREE) {
            // The floor must hold the largest batch, which the engine section decides.
            long least = ChronicleOptions.leastMinFree(engineConfig.largestBatchBytes());
            if (chronicle.options().minFreeBytes() < least) {
                root.section("output").section("chronicle").error("min_free_space", "expected auto or at least "
                        + Units.exactSize(least) + " (the largest batch, from engine.max_line_length, plus 4MiB), got "
                        + Units.exactSize(chronicle.options().minFreeBytes()));
                return Optional.empty();
            }
        }
        return Optional.of(new SnaplineConfig(file, engineConfig, output.get(), metrics, memory, lag, statusInterval,
                shutdownTimeout));
    }
}
