package io.snapline.queue.kafka;

import io.snapline.tailer.TailerPositions;
import org.apache.kafka.clients.admin.Admin;

import java.io.IOException;
import java.time.Duration;

/** Test access to an instance's committed positions, read as a restart reads them. */
public final class KafkaPositions {

    private KafkaPositions() {
    }

    public static TailerPositions read(String bootstrapServers, String prefix, String instance) throws IOException {
        KafkaOptions options = KafkaOptions.of(bootstrapServers, instance).withTopicPrefix(prefix);
        try (Admin admin = Admin.create(KafkaOutput.clientConfig(options))) {
            return new PositionsLog(KafkaOutput.clientConfig(options), new KafkaTopics(prefix).positions(), instance,
                    Duration.ofSeconds(30)).read(admin).positions();
        }
    }
}
