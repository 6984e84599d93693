package io.snapline.sidecar.config;

import io.snapline.queue.kafka.KafkaEncoding;
import io.snapline.queue.kafka.KafkaOptions;
import io.snapline.queue.kafka.TransactionLimits;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** {@code output.kafka}: the Kafka output's keys (docs/config.md), each error naming its key. */
final class KafkaSection {

    private KafkaSection() {
    }

    static Optional<OutputSettings> read(YamlMap kafka) {
        kafka.allowOnly(OutputSection.KAFKA_KEYS);
        Optional<String> servers = kafka.required("bootstrap_servers", "host:port[,host:port...], such as localhost:9092")
                .flatMap(value -> value.string("host:port[,host:port...]"))
                .filter(text -> valid(kafka, "bootstrap_servers", !text.isBlank() && text.contains(":"),
                        "expected host:port[,host:port...], such as localhost:9092, got " + text));
        Optional<String> instance = kafka.required("instance", "a name for this Snapline process, stable across"
                        + " restarts, such as node-a")
                .flatMap(value -> value.string("a name such as node-a"))
                .filter(text -> valid(kafka, "instance", text.matches("[A-Za-z0-9._-]{1,200}"),
                        "expected a name of letters, digits, '.', '_' or '-' (at most 200), got " + text));
        String prefix = kafka.get("topic_prefix").flatMap(value -> value.string("a topic name prefix such as hl."))
                .filter(text -> valid(kafka, "topic_prefix", text.matches("[A-Za-z0-9._-]{0,200}"),
                        "expected letters, digits, '.', '_' or '-' (Kafka's topic characters), got " + text))
                .orElse(KafkaOptions.DEFAULT_TOPIC_PREFIX);
        KafkaEncoding encoding = kafka.get("encoding").flatMap(value -> value.as("json or binary",
                KafkaEncoding::ofConfigName)).orElse(KafkaEncoding.JSON);
        YamlMap transaction = kafka.section("transaction");
        transaction.allowOnly(OutputSection.TRANSACTION_KEYS);
        TransactionLimits defaults = TransactionLimits.DEFAULTS;
        int maxRecords = transaction.get("max_records").flatMap(value -> value.integer(1, 10_000_000))
                .orElse(defaults.maxRecords());
        long maxBytes = transaction.get("max_bytes").flatMap(value -> value.size(64L << 10, 1L << 30))
                .orElse(defaults.maxBytes());
        Duration maxInterval = transaction.get("max_interval").flatMap(value -> value.duration(Duration.ZERO))
                .orElse(defaults.maxInterval());
        Map<String, String> properties = properties(kafka);
        if (servers.isEmpty() || instance.isEmpty() || properties == null || kafka.hasError("topic_prefix")
                || kafka.hasError("encoding") || kafka.hasError("transaction")) {
            return Optional.empty();
        }
        KafkaOptions options = new KafkaOptions(servers.get(), instance.get(), prefix, encoding,
                new TransactionLimits(maxRecords, maxBytes, maxInterval), properties);
        if (!producerAccepts(kafka, options)) {
            return Optional.empty();
        }
        return Optional.of(new OutputSettings.Kafka(options));
    }

    private static boolean valid(YamlMap map, String key, boolean ok, String message) {
        if (!ok) {
            map.error(key, message);
        }
        return ok;
    }

    /** {@code properties}: producer settings by Kafka's own names; null when one is wrong. */
    private static Map<String, String> properties(YamlMap kafka) {
        Optional<YamlValue> value = kafka.get("properties");
        if (value.isEmpty() || value.get().text().equals("nothing")) {
            return Map.of();
        }
        Optional<YamlMap> map = value.get().map();
        if (map.isEmpty()) {
            return null;
        }
        Set<String> known = ProducerConfig.configNames();
        Set<String> reserved = KafkaOptions.reservedProducerKeys();
        Map<String, String> properties = new LinkedHashMap<>();
        boolean ok = true;
        for (String key : map.get().keys()) {
            if (reserved.contains(key)) {
                map.get().error(key, "set by Snapline itself (the producer is transactional and idempotent); remove it");
                ok = false;
            } else if (!known.contains(key)) {
                map.get().error(key, "not a Kafka producer setting (see ProducerConfig, e.g. compression.type,"
                        + " linger.ms, batch.size, max.request.size, security.protocol)");
                ok = false;
            } else {
                Optional<String> text = map.get().get(key).flatMap(v -> v.as("a scalar value", t -> t));
                if (text.isEmpty()) {
                    ok = false;
                } else {
                    properties.put(key, text.get());
                }
            }
        }
        return ok ? properties : null;
    }

    /** Kafka's own check of the producer's values (types, ranges), before anything starts. */
    private static boolean producerAccepts(YamlMap kafka, KafkaOptions options) {
        Map<String, Object> config = new LinkedHashMap<>(options.properties());
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, options.bootstrapServers());
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        try {
            new ProducerConfig(config);
            return true;
        } catch (org.apache.kafka.common.config.ConfigException e) {
            kafka.error("properties", "the producer refuses them: " + e.getMessage());
            return false;
        }
    }
}
