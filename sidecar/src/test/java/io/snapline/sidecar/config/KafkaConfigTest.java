package io.snapline.sidecar.config;

import static io.snapline.sidecar.config.ConfigFixtures.MAX_HEAP;
import static io.snapline.sidecar.config.ConfigFixtures.errors;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.snapline.queue.kafka.KafkaEncoding;
import io.snapline.queue.kafka.KafkaOptions;
import io.snapline.queue.kafka.TransactionLimits;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** {@code output.kafka}: the issue's keys and defaults, read, and refused by name. */
class KafkaConfigTest {

    private static String yaml(String kafkaLines) {
        return "sources:\n  - node_data: /root/hl/data\noutput:\n  kafka:\n" + kafkaLines;
    }

    private static KafkaOptions options(String kafkaLines) throws ConfigException {
        SnaplineConfig config = ConfigLoader.parse(yaml(kafkaLines), "snapline.yaml", Map.of(), MAX_HEAP);
        return ((OutputSettings.Kafka) config.output()).options();
    }

    @Test
    void shouldDefaultEverythingButTheTwoRequiredKeys() throws ConfigException {
        KafkaOptions options = options("    bootstrap_servers: localhost:9092\n    instance: node-a\n");
        assertEquals(KafkaOptions.of("localhost:9092", "node-a"), options);
        assertEquals("snapline.", options.topicPrefix());
        assertEquals(KafkaEncoding.JSON, options.encoding());
        assertEquals(new TransactionLimits(50_000, 32L << 20, Duration.ofMillis(200)), options.transaction());
        assertEquals(Map.of(), options.properties());
    }

    @Test
    void shouldReadEveryKeyOfTheIssuesExample() throws ConfigException {
        KafkaOptions options = options("""
                    bootstrap_servers: localhost:9092
                    instance: node-a
                    topic_prefix: "hl."
                    encoding: binary
                    transaction:
                      max_records: 20000
                      max_bytes: 16MiB
                      max_interval: 100ms
                    properties: {compression.type: zstd, linger.ms: 10}
                """);
        assertEquals(new KafkaOptions("localhost:9092", "node-a", "hl.", KafkaEncoding.BINARY,
                new TransactionLimits(20_000, 16L << 20, Duration.ofMillis(100)),
                Map.of("compression.type", "zstd", "linger.ms", "10")), options);
    }

    @Test
    void shouldNameTheKeyAndWhatWasExpected() {
        assertEquals(List.of(new ConfigError("output.kafka.instance", 4,
                "missing; expected a name for this Snapline process, stable across restarts, such as node-a")),
                errors(yaml("    bootstrap_servers: localhost:9092\n")));
        assertEquals(List.of(new ConfigError("output.kafka.encoding", 7, "expected json or binary, got avro")),
                errors(yaml("    bootstrap_servers: localhost:9092\n    instance: a\n    encoding: avro\n")));
        assertEquals(List.of(new ConfigError("output.kafka.transaction.max_records", 8,
                "expected a whole number between 1 and 10000000, got 0")),
                errors(yaml("    bootstrap_servers: localhost:9092\n    instance: a\n    transaction:\n      max_records: 0\n")));
        assertEquals(List.of(new ConfigError("output.kafka.properties.lingerms", 7,
                "not a Kafka producer setting (see ProducerConfig, e.g. compression.type, linger.ms, batch.size,"
                        + " max.request.size, security.protocol)")),
                errors(yaml("    bootstrap_servers: localhost:9092\n    instance: a\n    properties:\n      lingerms: 5\n")
                        .replace("properties:\n      lingerms", "properties: {lingerms").replace(": 5\n", ": 5}\n")));
        assertEquals(List.of(new ConfigError("output.kafka.properties.transactional.id", 7,
                "set by Snapline itself (the producer is transactional and idempotent); remove it")),
                errors(yaml("    bootstrap_servers: localhost:9092\n    instance: a\n    properties: {transactional.id: x}\n")));
        List<ConfigError> value = errors(yaml("    bootstrap_servers: localhost:9092\n    instance: a\n"
                + "    properties: {compression.type: fast}\n"));
        assertEquals(1, value.size());
        assertEquals("output.kafka.properties", value.get(0).key());
        assertTrue(value.get(0).message().contains("compression.type"), value.get(0).message());
    }

    @Test
    void shouldTakeExactlyOneOfChronicleAndKafka() {
        assertEquals(List.of(new ConfigError("output", 3, "expected exactly one of chronicle and kafka, got both")),
                errors("sources:\n  - node_data: /root/hl/data\noutput:\n  chronicle: {path: /q}\n"
                        + "  kafka: {bootstrap_servers: localhost:9092, instance: a}\n"));
    }
}
