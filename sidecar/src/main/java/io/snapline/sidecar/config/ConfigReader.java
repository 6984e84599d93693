package io.snapline.sidecar.config;

import io.snapline.engine.EngineConfig;
import io.snapline.engine.EngineSource;
import io.snapline.engine.filter.IngestFilter;
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

    static final List<String> KEYS = List.of("sources", "output", "engine", "filter", "metrics", "memory", "lag",
            "logging", "shutdown");
    static final List<String> LOGGING_KEYS = List.of("status_interval");
    static final List<String> SHUTDOWN_KEYS = List.of("timeout");

    private ConfigReader() {
    }

    /** The config, or empty when any error was recorded. */
    static Optional<SnaplineConfig> read(YamlMap root, Path file, JvmHeap jvm, Errors errors) {
        root.allowOnly(KEYS);
        List<EngineSource> sources = SourcesSection.read(root);
        Optional<OutputSettings> output = OutputSection.read(root);
        YamlMap memorySection = root.section("memory");
        // Every heap rule below is judged against the heap run will have, in check and in run alike.
        long maxHeapBytes = MemorySection.judgedMaxHeap(memorySection, jvm);
        YamlMap engineSection = root.section("engine");
        EngineSection.Settings engine = EngineSection.read(engineSection, maxHeapBytes);
        IngestFilter filter = FilterSection.read(root);
        MetricsSettings metrics = MetricsSection.read(root.section("metrics"));
        MemorySettings memory = MemorySection.read(memorySection, maxHeapBytes);
        LagSettings lag = LagSection.read(root.section("lag"));

        YamlMap logging = root.section("logging");
        logging.allowOnly(LOGGING_KEYS);
        Duration statusInterval = logging.get("status_interval")
                .flatMap(value -> value.duration(EngineSection.POSITIVE)).orElse(SnaplineConfig.DEFAULT_STATUS_INTERVAL);

        YamlMap shutdown = root.section("shutdown");
        shutdown.allowOnly(SHUTDOWN_KEYS);
        Duration shutdownTimeout = shutdown.get("timeout").flatMap(value -> value.duration(EngineSection.POSITIVE))
                .orElse(SnaplineConfig.DEFAULT_SHUTDOWN_TIMEOUT);
        checkShutdownBudget(engineSection, shutdown, engine.drainTimeout(), shutdownTimeout);
        checkCriticalAboveRing(memorySection, memory, engine);

        if (!errors.isEmpty() || output.isEmpty()) {
            return Optional.empty();
        }
        EngineConfig engineConfig;
        try {
            engineConfig = new EngineConfig(sources, engine.tailer(), engine.ring(), engine.maxIdle(),
                    engine.drainTimeout(), filter, engine.streamStallAfter());
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

    /**
     * The ring is allocated at start and held for the engine's life; a critical heap mark at or
     * under it would pause intake from the first sample on, on memory no pause can free.
     */
    private static void checkCriticalAboveRing(YamlMap memorySection, MemorySettings memory,
                                               EngineSection.Settings engine) {
        // Unset, it is 90% of the heap, and the ring is held to half of it (EngineSection).
        long ring = engine.ring().memoryBytes();
        if (!memorySection.has("heap_critical") || memorySection.hasError("heap_critical")
                || memory.heapCriticalBytes() == 0 || memory.heapCriticalBytes() > ring) {
            return;
        }
        String message = "expected more than the ring's " + Units.roundedSize(ring) + " (engine.ring_slots x"
                + " engine.slot_max_bytes, held for the engine's life: pausing intake cannot free it), got "
                + Units.roundedSize(memory.heapCriticalBytes()) + "; raise it, or make the ring smaller";
        memorySection.error("heap_critical", message);
    }

    /**
     * Every part of a stop has a timeout of its own; their sum must fit in shutdown.timeout, or a
     * stop under load is forced with exit 1 while each part is still within its limit.
     */
    private static void checkShutdownBudget(YamlMap engineSection, YamlMap shutdown, Duration drainTimeout,
                                            Duration shutdownTimeout) {
        if (engineSection.hasError("drain_timeout") || shutdown.hasError("timeout")) {
            return;
        }
        ShutdownBudget budget = new ShutdownBudget(drainTimeout);
        if (budget.fitsIn(shutdownTimeout)) {
            return;
        }
        String parts = "the stop budgets add up to " + budget.describe();
        if (shutdown.has("timeout")) {
            shutdown.error("timeout", "expected at least " + Units.exactDuration(budget.total()) + " (" + parts
                    + "), got " + Units.exactDuration(shutdownTimeout) + "; raise it or lower engine.drain_timeout");
        } else {
            engineSection.error("drain_timeout", "expected at most " + Units.exactDuration(
                    shutdownTimeout.minus(ShutdownBudget.FIXED)) + " for shutdown.timeout ("
                    + Units.exactDuration(shutdownTimeout) + " by default): " + parts + "; lower it or set"
                    + " shutdown.timeout to at least " + Units.exactDuration(budget.total()));
        }
    }
}
