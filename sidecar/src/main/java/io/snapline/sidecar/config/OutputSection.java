package io.snapline.sidecar.config;

import io.snapline.queue.chronicle.ChronicleOutput;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** {@code output}: where records go. Only a Chronicle Queue for now. */
final class OutputSection {

    static final List<String> KEYS = List.of("chronicle", "kafka");
    static final List<String> CHRONICLE_KEYS = List.of("path", "retention");

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
        if (section.has("kafka")) {
            section.error("kafka", "not supported yet; only output.chronicle");
            if (!section.has("chronicle")) {
                return Optional.empty(); // the kafka error already says what to write instead
            }
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
        return path.map(value -> new OutputSettings.Chronicle(value, retention));
    }
}
