package io.snapline.engine.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.snapline.engine.Engine;
import io.snapline.engine.EngineConfig;
import io.snapline.engine.filter.FilterReason;
import io.snapline.engine.filter.IngestFilter;
import io.snapline.engine.ring.RingConfig;
import io.snapline.engine.testing.InMemoryOutput;
import io.snapline.engine.testing.NodeFile;
import io.snapline.engine.testing.NodeLines;
import io.snapline.engine.testing.StreamSamples;
import io.snapline.records.RecordType;
import io.snapline.tailer.NodeLayout;
import io.snapline.tailer.NodeStream;
import io.snapline.tailer.TailerConfig;
import io.snapline.tailer.TailerEvents;
import io.snapline.testkit.Resources;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine's meters, read from a real registry while a real engine runs. */
class EngineMetricsTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    @Test
    void shouldCountLinesRecordsDeadLettersAndBatchesAndRemoveTheMetersOnClose() throws Exception {
        Path root = dir.resolve("data");
        NodeFile statuses = NodeFile.at(root, NodeStream.ORDER_STATUSES, NodeLayout.STREAMING, "20260505", 17);
        for (int i = 0; i < 50; i++) {
            statuses.append(NodeLines.streamingOrderStatus(1000 + i, 5000 + i));
        }
        statuses.append("{not json");
        NodeFile trades = NodeFile.at(root, NodeStream.TRADES, NodeLayout.PLAIN, "20260505", 17);
        for (int i = 0; i < 20; i++) {
            trades.append(NodeLines.trade(i));
        }
        MeterRegistry registry = new SimpleMeterRegistry();
        EngineConfig config = EngineConfig.forNodeData(root)
                .withRing(new RingConfig(8, 64 * 1024, 16, 64, Duration.ofMillis(1), 2))
                .withTailer(TailerConfig.defaults().withDiscoveryInterval(Duration.ofMillis(50)))
                .withMaxIdle(Duration.ofMillis(10));

        try (Engine engine = Engine.start(config, new InMemoryOutput(), registry, TailerEvents.NONE)) {
            assertTrue(Resources.await(() -> count(registry, "snapline.records.written", "type", "trade") == 20
                    && count(registry, "snapline.records.written", "type", "order_status") == 50
                    && count(registry, "snapline.dead.letters", "reason", "malformed_json") == 1, WAIT),
                    "records and dead letters counted by type and reason");
            assertEquals(71, registry.get("snapline.lines.read").functionCounter().count());
            long lineBytes = statuses.size() + trades.size() - 71; // without the newlines
            assertEquals(lineBytes, registry.get("snapline.bytes.read").functionCounter().count());
            assertTrue(registry.get("snapline.batch.lines").summary().count() >= 71 / 16,
                    "one batch-size sample per batch");
            assertTrue(registry.get("snapline.batch.lines").summary().max() <= 16, "no batch over the cap");
            assertEquals(71, registry.get("snapline.batch.lines").summary().totalAmount());
            assertTrue(Resources.await(() -> registry.get("snapline.inflight.lines").gauge().value() == 0
                    && registry.get("snapline.ring.occupancy").gauge().value() == 0, WAIT), "idle pipeline reads zero");
            assertTrue(Resources.await(() -> registry.find("snapline.lag.bytes").tag("file", statuses.path().toString())
                    .gauge() != null, WAIT), "per-file lag published");
            assertEquals(0, registry.get("snapline.lag.bytes").tag("file", statuses.path().toString()).gauge().value());
            assertNotNull(registry.get("snapline.parse.time").timer());
            assertTrue(registry.get("snapline.write.time").timer().count() > 0);
            assertEquals(null, engine.failure());
        }
        assertTrue(registry.getMeters().isEmpty(), "meters left after close: " + registry.getMeters());
    }

    @Test
    void shouldCountTheRecordsOfEachNewerStreamUnderItsType() throws Exception {
        Path root = dir.resolve("data");
        for (NodeStream stream : StreamSamples.streams()) {
            NodeFile file = NodeFile.at(root, stream, NodeLayout.BY_BLOCK, "20260709", 19);
            for (StreamSamples.Sample sample : StreamSamples.of(stream)) {
                file.append(sample.line()); // 1 + 1 + 2 + 0 events
            }
        }
        MeterRegistry registry = new SimpleMeterRegistry();
        EngineConfig config = EngineConfig.forNodeData(root)
                .withTailer(TailerConfig.defaults().withDiscoveryInterval(Duration.ofMillis(50)))
                .withMaxIdle(Duration.ofMillis(10));

        try (Engine engine = Engine.start(config, new InMemoryOutput(), registry, TailerEvents.NONE)) {
            assertTrue(Resources.await(() -> registry.get("snapline.lines.read").functionCounter().count() == 16
                    && engine.counters().linesWritten() == 16, WAIT), "every line written");
            for (String type : new String[] {"twap_status", "misc_event", "hip3_oracle_update", "system_action"}) {
                assertTrue(Resources.await(() -> count(registry, "snapline.records.written", "type", type) == 4, WAIT),
                        type + ": " + count(registry, "snapline.records.written", "type", type));
            }
            assertEquals(0, count(registry, "snapline.records.written", "type", "dead_letter"));
            assertEquals(null, engine.failure());
        }
    }

    @Test
    void shouldCountFilteredEventsByTypeAndReason() throws Exception {
        Path root = dir.resolve("data");
        NodeFile statuses = NodeFile.at(root, NodeStream.ORDER_STATUSES, NodeLayout.BY_BLOCK, "20260505", 17);
        for (int i = 0; i < 30; i++) {
            statuses.append(NodeLines.byBlockOrderStatuses(1000 + i, 10L * i, 10L * i + 1, 10L * i + 2)); // open, rejected, open
        }
        NodeFile trades = NodeFile.at(root, NodeStream.TRADES, NodeLayout.PLAIN, "20260505", 17);
        for (int i = 0; i < 20; i++) {
            trades.append(NodeLines.trade(i));
        }
        MeterRegistry registry = new SimpleMeterRegistry();
        EngineConfig config = EngineConfig.forNodeData(root)
                // Two slots of four lines: every slot is reused, so counts a slot kept would be counted twice.
                .withRing(new RingConfig(2, 64 * 1024, 4, 64, Duration.ofMillis(1), 2))
                .withTailer(TailerConfig.defaults().withDiscoveryInterval(Duration.ofMillis(50)))
                .withMaxIdle(Duration.ofMillis(10))
                .withFilter(IngestFilter.builder()
                        .drop(RecordType.ORDER_STATUS, FilterReason.STATUS, List.of("badAloPxRejected"))
                        .drop(RecordType.TRADE, FilterReason.USER, List.of(NodeLines.OTHER_USER)).build());

        try (Engine engine = Engine.start(config, new InMemoryOutput(), registry, TailerEvents.NONE)) {
            assertTrue(Resources.await(() -> engine.counters().linesWritten() == 50 || engine.failure() != null, WAIT));
            assertEquals(30, count(registry, "snapline.events.filtered", "type", "order_status", "reason", "status"));
            assertEquals(20, count(registry, "snapline.events.filtered", "type", "trade", "reason", "user"));
            assertEquals(0, count(registry, "snapline.events.filtered", "type", "order_status", "reason", "coin"));
            assertEquals(60, count(registry, "snapline.records.written", "type", "order_status"));
            assertEquals(0, count(registry, "snapline.records.written", "type", "trade"));
            assertEquals(-1, count(registry, "snapline.events.filtered", "type", "dead_letter", "reason", "user"),
                    "dead letters are never filtered, so have no such meter");
            assertEquals(-1, count(registry, "snapline.events.filtered", "type", "fill", "reason", "status"));
        }
    }

    private static double count(MeterRegistry registry, String name, String tag1, String value1, String tag2,
            String value2) {
        var counter = registry.find(name).tag(tag1, value1).tag(tag2, value2).functionCounter();
        return counter == null ? -1 : counter.count();
    }

    private static double count(MeterRegistry registry, String name, String tag, String value) {
        var counter = registry.find(name).tag(tag, value).functionCounter();
        return counter == null ? -1 : counter.count();
    }
}
