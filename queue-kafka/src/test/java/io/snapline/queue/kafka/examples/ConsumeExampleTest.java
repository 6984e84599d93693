package io.snapline.queue.kafka.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.snapline.engine.Engine;
import io.snapline.engine.EngineConfig;
import io.snapline.engine.testing.NodeFile;
import io.snapline.engine.testing.NodeLines;
import io.snapline.queue.kafka.KafkaOptions;
import io.snapline.queue.kafka.KafkaOutput;
import io.snapline.queue.kafka.testing.KafkaBroker;
import io.snapline.queue.kafka.testing.TopLevelFields;
import io.snapline.tailer.NodeLayout;
import io.snapline.tailer.NodeStream;
import io.snapline.testkit.Resources;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the consumer of docs/kafka.md against what the Kafka output wrote, so the example cannot rot. */
class ConsumeExampleTest {

    @TempDir
    Path dir;

    @Test
    void shouldReadEveryRecordOnceAndOverwriteNotAddWhenReadAgain() throws Exception {
        Path root = dir.resolve("hl/data");
        NodeFile trades = NodeFile.at(root, NodeStream.TRADES, NodeLayout.PLAIN, "20260505", 17);
        for (int id = 0; id < 40; id++) {
            trades.append(NodeLines.trade(id));
        }
        try (KafkaBroker broker = KafkaBroker.start()) {
            EngineConfig config = EngineConfig.forNodeData(root).withMaxIdle(Duration.ofMillis(5));
            try (Engine engine = Engine.start(config, KafkaOutput.open(KafkaOptions.of(broker.bootstrapServers(), "ex")
                    .withTopicPrefix("hl.")))) {
                assertTrue(Resources.await(() -> engine.counters().linesWritten() >= 40, Duration.ofSeconds(60)));
            }
            Map<String, String> sink = new HashMap<>();
            long read = ConsumeExample.consume(broker.bootstrapServers(), "hl.", List.of("trade"), "g1",
                    Duration.ofSeconds(3), sink);
            assertEquals(40, read);
            assertEquals(40, sink.size());
            TreeSet<Integer> ids = new TreeSet<>();
            for (String value : sink.values()) {
                ids.add(Integer.parseInt(TopLevelFields.of(value).get("sz")));
            }
            assertEquals(40, ids.size());
            assertEquals(0, ids.first());
            assertEquals(39, ids.last());

            // Another group reads everything again, as a consumer that lost its offsets would: same entries.
            long again = ConsumeExample.consume(broker.bootstrapServers(), "hl.", List.of("trade"), "g2",
                    Duration.ofSeconds(3), sink);
            assertEquals(40, again);
            assertEquals(40, sink.size(), "read again, the sink still holds each record once");
            // The first group's committed offsets: nothing more.
            assertEquals(0, ConsumeExample.consume(broker.bootstrapServers(), "hl.", List.of("trade"), "g1",
                    Duration.ofSeconds(3), sink));
        }
    }
}
