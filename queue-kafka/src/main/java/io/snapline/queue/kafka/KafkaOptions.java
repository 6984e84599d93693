package io.snapline.queue.kafka;

import java.util.Map;
import java.util.Objects;

/**
 * Everything {@code output.kafka} says (docs/config.md). The sidecar validates the YAML and names
 * keys in its errors; this record only refuses values no Kafka output could run with.
 *
 * @param bootstrapServers the brokers, as Kafka's {@code bootstrap.servers}
 * @param instance         names this Snapline instance, stable across restarts: the producer's
 *                         transactional id and the key of its positions
 * @param topicPrefix      topics are {@code <prefix><record type>} and {@code <prefix>positions}
 * @param properties       passed to the producer as they are, after Snapline's own settings
 */
public record KafkaOptions(String bootstrapServers, String instance, String topicPrefix, KafkaEncoding encoding,
                           TransactionLimits transaction, Map<String, String> properties) {

    public static final String DEFAULT_TOPIC_PREFIX = "snapline.";

    public KafkaOptions {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        Objects.requireNonNull(instance, "instance");
        Objects.requireNonNull(topicPrefix, "topicPrefix");
        Objects.requireNonNull(encoding, "encoding");
        Objects.requireNonNull(transaction, "transaction");
        properties = Map.copyOf(properties);
        if (instance.isBlank()) {
            throw new IllegalArgumentException("instance must not be blank");
        }
    }

    /** The defaults for everything but the two required keys. */
    public static KafkaOptions of(String bootstrapServers, String instance) {
        return new KafkaOptions(bootstrapServers, instance, DEFAULT_TOPIC_PREFIX, KafkaEncoding.JSON,
                TransactionLimits.DEFAULTS, Map.of());
    }

    public KafkaOptions withTopicPrefix(String prefix) {
        return new KafkaOptions(bootstrapServers, instance, prefix, encoding, transaction, properties);
    }

    public KafkaOptions withEncoding(KafkaEncoding value) {
        return new KafkaOptions(bootstrapServers, instance, topicPrefix, value, transaction, properties);
    }

    public KafkaOptions withTransaction(TransactionLimits value) {
        return new KafkaOptions(bootstrapServers, instance, topicPrefix, encoding, value, properties);
    }

    public KafkaOptions withProperties(Map<String, String> value) {
        return new KafkaOptions(bootstrapServers, instance, topicPrefix, encoding, transaction, value);
    }

    /** Producer settings Snapline sets itself, which {@code properties} may not change. */
    public static java.util.Set<String> reservedProducerKeys() {
        return TransactionalProducer.OWN_KEYS;
    }

    /** The producer's {@code transactional.id}: one per instance, so a second one fences the first. */
    public String transactionalId() {
        return "snapline-" + instance;
    }
}
