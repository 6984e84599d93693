package io.snapline.queue.chronicle.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.snapline.engine.Engine;
import io.snapline.engine.EngineConfig;
import io.snapline.engine.ring.RingConfig;
import io.snapline.engine.testing.ExpectedIdentity;
import io.snapline.engine.testing.ExpectedViews;
import io.snapline.engine.testing.FileLines;
import io.snapline.engine.testing.StreamSamples;
import io.snapline.nodegen.GeneratorOptions;
import io.snapline.nodegen.NodeFileGenerator;
import io.snapline.nodegen.NodeHour;
import io.snapline.queue.chronicle.ChronicleOutput;
import io.snapline.queue.chronicle.QueueRecords;
import io.snapline.records.DeadLetterReason;
import io.snapline.records.RecordJson;
import io.snapline.records.RecordType;
import io.snapline.records.testing.JsonTree;
import io.snapline.tailer.NodeLayout;
import io.snapline.tailer.NodeStream;
import io.snapline.tailer.TailerConfig;
import io.snapline.testkit.Resources;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Generated files of the four newer streams (TWAP statuses, misc events, HIP-3 oracle updates,
 * system actions), every layout, tailed by the real engine into a real Chronicle Queue: exactly
 * one record per event, none for an empty block, no dead letter, and each record printed as
 * Jackson's reading of its line says.
 */
class NewStreamsEngineTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final NodeHour HOUR = NodeHour.parse("20260709/19");
    private static final int LINES = 60;
    private static final int EVENTS_PER_BLOCK = 7;

    @TempDir
    Path dir;

    @Test
    void shouldWriteOneRecordPerGeneratedEventOfEveryNewStreamAndLayoutAndNoDeadLetter() throws Exception {
        Path root = dir.resolve("hl").resolve("data");
        Path queue = dir.resolve("queue");
        Map<String, List<Map<String, Object>>> expected = new LinkedHashMap<>();
        Map<RecordType, Integer> events = new EnumMap<>(RecordType.class);
        long lines = 0;
        for (NodeStream stream : StreamSamples.streams()) {
            for (NodeLayout layout : NodeLayout.values()) {
                NodeFileGenerator generator = new NodeFileGenerator();
                lines += generator.run(GeneratorOptions.of(root, stream, layout, LINES).withStartHour(HOUR)
                        .withEventsPerBlock(EVENTS_PER_BLOCK));
                Map<String, Long> indexes = ExpectedIdentity.eventIndexes(generator.files(), layout == NodeLayout.BY_BLOCK);
                for (Path file : generator.files()) {
                    for (FileLines.Line line : FileLines.read(file)) {
                        List<Map<String, Object>> views = ExpectedIdentity.apply(indexes, file + "@" + line.offset(),
                                ExpectedViews.of(stream, line.bytes(), file.toString(), line.offset()));
                        expected.put(file + "@" + line.offset(), views);
                        events.merge(RecordType.ofJsonName((String) views.get(0).get("type")), views.size(), Integer::sum);
                    }
                }
            }
        }
        EngineConfig config = EngineConfig.forNodeDataEveryLayout(root)
                .withRing(new RingConfig(8, 256 * 1024, 64, 64, Duration.ofMillis(2), 2))
                .withTailer(TailerConfig.defaults().withDiscoveryInterval(Duration.ofMillis(50)))
                .withMaxIdle(Duration.ofMillis(10));
        long total = lines;

        try (Engine engine = Engine.start(config, ChronicleOutput.open(queue, config))) {
            assertTrue(Resources.await(() -> engine.counters().linesWritten() >= total || engine.failure() != null, WAIT),
                    "lines written: " + engine.counters().linesWritten() + " of " + total);
            assertNull(engine.failure());
            assertEquals(total, engine.counters().linesWritten());
            for (DeadLetterReason reason : DeadLetterReason.values()) {
                assertEquals(0, engine.counters().deadLetters(reason), reason.label());
            }
            for (Map.Entry<RecordType, Integer> e : events.entrySet()) {
                assertEquals((long) e.getValue(), engine.counters().records(e.getKey()), e.getKey().jsonName());
            }
        }

        Map<String, List<Map<String, Object>>> printed = new LinkedHashMap<>();
        RecordJson json = new RecordJson();
        try (QueueRecords records = QueueRecords.open(queue)) {
            records.forEachRecord(record -> {
                if (record.type().stream() != null) { // the events; the block accounting is BlockAccountingEngineTest's
                    printed.computeIfAbsent(record.source() + "@" + record.lineOffset(),
                            key -> new ArrayList<>()).add(JsonTree.object(json.toJson(record)));
                }
            });
        }
        assertEquals(StreamSamples.streams().size() * NodeLayout.values().length * LINES, expected.size());
        assertEquals(expected, printed, "one record per event, each as Jackson reads its line");
    }
}
