package io.snapline.queue.kafka.examples;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The consumer of docs/kafka.md: reads Snapline's record topics with {@code read_committed} and
 * writes each record into a sink keyed by its record identity (the {@code snapline.id} header),
 * so that reading a record again after this consumer's own crash (offsets are committed after
 * the sink write) overwrites the same entry instead of adding a second one.
 */
public final class ConsumeExample {

    private ConsumeExample() {
    }

    /**
     * Reads {@code <prefix><type>} for each of {@code types} until nothing arrives for
     * {@code idle}, putting each value into {@code sink} under its identity.
     *
     * @return how many records were read, repeats included
     */
    public static long consume(String bootstrapServers, String prefix, List<String> types, String group,
                               Duration idle, Map<String, String> sink) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        // Required: the default, read_uncommitted, also shows records of aborted transactions.
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        long read = 0;
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
            consumer.subscribe(types.stream().map(type -> prefix + type).toList());
            long quietSince = System.nanoTime();
            while (System.nanoTime() - quietSince < idle.toNanos()) {
                ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(200));
                for (ConsumerRecord<String, String> record : records) {
                    Header id = record.headers().lastHeader("snapline.id"); // source:offset:index, unique per record
                    sink.put(new String(id.value(), StandardCharsets.UTF_8), record.value());
                    read++;
                }
                if (!records.isEmpty()) {
                    consumer.commitSync(); // after the sink write: a crash in between repeats, never loses
                    quietSince = System.nanoTime();
                }
            }
        }
        return read;
    }

    /** {@code ConsumeExample <bootstrap servers> <topic prefix> <group>}: prints each record's JSON, once. */
    public static void main(String[] args) {
        Map<String, String> sink = new LinkedHashMap<>();
        consume(args[0], args[1], List.of("order_status", "fill", "trade", "book_diff", "twap_status", "misc_event",
                "hip3_oracle_update", "system_action", "dead_letter"), args[2], Duration.ofSeconds(5), sink);
        sink.values().forEach(System.out::println);
    }
}
