package io.snapline.queue.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.snapline.engine.Engine;
import io.snapline.engine.EngineConfig;
import io.snapline.engine.testing.NodeFile;
import io.snapline.engine.testing.NodeLines;
import io.snapline.queue.kafka.testing.CommittedTopics;
import io.snapline.queue.kafka.testing.CommittedTopics.Message;
import io.snapline.queue.kafka.testing.KafkaBroker;
import io.snapline.queue.kafka.testing.TopLevelFields;
import io.snapline.records.RecordLayout;
import io.snapline.records.RecordType;
import io.snapline.tailer.NodeLayout;
import io.snapline.tailer.NodeStream;
import io.snapline.tailer.TailerConfig;
import io.snapline.testkit.Resources;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Kafka output through the engine against a real broker in this JVM: what lands in the
 * topics under read_committed, compared with Jackson's reading of the lines written and with
 * the byte offsets the test itself wrote them at.
 */
class KafkaOutputTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String DAY = "20260505";
    private static KafkaBroker broker;

    @TempDir
    Path dir;
    private Path root;
    private NodeFile trades;
    private String prefix;

    @BeforeAll
    static void startBroker() throws Exception {
        broker = KafkaBroker.start();
    }

    @AfterAll
    static void stopBroker() throws Exception {
        broker.close();
    }

    @BeforeEach
    void nodeFiles(TestInfo test) throws IOException {
        root = dir.resolve("hl").resolve("data");
        trades = NodeFile.at(root, NodeStream.TRADES, NodeLayout.PLAIN, DAY, 17);
        prefix = test.getTestMethod().orElseThrow().getName() + ".";
    }

    private EngineConfig config() {
        return EngineConfig.forNodeData(root)
                .withTailer(TailerConfig.defaults().withDiscoveryInterval(Duration.ofMillis(50)))
                .withMaxIdle(Duration.ofMillis(5));
    }

    private KafkaOptions options(String instance) {
        return KafkaOptions.of(broker.bootstrapServers(), instance).withTopicPrefix(prefix);
    }

    private void appendTrades(int from, int to) throws IOException {
        for (int id = from; id < to; id++) {
            trades.append(NodeLines.trade(id));
        }
    }

    private List<Message> tradeTopic() {
        return CommittedTopics.read(broker.bootstrapServers(), List.of(prefix + "trade"));
    }

    @Test
    void shouldWriteEveryLineOnceAcrossACleanRestartWithItsSourceOffsetAndFields() throws Exception {
        appendTrades(0, 30);
        try (Engine engine = Engine.start(config(), KafkaOutput.open(options("node-a")))) {
            assertTrue(engine.resumedFrom().isEmpty());
            awaitLinesWritten(engine, 30);
        }
        appendTrades(30, 50);
        try (Engine engine = Engine.start(config(), KafkaOutput.open(options("node-a")))) {
            assertEquals(1, engine.resumedFrom().files().size(), "resumed from the committed positions");
            awaitLinesWritten(engine, 20);
        }

        List<Message> messages = tradeTopic();
        assertEquals(50, messages.size(), "every line once");
        Map<Long, Message> byOffset = new HashMap<>();
        for (Message message : messages) {
            long offset = Long.parseLong(message.header(RecordMessages.OFFSET));
            assertNull(byOffset.put(offset, message), "one message per line offset " + offset);
        }
        for (NodeFile.Line line : trades.lines()) {
            Message message = byOffset.get(line.start());
            assertNotNull(message, "the line at " + line.start() + " is in the topic");
            Map<String, String> input = TopLevelFields.of(line.text());
            Map<String, String> value = TopLevelFields.of(message.valueText());
            for (String field : List.of("coin", "side", "time", "px", "sz", "hash")) {
                assertEquals(input.get(field), value.get(field), field + " of the line at " + line.start());
            }
            assertEquals("trade", value.get("type"));
            assertEquals(trades.path().toString(), value.get("source"));
            assertEquals(Long.toString(line.start()), value.get("offset"));
            assertEquals(trades.path().toString(), message.header(RecordMessages.SOURCE));
            assertEquals(trades.path() + ":" + line.start() + ":0", message.header(RecordMessages.ID));
            assertEquals(input.get("coin"), message.keyText(), "keyed by coin");
        }
    }

    @Test
    void shouldDrainABacklogManyTimesTheRingInSmallTransactionsAfterAResume() throws Exception {
        appendTrades(0, 2500);
        EngineConfig smallRing = EngineConfig.forNodeDataEveryLayout(root).withMaxIdle(Duration.ofMillis(5))
                .withRing(io.snapline.engine.ring.RingConfig.defaults().withSlots(8).withMaxLines(64)
                        .withSlabBytes(256 * 1024).withLinger(Duration.ofMillis(2)).withParseWorkers(2));
        KafkaOptions options = options("backlog").withTransaction(new TransactionLimits(500, 1 << 20, Duration.ofMillis(50)));
        try (Engine engine = Engine.start(smallRing, KafkaOutput.open(options))) {
            awaitLinesWritten(engine, 2500);
        }
        appendTrades(2500, 5000);
        try (Engine engine = Engine.start(smallRing, KafkaOutput.open(options))) {
            awaitLinesWritten(engine, 2500);
        }
        assertEquals(5000, tradeTopic().size());
    }

    @Test
    void shouldDeadLetterARecordLargerThanTheBrokerAcceptsAndGoOn() throws Exception {
        try (var admin = broker.admin()) {
            admin.createTopics(List.of(new org.apache.kafka.clients.admin.NewTopic(prefix + "trade", 1, (short) 1)
                    .configs(Map.of("max.message.bytes", "8192")))).all().get();
        }
        trades.append(NodeLines.trade(0));
        // Random padding, so that compression cannot bring the record under the topic's limit.
        byte[] noise = new byte[30_000];
        new java.util.Random(1).nextBytes(noise);
        String base = NodeLines.shortTrade(1);
        String padded = base.substring(0, base.length() - 1) + ",\"padding\":\""
                + java.util.Base64.getEncoder().encodeToString(noise) + "\"}";
        NodeFile.Line large = trades.append(padded).get(0);
        trades.append(NodeLines.trade(2));
        try (Engine engine = Engine.start(config(), KafkaOutput.open(options("large")))) {
            awaitLinesWritten(engine, 3);
        }
        List<Message> kept = tradeTopic();
        assertEquals(List.of("0", "2"), kept.stream().map(m -> TopLevelFields.of(m.valueText()).get("sz")).sorted().toList(),
                "the trades that fit, once each");
        List<Message> dead = CommittedTopics.read(broker.bootstrapServers(), List.of(prefix + "dead_letter"));
        assertEquals(1, dead.size());
        Map<String, String> letter = TopLevelFields.of(dead.get(0).valueText());
        assertEquals("records_too_large", letter.get("reason"));
        assertEquals(Long.toString(large.start()), letter.get("offset"), "at the line's own offset");
        assertTrue(Long.parseLong(letter.get("length")) > 40_000, "the full length kept: " + letter.get("length"));
        assertTrue(letter.get("line").startsWith("{\"type\":\"trade\""), "the start of the record's value");
        assertTrue(dead.get(0).value().length < 8192, "the dead letter fits");
    }

    @Test
    void shouldWriteTheRecordsQueueLayoutInTheBinaryEncoding() throws Exception {
        appendTrades(0, 10);
        try (Engine engine = Engine.start(config(), KafkaOutput.open(options("node-b").withEncoding(KafkaEncoding.BINARY)))) {
            awaitLinesWritten(engine, 10);
        }
        List<Message> messages = tradeTopic();
        assertEquals(10, messages.size());
        for (Message message : messages) {
            ByteBuffer value = ByteBuffer.wrap(message.value()).order(ByteOrder.LITTLE_ENDIAN);
            assertEquals(message.value().length, value.getInt(RecordLayout.RECORD_LENGTH_OFFSET), "one whole record");
            assertEquals(RecordType.TRADE.code(), value.get(RecordLayout.RECORD_TYPE_OFFSET));
            assertEquals(Long.parseLong(message.header(RecordMessages.OFFSET)),
                    value.getLong(RecordLayout.RECORD_LINE_OFFSET_OFFSET));
        }
    }

    @Test
    void shouldFenceTheFirstOfTwoProcessesWithTheSameInstanceAndWriteNothingTwice() throws Exception {
        appendTrades(0, 20);
        try (Engine first = Engine.start(config(), KafkaOutput.open(options("twin")))) {
            awaitLinesWritten(first, 20);
            try (Engine second = Engine.start(config(), KafkaOutput.open(options("twin")))) {
                // The second resumes from the first's last commit, or from nothing should its
                // initTransactions() have aborted the first's open transaction: either is exact.
                appendTrades(20, 40);
                assertTrue(Resources.await(() -> first.failure() != null, WAIT), "the first is fenced");
                assertInstanceOf(KafkaFencedException.class, first.failure());
                assertTrue(first.failure().getMessage().contains("'twin'"), first.failure().getMessage());
                assertTrue(Resources.await(() -> second.counters().linesWritten() >= 20 || second.failure() != null, WAIT));
                assertNull(second.failure());
            }
        }
        List<Message> messages = tradeTopic();
        Map<String, Integer> seen = new HashMap<>();
        for (Message message : messages) {
            seen.merge(TopLevelFields.of(message.valueText()).get("sz"), 1, Integer::sum);
        }
        for (int id = 0; id < 40; id++) {
            assertEquals(1, seen.getOrDefault(Integer.toString(id), 0), "trade " + id + " once");
        }
        assertEquals(40, messages.size());
    }

    @Test
    void shouldLoseAndRepeatNothingWhenTheBrokerRestartsMidStream() throws Exception {
        appendTrades(0, 20);
        KafkaOutput output = KafkaOutput.open(options("restarts"));
        try (Engine engine = Engine.start(config(), output)) {
            awaitLinesWritten(engine, 20);
            broker.stopBroker();
            appendTrades(20, 40);
            // What /healthz shows: the output, named, waiting on the broker.
            assertTrue(Resources.await(() -> output.intakeGate().closedReason() != null, WAIT), "the gate closes");
            assertTrue(output.intakeGate().closedReason().contains("instance restarts"), output.intakeGate().closedReason());
            broker.startBroker();
            appendTrades(40, 60);
            awaitLinesWritten(engine, 60);
            assertTrue(Resources.await(() -> output.intakeGate().isOpen(), WAIT), "the gate is open again");
        }
        List<Message> messages = tradeTopic();
        Map<String, Integer> seen = new HashMap<>();
        for (Message message : messages) {
            seen.merge(TopLevelFields.of(message.valueText()).get("sz"), 1, Integer::sum);
        }
        for (int id = 0; id < 60; id++) {
            assertEquals(1, seen.getOrDefault(Integer.toString(id), 0), "trade " + id + " once");
        }
        assertEquals(60, messages.size());
    }

    /** The block ledger's state rides in the positions record: a block split by a restart keeps counting. */
    @Test
    void shouldKeepCountingABlockSplitByARestart() throws Exception {
        NodeFile statuses = NodeFile.at(root, NodeStream.ORDER_STATUSES, NodeLayout.STREAMING, DAY, 17);
        statuses.append(NodeLines.streamingOrderStatus(5, 1), NodeLines.streamingOrderStatus(5, 2));
        try (Engine engine = Engine.start(config(), KafkaOutput.open(options("node-a")))) {
            awaitLinesWritten(engine, 2);
        }
        statuses.append(NodeLines.streamingOrderStatus(5, 3), NodeLines.streamingOrderStatus(6, 4));
        try (Engine engine = Engine.start(config(), KafkaOutput.open(options("node-a")))) {
            awaitLinesWritten(engine, 2);
        }

        Map<String, String> indexByOid = new HashMap<>();
        for (Message message : CommittedTopics.read(broker.bootstrapServers(), List.of(prefix + "order_status"))) {
            Map<String, String> value = TopLevelFields.of(message.valueText());
            indexByOid.put(value.get("oid"), value.get("blockNumber") + "/" + value.get("eventIndex"));
        }
        assertEquals(Map.of("1", "5/0", "2", "5/1", "3", "5/2", "4", "6/0"), indexByOid);
        List<Message> seals = CommittedTopics.read(broker.bootstrapServers(), List.of(prefix + "block_seal"));
        assertEquals(1, seals.size(), "block 5 sealed once, when block 6 began");
        Map<String, String> seal = TopLevelFields.of(seals.get(0).valueText());
        assertEquals("5", seal.get("blockNumber"));
        assertEquals("3", seal.get("eventCount"), "the events of both runs");
    }

    private static void awaitLinesWritten(Engine engine, long lines) {
        assertTrue(Resources.await(() -> engine.counters().linesWritten() >= lines || engine.failure() != null, WAIT),
                "lines written: " + engine.counters().linesWritten() + " of " + lines);
        assertNull(engine.failure());
        assertEquals(lines, engine.counters().linesWritten());
    }
}
