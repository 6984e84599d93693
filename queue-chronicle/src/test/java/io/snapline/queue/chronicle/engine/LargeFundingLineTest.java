package io.snapline.queue.chronicle.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.snapline.engine.Engine;
import io.snapline.engine.EngineConfig;
import io.snapline.engine.testing.NodeFile;
import io.snapline.engine.testing.StreamSamples;
import io.snapline.queue.chronicle.ChronicleOutput;
import io.snapline.queue.chronicle.QueueRecords;
import io.snapline.records.DeadLetterReason;
import io.snapline.records.Field;
import io.snapline.records.RecordType;
import io.snapline.tailer.NodeLayout;
import io.snapline.tailer.NodeStream;
import io.snapline.tailer.TailerConfig;
import io.snapline.testkit.Resources;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A by-block misc events line over 20 MB, as a funding distribution makes one, with the engine's
 * default limits (max_line_length 64 MiB): its funding event is one record whose inner is the
 * node's text byte for byte, the small event after it in the same block its own record, and no
 * dead letter.
 */
class LargeFundingLineTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final int MIN_LINE_BYTES = 21 << 20;

    @TempDir
    Path dir;

    @Test
    void shouldWriteAFundingLineOver20MbAsItsRecordsWithInnerWhole() throws Exception {
        Path root = dir.resolve("hl").resolve("data");
        Path queue = dir.resolve("queue");
        StringBuilder inner = new StringBuilder(MIN_LINE_BYTES + 1024).append("{\"Funding\":{\"deltas\":[");
        for (int i = 0; inner.length() < MIN_LINE_BYTES; i++) {
            inner.append(i == 0 ? "" : ",").append("{\"user\":\"0x").append(String.format("%040x", i))
                    .append("\",\"coin\":\"BTC\",\"funding_amount\":\"-0.").append(i % 100_000 + 1)
                    .append("\",\"szi\":\"").append(i).append(".5\",\"funding_rate\":\"0.0000125\"}");
        }
        inner.append("]}}");
        String line = "{\"local_time\":\"2026-07-09T19:00:00.731132384\",\"block_time\":\"2026-07-09T19:00:00.052313467\","
                + "\"block_number\":1066580000,\"events\":[{\"time\":\"2026-07-09T19:00:00.052313467\",\"hash\":\"0x"
                + "0".repeat(64) + "\",\"inner\":" + inner + "}," + StreamSamples.MISC_LEDGER + "]}";
        NodeFile file = NodeFile.at(root, NodeStream.MISC_EVENTS, NodeLayout.BY_BLOCK, "20260709", 19);
        file.append(line);
        EngineConfig config = EngineConfig.forNodeData(root)
                .withTailer(TailerConfig.defaults().withDiscoveryInterval(Duration.ofMillis(50)))
                .withMaxIdle(Duration.ofMillis(5));
        assertTrue(line.length() > 20_000_000 && line.length() < config.tailer().maxLineLength(), "a line within the default");

        try (Engine engine = Engine.start(config, ChronicleOutput.open(queue, config))) {
            assertTrue(Resources.await(() -> engine.counters().linesWritten() >= 1 || engine.failure() != null, WAIT),
                    "lines written: " + engine.counters().linesWritten());
            assertNull(engine.failure());
            for (DeadLetterReason reason : DeadLetterReason.values()) {
                assertEquals(0, engine.counters().deadLetters(reason), reason.label());
            }
        }

        List<String> kinds = new ArrayList<>();
        List<String> inners = new ArrayList<>();
        try (QueueRecords records = QueueRecords.open(queue)) {
            records.forEachRecord(record -> {
                if (record.type() == RecordType.BLOCK_SEAL) {
                    return; // the by-block line's seal; BlockAccountingEngineTest checks those
                }
                assertEquals(RecordType.MISC_EVENT, record.type());
                assertEquals(file.path().toString(), record.source());
                assertEquals(0, record.lineOffset());
                kinds.add(record.text(Field.KIND));
                inners.add(record.json(Field.INNER));
            });
        }
        assertEquals(List.of("Funding", "LedgerUpdate"), kinds);
        assertTrue(inner.toString().equals(inners.get(0)), "the funding inner, byte for byte");
        String ledger = StreamSamples.MISC_LEDGER;
        assertEquals(ledger.substring(ledger.indexOf("{\"LedgerUpdate\""), ledger.length() - 1), inners.get(1));
    }
}
