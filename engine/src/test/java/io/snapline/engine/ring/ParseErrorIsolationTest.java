package io.snapline.engine.ring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.snapline.engine.EngineSource;
import io.snapline.engine.parse.FastJsonCursor;
import io.snapline.engine.parse.ForwardingCursor;
import io.snapline.engine.parse.LineParser;
import io.snapline.engine.testing.CollectingSink;
import io.snapline.engine.testing.NodeFile;
import io.snapline.engine.testing.NodeLines;
import io.snapline.engine.testing.RingRig;
import io.snapline.records.DeadLetterReason;
import io.snapline.records.Field;
import io.snapline.records.RecordType;
import io.snapline.records.RecordWriter;
import io.snapline.records.testing.Rec;
import io.snapline.tailer.HourlyFileSequence;
import io.snapline.tailer.NodeLayout;
import io.snapline.tailer.NodeStream;
import io.snapline.tailer.TailerConfig;
import io.snapline.testkit.Resources;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12, item 2: whatever the parser throws on one line, an OutOfMemoryError included, is
 * that line's {@code parser_error} dead letter; the other lines of its batch are parsed and
 * written and the pipeline goes on. Before, the throwable failed the batch and stopped the
 * pipeline with nothing of the batch written.
 */
@Tag("faults")
class ParseErrorIsolationTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    /** The sz of the trade the cursor fails on. */
    private static final long FAILING = 3;

    @TempDir
    Path dir;

    @Test
    void shouldMakeALineTheParserFailsOnADeadLetterAndWriteTheRestOfItsBatch() throws Exception {
        NodeFile file = NodeFile.at(dir, NodeStream.TRADES, NodeLayout.PLAIN, "20260505", 17);
        for (long id = 1; id <= 5; id++) {
            file.append(NodeLines.trade(id));
        }
        CollectingSink sink = new CollectingSink();
        List<EngineSource> sources = List.of(new EngineSource(
                new HourlyFileSequence(dir, NodeStream.TRADES, NodeLayout.PLAIN), NodeStream.TRADES));
        TailerConfig tailer = TailerConfig.defaults().withDiscoveryInterval(Duration.ofMillis(20));
        RingConfig ring = new RingConfig(4, 64 * 1024, 64, 8, Duration.ofMillis(2), 1);

        try (RingRig rig = new RingRig(ring, tailer, sources, sink, (l, b, r, p, w) -> { }, publisher -> publisher,
                () -> new LineParser(new FailingOn(NodeLines.trade(FAILING), new OutOfMemoryError("Java heap space"))))) {
            rig.startReader(Duration.ofMillis(10));
            assertTrue(Resources.await(() -> rig.pipeline().counters().linesWritten() == 5
                    || rig.pipeline().failure() != null, WAIT), "lines written: " + rig.pipeline().counters().linesWritten());
            assertNull(rig.pipeline().failure(), "one line's error must not fail its batch");
            assertEquals(1, rig.pipeline().counters().deadLetters(DeadLetterReason.PARSER_ERROR));
        }

        List<Rec> records = sink.records();
        assertEquals(5, records.size(), records::toString);
        for (int i = 0; i < 5; i++) {
            Rec record = records.get(i);
            if (i + 1 == FAILING) {
                assertEquals(RecordType.DEAD_LETTER, record.type());
                assertEquals("parser_error", record.text(Field.REASON));
                assertEquals("java.lang.OutOfMemoryError", record.text(Field.DETAIL));
                assertEquals(NodeLines.trade(FAILING), record.bytesAsText(Field.RAW));
            } else {
                assertEquals(RecordType.TRADE, record.type());
                assertEquals(String.valueOf(i + 1), record.text(Field.SZ));
            }
        }
    }

    @Test
    void shouldRecoverFromAnExceptionThrownHalfWayThroughALinesRecords() {
        String failing = NodeLines.byBlockOrderStatuses(9, 1, 2, 3);
        LineParser parser = new LineParser(new FailingOn(failing, new IllegalStateException("a bug"), 40));
        RecordWriter out = new RecordWriter(1024);
        byte[] before = NodeLines.byBlockOrderStatuses(8, 7).getBytes(StandardCharsets.UTF_8);
        byte[] bad = failing.getBytes(StandardCharsets.UTF_8);

        assertNull(parser.parse(NodeStream.ORDER_STATUSES, before, 0, before.length, 0, 0, out));
        assertEquals(DeadLetterReason.PARSER_ERROR, parser.parse(NodeStream.ORDER_STATUSES, bad, 0, bad.length, 0, 1, out));
        assertEquals(LineParser.NO_BLOCK, parser.blockNumber());
        assertNull(parser.parse(NodeStream.ORDER_STATUSES, before, 0, before.length, 0, 2, out));

        assertEquals(3, out.recordCount(), "the failed line's partial records are taken back");
    }

    /** The fast cursor, but it throws {@code error} on the given line, at its first token or later. */
    private static final class FailingOn extends ForwardingCursor {
        private final byte[] line;
        private final Throwable error;
        private final int atToken;
        private boolean failing;
        private int tokens;

        FailingOn(String line, Throwable error) {
            this(line, error, 1);
        }

        FailingOn(String line, Throwable error, int atToken) {
            super(new FastJsonCursor());
            this.line = line.getBytes(StandardCharsets.UTF_8);
            this.error = error;
            this.atToken = atToken;
        }

        @Override
        public void begin(byte[] bytes, int offset, int length) {
            failing = java.util.Arrays.equals(bytes, offset, offset + length, line, 0, line.length);
            tokens = 0;
            delegate.begin(bytes, offset, length);
        }

        @Override
        public int next() {
            if (failing && ++tokens == atToken) {
                throwUnchecked(error);
            }
            return delegate.next();
        }

        @SuppressWarnings("unchecked")
        private static <T extends Throwable> void throwUnchecked(Throwable t) throws T {
            throw (T) t;
        }
    }
}
