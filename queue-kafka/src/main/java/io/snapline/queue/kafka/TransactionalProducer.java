package io.snapline.queue.kafka;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Owns the instance's one transactional producer, and makes a new one when the old one is in a
 * state it cannot leave (a timed-out or failed commit): {@link #renew} closes it and runs
 * {@code initTransactions()} on a new one with the same {@code transactional.id}, which ends the
 * old one's transaction on the coordinator (committed if its commit had got that far, aborted
 * otherwise) before it returns. Used by the writer thread, and opened and closed by
 * {@link KafkaOutput}.
 */
final class TransactionalProducer implements AutoCloseable {

    /** Snapline's defaults; {@code output.kafka.properties} may change them. */
    static final Map<String, Object> DEFAULTS = Map.of(
            ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4",
            ProducerConfig.LINGER_MS_CONFIG, 5,
            ProducerConfig.BATCH_SIZE_CONFIG, 256 << 10,
            // How long a send or initTransactions waits for an unreachable broker before the sink's
            // own retry takes over (and /healthz says so): not Kafka's minute.
            ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);

    /** What makes the producer transactional; the config refuses them in properties. */
    static final java.util.Set<String> OWN_KEYS = java.util.Set.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG,
            ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, ProducerConfig.ACKS_CONFIG,
            ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG);

    private final Map<String, Object> config;
    private Producer<byte[], byte[]> producer;

    TransactionalProducer(KafkaOptions options) {
        Map<String, Object> config = new HashMap<>(DEFAULTS);
        config.putAll(options.properties());
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, options.bootstrapServers());
        config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, options.transactionalId());
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        this.config = Map.copyOf(config);
    }

    /** The producer's whole config, for the message size and the transaction timeout. */
    Map<String, Object> config() {
        return config;
    }

    int maxRequestSize() {
        Object value = config.get(ProducerConfig.MAX_REQUEST_SIZE_CONFIG);
        return value == null ? 1 << 20 : Integer.parseInt(value.toString());
    }

    long transactionTimeoutMs() {
        Object value = config.get(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG);
        return value == null ? 60_000 : Long.parseLong(value.toString());
    }

    /** The current producer, made and initialised on first use. */
    Producer<byte[], byte[]> get() {
        if (producer == null) {
            renew();
        }
        return producer;
    }

    /** Drops the current producer and initialises a new one (see the class comment). */
    void renew() {
        closeCurrent();
        KafkaProducer<byte[], byte[]> fresh = new KafkaProducer<>(config);
        try {
            fresh.initTransactions();
        } catch (RuntimeException e) {
            fresh.close(Duration.ZERO);
            throw e;
        }
        producer = fresh;
    }

    private void closeCurrent() {
        if (producer != null) {
            Producer<byte[], byte[]> old = producer;
            producer = null;
            old.close(Duration.ZERO); // its open transaction is ended by the next initTransactions
        }
    }

    @Override
    public void close() {
        closeCurrent();
    }
}
