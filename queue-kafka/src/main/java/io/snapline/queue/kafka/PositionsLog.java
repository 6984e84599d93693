package io.snapline.queue.kafka;

import io.snapline.records.PositionsCodec;
import io.snapline.tailer.TailerPositions;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.utils.Utils;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Reads an instance's last committed positions back from the compacted positions topic: the
 * high watermark of its partition first, through {@link Admin#listOffsets} ({@code latest}), then a
 * {@code read_committed} consumer up to it, the last value under the instance's key winning.
 *
 * <p>Why the high watermark and not the consumer's {@code endOffsets()}: under read_committed
 * that is the last stable offset, which stops short of a transaction still open, so positions
 * read "to the end" could be stale. Reading to a watermark taken before reading waits for
 * every transaction below it to end (Kafka Connect's KafkaBasedLog does the same). Only records
 * under this instance's key count, so other instances sharing the topic do not matter.
 *
 * <p>The partition is the default partitioner's for the key, computed here too, so that
 * the producer and this reader agree without asking the broker which partition a key went to.
 */
final class PositionsLog {

    /**
     * The header naming the transaction: the writing process's random id and its sequence number,
     * 8 bytes each, big-endian. After an ambiguous commit the sink reads it back to tell its own
     * commit from none, and from another process's.
     */
    static final String TRANSACTION_HEADER = "snapline.txn";

    /** What the last committed transaction of the instance left: who wrote it, its number, its positions. */
    record Committed(long writer, long sequence, TailerPositions positions, byte[] positionsBytes) {
        static final Committed NONE = new Committed(0, 0, TailerPositions.EMPTY, null);

        boolean sameTransaction(long otherWriter, long otherSequence) {
            return writer == otherWriter && sequence == otherSequence;
        }
    }

    static byte[] transactionHeader(long writer, long sequence) {
        return ByteBuffer.allocate(16).putLong(writer).putLong(sequence).array();
    }

    private final Map<String, Object> clientConfig;
    private final String topic;
    private final byte[] key;
    private final Duration timeout;

    PositionsLog(Map<String, Object> clientConfig, String topic, String instance, Duration timeout) {
        this.clientConfig = clientConfig;
        this.topic = topic;
        this.key = instance.getBytes(StandardCharsets.UTF_8);
        this.timeout = timeout;
    }

    byte[] key() {
        return key.clone();
    }

    /** The partition the instance's positions go to, of a topic with {@code partitions} partitions. */
    int partitionOf(int partitions) {
        return Utils.toPositive(Utils.murmur2(key)) % partitions;
    }

    int partitionCount(Admin admin) throws IOException {
        try {
            return admin.describeTopics(List.of(topic)).allTopicNames().get(timeout.toMillis(), TimeUnit.MILLISECONDS)
                    .get(topic).partitions().size();
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IOException("kafka: cannot describe the positions topic " + topic + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while describing " + topic, e);
        }
    }

    /**
     * The instance's last committed positions, or {@link Committed#NONE}.
     *
     * @throws IOException when the broker cannot be asked within the timeout: a guess would lose
     *     or repeat lines
     */
    Committed read(Admin admin) throws IOException {
        TopicPartition partition = new TopicPartition(topic, partitionOf(partitionCount(admin)));
        long highWatermark;
        try {
            highWatermark = admin.listOffsets(Map.of(partition, OffsetSpec.latest())).partitionResult(partition)
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS).offset();
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IOException("kafka: cannot read the high watermark of " + partition + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while reading the high watermark of " + partition, e);
        }
        if (highWatermark == 0) {
            return Committed.NONE;
        }
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerConfig())) {
            consumer.assign(List.of(partition));
            long earliest = consumer.beginningOffsets(List.of(partition), timeout).get(partition);
            // Read the tail first: a compacted topic keeps few records, but one not yet compacted
            // holds one per transaction, and the last committed one is near the end.
            long window = 256;
            while (true) {
                long from = Math.max(earliest, highWatermark - window);
                Committed found = readRange(consumer, partition, from, highWatermark);
                if (found != null || from == earliest) {
                    return found == null ? Committed.NONE : found;
                }
                window *= 4;
            }
        }
    }

    private Committed readRange(KafkaConsumer<byte[], byte[]> consumer, TopicPartition partition, long from, long to)
            throws IOException {
        consumer.seek(partition, from);
        Committed last = null;
        long deadline = System.nanoTime() + timeout.toNanos();
        while (consumer.position(partition, timeout) < to) {
            if (System.nanoTime() - deadline > 0) {
                throw new IOException("kafka: could not read " + partition + " up to its high watermark " + to
                        + " within " + timeout + " (a transaction of another producer left open?)");
            }
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                if (record.offset() >= to || !Arrays.equals(record.key(), key)) {
                    continue;
                }
                last = record.value() == null ? Committed.NONE : decode(record);
            }
        }
        return last;
    }

    private static Committed decode(ConsumerRecord<byte[], byte[]> record) throws IOException {
        Header transaction = record.headers().lastHeader(TRANSACTION_HEADER);
        try {
            TailerPositions positions = PositionsCodec.decode(record.value(), 0, record.value().length);
            if (transaction == null || transaction.value().length != 16) {
                return new Committed(0, 0, positions, record.value());
            }
            ByteBuffer header = ByteBuffer.wrap(transaction.value());
            return new Committed(header.getLong(), header.getLong(), positions, record.value());
        } catch (RuntimeException e) {
            throw new IOException("kafka: the positions at " + record.topic() + "-" + record.partition() + "@"
                    + record.offset() + " cannot be decoded (" + e.getMessage() + ")", e);
        }
    }

    private Map<String, Object> consumerConfig() {
        Map<String, Object> config = new HashMap<>(clientConfig);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        return config;
    }
}
