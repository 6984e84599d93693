package io.snapline.sidecar.config;

import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;

/** The smallest valid config and the error list of a config that is not: shared by the config tests. */
final class ConfigFixtures {

    /** The max heap the rules are judged against unless a test says otherwise: not the test JVM's own. */
    static final long MAX_HEAP = 4L << 30;

    /** Six lines; tests append their section from line 7 on, so the lines in errors are known. */
    static final String VALID_START = """
            sources:
              - node_data: /root/hl/data
            output:
              chronicle:
                path: /q
            # line 6
            """;

    private ConfigFixtures() {
    }

    /** The errors {@code yaml} is refused with, judged against {@link #MAX_HEAP}; fails if it loads. */
    static List<ConfigError> errors(String yaml) {
        return errors(yaml, Map.of());
    }

    static List<ConfigError> errors(String yaml, Map<String, String> env) {
        return assertThrows(ConfigException.class, () -> ConfigLoader.parse(yaml, "snapline.yaml", env, MAX_HEAP))
                .errors();
    }

    /** The errors {@code yaml} is refused with, judged against {@code jvm}'s heap. */
    static List<ConfigError> errors(String yaml, JvmHeap jvm) {
        return assertThrows(ConfigException.class, () -> ConfigLoader.parse(yaml, "snapline.yaml", Map.of(), jvm))
                .errors();
    }
}
