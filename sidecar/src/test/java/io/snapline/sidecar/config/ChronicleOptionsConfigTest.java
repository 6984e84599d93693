package io.snapline.sidecar.config;

import static io.snapline.sidecar.config.ConfigFixtures.MAX_HEAP;
import static io.snapline.sidecar.config.ConfigFixtures.errors;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.snapline.queue.chronicle.ChronicleOptions;
import io.snapline.queue.chronicle.QueueSync;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** {@code output.chronicle.sync}, {@code min_free_space} and {@code on_unreadable}: read, and refused by name. */
class ChronicleOptionsConfigTest {

    private static String yaml(String chronicleLines) {
        return "sources:\n  - node_data: /root/hl/data\noutput:\n  chronicle:\n    path: /q\n" + chronicleLines;
    }

    private static ChronicleOptions options(String chronicleLines) throws ConfigException {
        SnaplineConfig config = ConfigLoader.parse(yaml(chronicleLines), "snapline.yaml", Map.of(), MAX_HEAP);
        return ((OutputSettings.Chronicle) config.output()).options();
    }

    @Test
    void shouldDefaultToNoSyncTheAutomaticFloorAndRefusingAnUnreadableQueue() throws ConfigException {
        assertEquals(new OutputSettings.Chronicle(Path.of("/q"), ChronicleOptions.DEFAULTS),
                ConfigLoader.parse(yaml(""), "snapline.yaml", Map.of(), MAX_HEAP).output());
    }

    @Test
    void shouldReadEveryOption() throws ConfigException {
        assertEquals(new ChronicleOptions(ChronicleOptionsDefaults.RETENTION, QueueSync.every(Duration.ofSeconds(2)),
                2L << 30, true), options("    sync: interval 2s\n    min_free_space: 2GiB\n    on_unreadable: start_fresh\n"));
        assertEquals(QueueSync.BATCH, options("    sync: batch\n").sync());
        assertEquals(QueueSync.NONE, options("    sync: none\n").sync());
        assertEquals(ChronicleOptions.DEFAULT_MIN_FREE, options("    min_free_space: auto\n").minFreeBytes());
        assertEquals(false, options("    on_unreadable: refuse\n").startFreshWhenUnreadable());
    }

    @Test
    void shouldNameTheKeyAndWhatWasExpected() {
        assertEquals(List.of(new ConfigError("output.chronicle.sync", 6,
                "expected none, batch, or interval and a duration such as interval 1s, got always")),
                errors(yaml("    sync: always\n")));
        assertEquals(List.of(new ConfigError("output.chronicle.min_free_space", 6,
                "expected auto, or a size of at least 8MiB such as 2GiB, got 1MiB")),
                errors(yaml("    min_free_space: 1MiB\n")));
        // 64 MiB lines by default: batches of up to 132 MiB, so the floor is at least 136 MiB.
        assertEquals(List.of(new ConfigError("output.chronicle.min_free_space", 6,
                "expected auto or at least 136MiB (the largest batch, from engine.max_line_length, plus 4MiB), got 64MiB")),
                errors(yaml("    min_free_space: 64MiB\n")));
        assertEquals(List.of(new ConfigError("output.chronicle.on_unreadable", 6,
                "expected refuse or start_fresh, got guess")),
                errors(yaml("    on_unreadable: guess\n")));
    }

    /** The retention default, named once for the assertion above. */
    private static final class ChronicleOptionsDefaults {
        static final Duration RETENTION = ChronicleOptions.DEFAULTS.retention();
    }
}
