package io.snapline.queue.kafka;

import io.snapline.engine.IntakeGate;
import io.snapline.engine.output.BatchSink;
import io.snapline.engine.output.Output;
import io.snapline.tailer.TailerPositions;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;

import java.io.IOException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The Kafka output: one transactional producer for this instance, topics
 * {@code <prefix><record type>}, and the compacted {@code <prefix>positions} topic holding, under
 * the instance's key, the positions each transaction advanced to. Records and positions are
 * committed in one transaction ({@link KafkaBatchSink}), so a restart resumes from the last
 * committed positions and reads nothing twice into Kafka.
 *
 * <p>Opening order matters: {@code initTransactions()} first, which fences a zombie of the same
 * instance and ends its open transaction, and only then the positions are read
 * ({@link PositionsLog}): read before, they could miss that transaction's commit. Missing topics
 * are created (the positions topic compacted, one partition; the others with the broker's
 * defaults). Owns the producer and the admin client; the engine closes it.
 */
public final class KafkaOutput implements Output {

    /** How long a start waits for the broker before it refuses to start. */
    static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    private final KafkaOptions options;
    private final KafkaTopics topics;
    private final Admin admin;
    private final TransactionalProducer producer;
    private final PositionsLog positionsLog;
    private final KafkaHealth health;
    private final int positionsPartition;
    private final long writerId = new SecureRandom().nextLong();
    private PositionsLog.Committed committed;
    private KafkaBatchSink sink;

    private KafkaOutput(KafkaOptions options, Admin admin, TransactionalProducer producer) throws IOException {
        this.options = options;
        this.topics = new KafkaTopics(options.topicPrefix());
        this.admin = admin;
        this.producer = producer;
        this.health = new KafkaHealth(describe());
        this.positionsLog = new PositionsLog(clientConfig(options), topics.positions(), options.instance(), START_TIMEOUT);
        createMissingTopics();
        this.positionsPartition = positionsLog.partitionOf(positionsLog.partitionCount(admin));
        initTransactions(producer);
        this.committed = positionsLog.read(admin);
    }

    /**
     * {@code initTransactions()} before the positions are read (see the class comment), retried
     * within {@link #START_TIMEOUT}: a broker's first transaction creates its transaction log,
     * which can take longer than one {@code max.block.ms}.
     */
    private static void initTransactions(TransactionalProducer producer) {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (true) {
            try {
                producer.get();
                return;
            } catch (org.apache.kafka.common.errors.TimeoutException e) {
                if (System.nanoTime() - deadline > 0) {
                    throw e;
                }
            }
        }
    }

    /**
     * Connects, creates missing topics, fences an earlier process of the same instance and reads
     * the last committed positions.
     *
     * @throws IOException when the broker does not answer within {@link #START_TIMEOUT}
     * @throws KafkaFencedException when another live process holds the instance and fences this one first
     */
    public static KafkaOutput open(KafkaOptions options) throws IOException {
        Admin admin = Admin.create(clientConfig(options));
        TransactionalProducer producer = new TransactionalProducer(options);
        try {
            return new KafkaOutput(options, admin, producer);
        } catch (IOException | RuntimeException | Error e) {
            try {
                producer.close();
            } finally {
                admin.close(Duration.ZERO);
            }
            if (e instanceof org.apache.kafka.common.errors.ProducerFencedException) {
                throw new KafkaFencedException(options.instance(), e);
            }
            if (e instanceof org.apache.kafka.common.KafkaException) {
                throw new IOException(describe(options) + ": cannot start: " + e.getMessage(), e);
            }
            throw e;
        }
    }

    /**
     * The settings the admin client and the positions reader share with the producer: the
     * bootstrap servers and those of {@code properties} that are common client settings (security).
     */
    static Map<String, Object> clientConfig(KafkaOptions options) {
        Map<String, Object> config = new HashMap<>();
        Set<String> adminNames = AdminClientConfig.configNames();
        options.properties().forEach((key, value) -> {
            if (adminNames.contains(key)) {
                config.put(key, value);
            }
        });
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, options.bootstrapServers());
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) START_TIMEOUT.toMillis());
        return config;
    }

    private void createMissingTopics() throws IOException {
        try {
            Set<String> existing = admin.listTopics().names().get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            List<NewTopic> missing = new ArrayList<>();
            for (String topic : topics.recordTopics()) {
                if (!existing.contains(topic)) {
                    missing.add(new NewTopic(topic, Optional.empty(), Optional.empty()));
                }
            }
            if (!existing.contains(topics.positions())) {
                missing.add(new NewTopic(topics.positions(), Optional.of(1), Optional.empty())
                        .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)));
            }
            for (var result : admin.createTopics(missing).values().entrySet()) {
                try {
                    result.getValue().get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) { // another instance made it meanwhile
                        throw e;
                    }
                }
            }
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IOException(describe() + ": cannot list or create its topics: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while creating topics", e);
        }
    }

    @Override
    public TailerPositions lastDurablePositions() {
        return committed.positions();
    }

    /** The positions record's value is the batch's positions bytes whole, the block ledger's state included. */
    @Override
    public byte[] lastDurablePositionsBytes() {
        return committed.positionsBytes();
    }

    @Override
    public BatchSink openSink() {
        int maxMessage = producer.maxRequestSize();
        sink = new KafkaBatchSink(this, producer, new RecordMessages(topics, options.encoding(), maxMessage),
                options.transaction(), health, committed, writerId);
        return sink;
    }

    /**
     * Closed while the broker cannot be reached or a commit waits on it; {@code /healthz} shows
     * why. The writer is blocked then anyway, so holding the reader back loses nothing.
     */
    @Override
    public IntakeGate intakeGate() {
        return health;
    }

    /** The positions as committed now: the sink reads them back after an ambiguous commit. */
    PositionsLog.Committed readCommitted() throws IOException {
        return positionsLog.read(admin);
    }

    /**
     * The smallest {@code max.message.bytes} of the record topics, as the broker has them: the
     * largest message every topic takes, once one was refused as too large.
     */
    int smallestTopicMessageLimit() throws IOException {
        List<org.apache.kafka.common.config.ConfigResource> resources = new ArrayList<>();
        for (String topic : topics.recordTopics()) {
            resources.add(new org.apache.kafka.common.config.ConfigResource(
                    org.apache.kafka.common.config.ConfigResource.Type.TOPIC, topic));
        }
        try {
            int smallest = Integer.MAX_VALUE;
            for (var config : admin.describeConfigs(resources).all().get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                    .values()) {
                var entry = config.get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG);
                if (entry != null && entry.value() != null) {
                    smallest = Math.min(smallest, Integer.parseInt(entry.value()));
                }
            }
            return smallest;
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IOException(describe() + ": cannot read the topics' max.message.bytes: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while reading topic configs", e);
        }
    }

    KafkaOptions options() {
        return options;
    }

    public KafkaTopics topics() {
        return topics;
    }

    int positionsPartition() {
        return positionsPartition;
    }

    byte[] positionsKey() {
        return positionsLog.key();
    }

    /** Transactions committed so far by this output's sink. */
    public long commits() {
        return sink == null ? 0 : sink.commits();
    }

    /** Batches in the open transaction (racy when read off the writer thread: for tests and status lines). */
    public int pendingBatches() {
        return sink == null ? 0 : sink.pendingBatches();
    }

    /** Failed transactions recovered by this output's sink. */
    public long recoveries() {
        return sink == null ? 0 : sink.recoveries();
    }

    @Override
    public String describe() {
        return describe(options);
    }

    /** How the output is named in messages and on /healthz. */
    public static String describe(KafkaOptions options) {
        return "kafka " + options.bootstrapServers() + " topics " + options.topicPrefix() + "* instance "
                + options.instance();
    }

    @Override
    public void close() {
        try {
            producer.close();
        } finally {
            admin.close(Duration.ofSeconds(5));
        }
    }
}
