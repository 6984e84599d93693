package io.snapline.engine.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.snapline.engine.testing.StreamSamples;
import io.snapline.records.DeadLetterReason;
import io.snapline.records.RecordWriter;
import io.snapline.tailer.NodeStream;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

class LineParserAllocationTest {

    private static final int LINES = 120_000; // a whole number of rounds of the lines below

    @Test
    void shouldAllocateLessThanOneBytePerLineOnceWarm() {
        assertAllocatesLessThanOneBytePerLine(new LineParser());
    }

    @Test
    void shouldAllocateLessThanOneBytePerLineWithTheFastCursorOnceWarm() {
        assertAllocatesLessThanOneBytePerLine(new LineParser(new FastJsonCursor()));
    }

    private static void assertAllocatesLessThanOneBytePerLine(LineParser parser) {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assertTrue(threads.isCurrentThreadCpuTimeSupported() && threads.isThreadAllocatedMemoryEnabled(),
                "this JVM cannot count allocated bytes");
        NodeStream[] streams = {
            NodeStream.ORDER_STATUSES, NodeStream.ORDER_STATUSES, NodeStream.ORDER_STATUSES, NodeStream.ORDER_STATUSES,
            NodeStream.FILLS, NodeStream.TRADES, NodeStream.TRADES, NodeStream.RAW_BOOK_DIFFS,
            NodeStream.TWAP_STATUSES, NodeStream.MISC_EVENTS, NodeStream.HIP3_ORACLE_UPDATES, NodeStream.SYSTEM_ACTIONS,
        };
        String block = "{\"local_time\":\"l\",\"block_time\":\"b\",\"block_number\":1,\"events\":["
                + LineParserTest.event("open", "BTC", 1) + "," + LineParserTest.event("badAloPxRejected", "@151", 2) + "]}";
        String eventsFirst = "{\"events\":[" + LineParserTest.event("open", "ETH", 3)
                + "],\"local_time\":\"l\",\"block_time\":\"b\",\"block_number\":2}";
        String[] texts = {
            LineParserTest.STREAMING_ORDER_STATUS, LineParserTest.PLAIN_ORDER_STATUS, block, eventsFirst,
            LineParserTest.FILL, LineParserTest.TRADE,
            LineParserTest.TRADE.replace("\"Na\"", "\"caf\\u00e9 é\""), LineParserTest.BOOK_DIFFS,
            // by-block, two events each
            StreamSamples.of(NodeStream.TWAP_STATUSES).get(2).line(), StreamSamples.of(NodeStream.MISC_EVENTS).get(2).line(),
            StreamSamples.of(NodeStream.HIP3_ORACLE_UPDATES).get(2).line(),
            StreamSamples.of(NodeStream.SYSTEM_ACTIONS).get(2).line(),
        };
        byte[][] lines = new byte[texts.length][];
        for (int i = 0; i < texts.length; i++) {
            lines[i] = LineParserTest.bytes(texts[i]);
        }
        RecordWriter out = new RecordWriter(1 << 16);

        run(parser, out, streams, lines, LINES); // warm: buffers sized, names in Jackson's symbol table
        long before = threads.getCurrentThreadAllocatedBytes();
        int records = run(parser, out, streams, lines, LINES);
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;

        // two events in the block, in the book diffs and in each of the last four streams' lines
        assertEquals(LINES / lines.length * 18, records);
        assertTrue(allocated < LINES, allocated + " bytes allocated over " + LINES + " lines");
    }

    private static int run(LineParser parser, RecordWriter out, NodeStream[] streams, byte[][] lines, int count) {
        int records = 0;
        for (int i = 0; i < count; i++) {
            int which = i % lines.length;
            out.reset();
            byte[] line = lines[which];
            DeadLetterReason reason = parser.parse(streams[which], line, 0, line.length, 0, i, out);
            if (reason != null) {
                assertNull(reason, "line " + which);
            }
            records += out.recordCount();
        }
        return records;
    }
}
