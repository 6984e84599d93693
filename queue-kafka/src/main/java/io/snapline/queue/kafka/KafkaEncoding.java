package io.snapline.queue.kafka;

/** What a record's Kafka value holds ({@code output.kafka.encoding}). */
public enum KafkaEncoding {
    /** The record view {@code snapline cat} prints, one JSON object (RecordJson), UTF-8. */
    JSON("json"),
    /** The record's own bytes in the queue layout (RecordLayout), from its LENGTH field on. */
    BINARY("binary");

    private final String configName;

    KafkaEncoding(String configName) {
        this.configName = configName;
    }

    public String configName() {
        return configName;
    }

    /** The encoding named {@code name} in the config, or null. */
    public static KafkaEncoding ofConfigName(String name) {
        for (KafkaEncoding encoding : values()) {
            if (encoding.configName.equals(name)) {
                return encoding;
            }
        }
        return null;
    }
}
