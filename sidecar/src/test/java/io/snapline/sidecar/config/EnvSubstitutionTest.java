package io.snapline.sidecar.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** ${VAR} and ${VAR:-default} in values, and the errors that name the key, line and variable. */
class EnvSubstitutionTest {

    private static final long MAX_HEAP = 4L << 30;

    @Test
    void shouldSubstituteSetVariablesAndDefaultsAnywhereInAValue() throws Exception {
        SnaplineConfig config = ConfigLoader.parse("""
                sources:
                  - node_data: ${HOME:-/root}/hl/${DATA_DIR:-data}
                output:
                  chronicle:
                    path: "${QUEUE_ROOT}/${QUEUE_NAME:-queue}"
                    retention: ${RETENTION_HOURS}h
                """, "env.yaml", Map.of("HOME", "/home/snap", "QUEUE_ROOT", "/srv", "RETENTION_HOURS", "12"), MAX_HEAP);

        assertEquals("node_order_statuses (/home/snap/hl/data/node_order_statuses/hourly)",
                config.engine().sources().get(0).sequence().toString());
        assertEquals(new OutputSettings.Chronicle(Path.of("/srv/queue"), Duration.ofHours(12)), config.output());
    }

    @Test
    void shouldTakeTheDefaultWhenTheVariableIsEmpty() {
        EnvSubstitution env = new EnvSubstitution(Map.of("EMPTY", ""));

        assertEquals("fallback", env.apply("${EMPTY:-fallback}"));
        assertEquals("", env.apply("${EMPTY}"));
        assertEquals("", env.apply("${UNSET:-}"));
    }

    @Test
    void shouldKeepDollarsThatAreNotReferences() {
        EnvSubstitution env = new EnvSubstitution(Map.of("X", "x"));

        assertEquals("$x", env.apply("$$${X}"));
        assertEquals("${X}", env.apply("$${X}"));
        assertEquals("/var/$log/a$", env.apply("/var/$log/a$"));
        assertEquals("x-${Y}", env.apply("${X}-$${Y}"));
        assertEquals("a:-b}", env.apply("${UNSET:-a:-b}}")); // the default runs to the first }
    }

    @Test
    void shouldNameTheKeyLineAndVariableThatIsUnset() {
        assertEquals(List.of(
                new ConfigError("sources[0].node_data", 2,
                        "environment variable HL_DATA is not set and has no default (write ${NAME:-default} for one)"),
                new ConfigError("output.chronicle.path", 5, "environment variables QUEUE_ROOT, QUEUE_NAME are not set"
                        + " and have no default (write ${NAME:-default} for one)")),
                ConfigFixtures.errors("""
                        sources:
                          - node_data: ${HL_DATA}
                        output:
                          chronicle:
                            path: ${QUEUE_ROOT}/${QUEUE_NAME}
                        """));
    }

    @Test
    void shouldRefuseAMalformedReference() {
        assertEquals(List.of(
                new ConfigError("output.chronicle.path", 5, "'${' without a closing '}' (write $$ for a literal $)"),
                new ConfigError("output.chronicle.retention", 6, "'${1X}' is not a variable reference: expected"
                        + " ${NAME} or ${NAME:-default}, NAME made of letters, digits and _ (write $$ for a literal $)")),
                ConfigFixtures.errors("""
                        sources:
                          - node_data: /root/hl/data
                        output:
                          chronicle:
                            path: /q/${QUEUE
                            retention: ${1X}
                        """));
    }

    @Test
    void shouldShowWhereASubstitutedValueCameFrom() {
        assertEquals(List.of(new ConfigError("engine.ring_slots", 6, "expected a power of two between 2 and 65536,"
                + " got 12 (from ${SLOTS})")), ConfigFixtures.errors("""
                sources:
                  - node_data: /root/hl/data
                output:
                  chronicle: {path: /q}
                engine:
                  ring_slots: ${SLOTS}
                """, Map.of("SLOTS", "12")));
    }
}
