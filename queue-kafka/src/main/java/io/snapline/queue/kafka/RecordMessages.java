package io.snapline.queue.kafka;

import io.snapline.records.Field;
import io.snapline.records.RecordJson;
import io.snapline.records.RecordType;
import io.snapline.records.RecordView;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Turns one record into its Kafka message: topic {@code <prefix><type>}, key the record's
 * {@code coin} when it has one (so the record-type topics are co-partitioned by coin and can be
 * joined), else its source path; value JSON or binary ({@link KafkaEncoding}); headers
 * {@value #SOURCE}, {@value #OFFSET} and {@value #ID}, the record identity a consumer dedupes on.
 *
 * <p>The Kafka client takes a message as its own objects (a ProducerRecord, arrays for key and
 * value), so each record allocates those; the encoding itself reuses its buffers. Not
 * thread-safe: the writer thread's.
 */
final class RecordMessages {

    /** The source file's path, UTF-8. */
    static final String SOURCE = "snapline.source";
    /** The byte offset of the record's line in its source, decimal ASCII. */
    static final String OFFSET = "snapline.offset";
    /** {@code <source>:<offset>:<index of the record among its line's records>}, UTF-8: unique per record. */
    static final String ID = "snapline.id";

    /** Room left in a message for key, headers and Kafka's own framing. */
    static final int FRAMING_ALLOWANCE = 16 << 10;

    /** Below this a capped dead letter no longer fits with its source and detail. */
    static final int MIN_MESSAGE_BYTES = 4096;

    private final KafkaTopics topics;
    private final KafkaEncoding encoding;
    private final RecordJson json = new RecordJson();
    private volatile int maxMessageBytes;
    private long cappedCount;

    RecordMessages(KafkaTopics topics, KafkaEncoding encoding, int maxMessageBytes) {
        this.topics = topics;
        this.encoding = encoding;
        this.maxMessageBytes = maxMessageBytes;
    }

    /**
     * The message for {@code record}, the {@code indexInLine}-th record of its line.
     *
     * @param sourceBytes the record's source path, UTF-8 (the caller caches it per batch)
     */
    ProducerRecord<byte[], byte[]> message(RecordView record, byte[] sourceBytes, int indexInLine) {
        int limit = maxMessageBytes;
        int valueCap = Math.max(1024, limit - Math.min(FRAMING_ALLOWANCE, limit / 4) - 3 * sourceBytes.length);
        RecordView toSend = record;
        byte[] buffer = encode(record);
        int length = encodedLength;
        if (length > valueCap) {
            // Cut the raw bytes to fit, leaving room for the rest of the dead letter's view (a
            // JSON escape may take six bytes for one, so the JSON view gets a sixth).
            int room = Math.max(0, valueCap - 768);
            int rawCap = encoding == KafkaEncoding.JSON ? room / 6 : room;
            byte[] start = Arrays.copyOfRange(buffer, encodedOffset, encodedOffset + Math.min(length, rawCap));
            toSend = CappedDeadLetter.of(record, start, length, start.length, rawCap, limit);
            buffer = encode(toSend);
            length = encodedLength;
            cappedCount++;
        }
        String topic = topics.forCode(toSend.typeCode());
        if (topic == null) {
            topic = topics.prefix() + "unknown";
        }
        byte[] value = Arrays.copyOfRange(buffer, encodedOffset, encodedOffset + length);
        byte[] key = record.has(Field.COIN) && toSend.type() != RecordType.DEAD_LETTER ? coin(record) : sourceBytes;
        RecordHeaders headers = new RecordHeaders();
        byte[] offset = Long.toString(record.lineOffset()).getBytes(StandardCharsets.US_ASCII);
        headers.add(new RecordHeader(SOURCE, sourceBytes));
        headers.add(new RecordHeader(OFFSET, offset));
        headers.add(new RecordHeader(ID, identity(sourceBytes, offset, indexInLine)));
        return new ProducerRecord<>(topic, null, null, key, value, headers);
    }

    // Where encode() left the value: buffer[encodedOffset, encodedOffset + encodedLength).
    private int encodedOffset;
    private int encodedLength;

    private byte[] encode(RecordView record) {
        if (encoding == KafkaEncoding.JSON) {
            encodedOffset = 0;
            encodedLength = json.encode(record);
            return json.buffer();
        }
        encodedOffset = record.recordOffset();
        encodedLength = record.recordLength();
        return record.buffer();
    }

    private static byte[] coin(RecordView record) {
        int length = record.textLength(Field.COIN);
        byte[] coin = new byte[length];
        record.textTo(Field.COIN, coin, 0);
        return coin;
    }

    private static byte[] identity(byte[] source, byte[] offset, int indexInLine) {
        byte[] index = Integer.toString(indexInLine).getBytes(StandardCharsets.US_ASCII);
        byte[] id = new byte[source.length + 1 + offset.length + 1 + index.length];
        System.arraycopy(source, 0, id, 0, source.length);
        id[source.length] = ':';
        System.arraycopy(offset, 0, id, source.length + 1, offset.length);
        id[source.length + 1 + offset.length] = ':';
        System.arraycopy(index, 0, id, source.length + 2 + offset.length, index.length);
        return id;
    }

    /**
     * Lowers the largest message after the broker refused one as too large (a topic's
     * {@code max.message.bytes}, or the broker's {@code message.max.bytes}, below the producer's
     * {@code max.request.size}): to {@code topicLimit} when that is lower, else to half, so that
     * resending converges whatever the broker's own limit is. The transaction is then sent again
     * with every record over the new limit as a capped dead letter.
     */
    void lowerLimit(int topicLimit) {
        int lowered = topicLimit < maxMessageBytes ? topicLimit : maxMessageBytes / 2;
        maxMessageBytes = Math.max(MIN_MESSAGE_BYTES, lowered);
    }

    int maxMessageBytes() {
        return maxMessageBytes;
    }

    /** Records sent as capped dead letters because they did not fit a message. */
    long cappedCount() {
        return cappedCount;
    }
}
