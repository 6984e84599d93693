package io.snapline.queue.kafka;

import io.snapline.records.RecordType;

import java.util.ArrayList;
import java.util.List;

/** The topic names of one prefix: {@code <prefix><record type>} and {@code <prefix>positions}. */
public final class KafkaTopics {

    public static final String POSITIONS = "positions";

    private final String prefix;
    private final String[] byCode = new String[256];
    private final String positions;

    public KafkaTopics(String prefix) {
        this.prefix = prefix;
        for (RecordType type : RecordType.values()) {
            byCode[type.code() & 0xFF] = prefix + type.jsonName();
        }
        this.positions = prefix + POSITIONS;
    }

    /** The topic of the record type with this code, or null for a code this version does not know. */
    public String forCode(int code) {
        return code > 0 && code < byCode.length ? byCode[code] : null;
    }

    public String forType(RecordType type) {
        return byCode[type.code() & 0xFF];
    }

    /** The compacted topic holding each instance's last committed positions. */
    public String positions() {
        return positions;
    }

    public String prefix() {
        return prefix;
    }

    /** Every record-type topic, in {@link RecordType} order. */
    public List<String> recordTopics() {
        List<String> topics = new ArrayList<>();
        for (RecordType type : RecordType.values()) {
            topics.add(forType(type));
        }
        return topics;
    }
}
