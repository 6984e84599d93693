package io.snapline.engine.parse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.snapline.records.DeadLetterReason;
import io.snapline.records.Field;
import io.snapline.records.RecordWriter;
import io.snapline.tailer.NodeStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The fast-cursor-first flow, with scripted fast cursors standing in for the real one. */
class LineParserFallbackTest {

    private static final String BLOCK = "{\"local_time\":\"l\",\"block_time\":\"b\",\"block_number\":1,\"events\":["
            + LineParserTest.event("open", "BTC", 1) + "," + LineParserTest.event("filled", "ETH", 2) + ","
            + LineParserTest.event("canceled", "SOL", 3) + "]}";

    private final RecordWriter expected = new RecordWriter(1 << 12);
    private final RecordWriter out = new RecordWriter(1 << 12);

    @Test
    void shouldRewriteTheLineWithTheReferenceCursorWhenTheFastOneDefersHalfWay() {
        byte[] earlier = LineParserTest.bytes(LineParserTest.TRADE);
        byte[] line = LineParserTest.bytes(BLOCK);
        referenceParse(NodeStream.TRADES, earlier, 0);
        referenceParse(NodeStream.ORDER_STATUSES, line, 99);
        // The block is 104 tokens as the extractors ask for them (skipping each "children" array
        // reads its end token inside the cursor): defer before, inside and after its first records.
        for (int deferAt = 1; deferAt <= 104; deferAt += 7) {
            Counting reference = new Counting(new JacksonCursor());
            LineParser parser = new LineParser(new Scripted(new JacksonCursor(), deferAt, false), reference);
            out.reset();
            assertNull(parser.parse(NodeStream.TRADES, earlier, 0, earlier.length, 3, 0, out));
            reference.begins = 0;

            assertNull(parser.parse(NodeStream.ORDER_STATUSES, line, 0, line.length, 3, 99, out));

            assertWritten(expected, out);
            assertEquals(1, reference.begins, "the reference cursor reads the deferred line once");
        }
    }

    @Test
    void shouldRewriteTheLineWhenTheFastCursorDefersInFinish() {
        byte[] line = LineParserTest.bytes(BLOCK);
        referenceParse(NodeStream.ORDER_STATUSES, line, 99);
        Counting reference = new Counting(new JacksonCursor());
        LineParser parser = new LineParser(new Scripted(new JacksonCursor(), -1, true), reference);

        assertNull(parser.parse(NodeStream.ORDER_STATUSES, line, 0, line.length, 3, 99, out));

        assertWritten(expected, out);
        assertEquals(1, reference.begins);
    }

    @Test
    void shouldNotUseTheReferenceCursorWhenTheFastOneReadsTheLine() {
        byte[] line = LineParserTest.bytes(BLOCK);
        referenceParse(NodeStream.ORDER_STATUSES, line, 99);
        Counting reference = new Counting(new JacksonCursor());
        LineParser parser = new LineParser(new Scripted(new JacksonCursor(), -1, false), reference);

        assertNull(parser.parse(NodeStream.ORDER_STATUSES, line, 0, line.length, 3, 99, out));

        assertWritten(expected, out);
        assertEquals(0, reference.begins);
    }

    @Test
    void shouldTakeTheFastCursorsRejectionAsFinal() {
        byte[] line = LineParserTest.bytes(BLOCK.replace("\"coin\":\"SOL\",", ""));
        Counting reference = new Counting(new JacksonCursor());
        LineParser parser = new LineParser(new Scripted(new JacksonCursor(), -1, false), reference);

        assertEquals(DeadLetterReason.MISSING_FIELD,
                parser.parse(NodeStream.ORDER_STATUSES, line, 0, line.length, 3, 99, out));

        assertEquals(0, reference.begins);
        DecodedRecords.Decoded dead = DecodedRecords.decode(out).get(0);
        assertEquals("order.coin", dead.string(Field.DETAIL));
        assertArrayEquals(line, dead.bytes(Field.RAW));
    }

    @Test
    void shouldWriteWithTheRealFastCursorExactlyWhatTheReferenceCursorAloneWrites() {
        String[] examples = {
            LineParserTest.STREAMING_ORDER_STATUS, LineParserTest.PLAIN_ORDER_STATUS, LineParserTest.FILL,
            LineParserTest.TRADE, LineParserTest.BOOK_DIFFS, BLOCK,
        };
        List<String> lines = new ArrayList<>();
        for (String example : examples) {
            lines.add(example);
            lines.add(example.substring(0, example.length() / 2));
            lines.add(example + " x");
            lines.add(example.replace("\"oid\":", "\"oidx\":"));
            lines.add(example.replace(":null", ":{\"a\":[1]}"));
            lines.add(example.replace("\"BTC\"", "\"B\\u0054C\""));
            lines.add(example.replace("\"BTC\"", "\"BTC\u00e9\""));
            lines.add("{\"events\":[" + example + "],\"block_number\":5}");
        }
        LineParser reference = new LineParser();
        LineParser fastFirst = new LineParser(new FastJsonCursor());
        for (NodeStream stream : NodeStream.values()) {
            for (String text : lines) {
                byte[] line = LineParserTest.bytes(text);
                expected.reset();
                out.reset();

                DeadLetterReason wanted = reference.parse(stream, line, 0, line.length, 3, 99, expected);
                DeadLetterReason actual = fastFirst.parse(stream, line, 0, line.length, 3, 99, out);

                assertEquals(wanted, actual, stream + " " + text);
                assertWritten(expected, out);
            }
        }
    }

    private void referenceParse(NodeStream stream, byte[] line, long lineOffset) {
        assertNull(new LineParser().parse(stream, line, 0, line.length, 3, lineOffset, expected));
    }

    private static void assertWritten(RecordWriter wanted, RecordWriter actual) {
        assertEquals(wanted.recordCount(), actual.recordCount());
        assertArrayEquals(Arrays.copyOf(wanted.buffer(), wanted.length()), Arrays.copyOf(actual.buffer(), actual.length()));
    }

    /** Defers at the n-th next() of a line (or never, for -1), or in finish(). */
    private static final class Scripted extends ForwardingCursor {
        private final int deferAt;
        private final boolean deferInFinish;
        private int nexts;

        Scripted(JsonCursor delegate, int deferAt, boolean deferInFinish) {
            super(delegate);
            this.deferAt = deferAt;
            this.deferInFinish = deferInFinish;
        }

        @Override
        public void begin(byte[] line, int offset, int length) {
            nexts = 0;
            delegate.begin(line, offset, length);
        }

        @Override
        public int next() {
            if (++nexts == deferAt) {
                throw DeferToReference.INSTANCE;
            }
            return delegate.next();
        }

        @Override
        public void finish() {
            delegate.finish();
            if (deferInFinish) {
                throw DeferToReference.INSTANCE;
            }
        }
    }

    /** Counts the lines begun. */
    private static final class Counting extends ForwardingCursor {
        int begins;

        Counting(JsonCursor delegate) {
            super(delegate);
        }

        @Override
        public void begin(byte[] line, int offset, int length) {
            begins++;
            delegate.begin(line, offset, length);
        }
    }
}
