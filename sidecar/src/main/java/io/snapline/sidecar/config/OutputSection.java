package io.snapline.sidecar.config;

import io.snapline.queue.chronicle.ChronicleOptions;
import io.snapline.queue.chronicle.ChronicleOutput;
import io.snapline.queue.chronicle.QueueSync;
import io.snapline.sidecar.Units;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** {@code output}: where records go: exactly one of a Chronicle Queue and a Kafka cluster. */
final class OutputSection {

    static final List<String> KEYS = List.of("chronicle", "kafka");
    static final List<String> CHRONICLE_KEYS = List.of("path", "retention", "sync", "min_free_space", "on_unreadable");
    static final List<String> KAFKA_KEYS = List.of("bootstrap_servers", "instance", "topic_prefix", "encoding",
            "transaction", "properties");
    static final List<String> TRANSACTION_KEYS = List.of("max_records", "max_bytes", "max_interval");
    private static final String SYNC_EXPECTED = "none, batch, or interval and a duration such as interval 1s";

    private OutputSection() {
    }

    static Optional<OutputSettings> read(YamlMap root) {
        Optional<YamlMap> output = root.required("output", "a mapping with chronicle: {path: ...}")
                .flatMap(YamlValue::map);
        if (output.isEmpty()) {
            return Optional.empty();
        }
        YamlMap section = output.get();
        section.allowOnly(KEYS);
        if (section.has("kafka") && section.has("chronicle")) {
            section.errorHere("expected exactly one of chronicle and kafka, got both");
            return Optional.empty();
        }
        if (section.has("kafka")) {
            return section.get("kafka").flatMap(YamlValue::map).flatMap(KafkaSection::read);
        }
        return section.required("chronicle", "a mapping with path (the queue directory)")
                .flatMap(YamlValue::map).flatMap(OutputSection::readChronicle);
    }

    private static Optional<OutputSettings> readChronicle(YamlMap chronicle) {
        chronicle.allowOnly(CHRONICLE_KEYS);
        // Relative to the working directory, like any path on a command line, not to the file.
        Optional<Path> path = chronicle.required("path", "the queue directory, such as ./data/queue")
                .flatMap(value -> value.as("a directory path", Path::of))
                .map(value -> value.toAbsolutePath().normalize());
        Duration retention = chronicle.get("retention").flatMap(value -> value.duration(Duration.ZERO))
                .orElse(ChronicleOutput.DEFAULT_RETENTION);
        QueueSync sync = chronicle.get("sync").flatMap(value -> value.as(SYNC_EXPECTED, OutputSection::sync))
                .orElse(QueueSync.NONE);
        long minFree = chronicle.get("min_free_space").flatMap(value -> value.as(
                "auto, or a size of at least 8MiB such as 2GiB", OutputSection::minFree))
                .orElse(ChronicleOptions.DEFAULT_MIN_FREE);
        boolean startFresh = chronicle.get("on_unreadable").flatMap(value -> value.as("refuse or start_fresh",
                text -> switch (text) {
                    case "refuse" -> Boolean.FALSE;
                    case "start_fresh" -> Boolean.TRUE;
                    default -> null;
                })).orElse(false);
        ChronicleOptions options = new ChronicleOptions(retention, sync, minFree, startFresh);
        return path.map(value -> new OutputSettings.Chronicle(value, options));
    }

    private static QueueSync sync(String text) {
        if (text.equals("none")) {
            return QueueSync.NONE;
        }
        if (text.equals("batch")) {
            return QueueSync.BATCH;
        }
        if (text.startsWith("interval ")) {
            Duration interval = Units.parseDuration(text.substring("interval ".length()).strip());
            return interval == null || interval.isZero() || interval.isNegative() ? null : QueueSync.every(interval);
        }
        return null;
    }

    private static Long minFree(String text) {
        if (text.equals("auto")) {
            return ChronicleOptions.DEFAULT_MIN_FREE;
        }
        Long size = Units.parseSize(text);
        return size == null || size < (8L << 20) ? null : size;
    }
}
