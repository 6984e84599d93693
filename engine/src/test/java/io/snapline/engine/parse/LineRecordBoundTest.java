package io.snapline.engine.parse;

import static io.snapline.records.Field.DETAIL;
import static io.snapline.records.Field.LINE_LENGTH;
import static io.snapline.records.Field.RAW;
import static io.snapline.records.Field.REASON;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.snapline.engine.parse.DecodedRecords.Decoded;
import io.snapline.engine.testing.NodeLines;
import io.snapline.records.DeadLetterReason;
import io.snapline.records.RecordType;
import io.snapline.records.RecordWriter;
import io.snapline.tailer.NodeStream;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * What one line may produce is bounded by {@link LineParser#recordBytesBound}: the reported line
 * (issue 12, item 1), whose envelope copied into each of its events made 345 MB of records from
 * a few hundred KB, becomes one dead letter without those records ever being built; the node's own lines,
 * of every stream, stay well inside the bound.
 */
@Tag("faults")
class LineRecordBoundTest {

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    /**
     * The reported case: a 65,000-character local_time and 5,300 tiny events (the smallest
     * order statuses with every required field make it 357 KB rather than the reported 245 KB;
     * the records, 5,300 copies of the local_time, are the same 345 MB).
     */
    static String reportedLine() {
        StringBuilder line = new StringBuilder(250_000);
        line.append("{\"local_time\":\"").append("7".repeat(65_000))
                .append("\",\"block_time\":\"2026-05-05T17:39:13.505427172\",\"block_number\":1,\"events\":[");
        for (int i = 0; i < 5_300; i++) {
            line.append(i == 0 ? "" : ",").append("{\"user\":\"u\",\"status\":\"s\",\"order\":{\"coin\":\"C\",\"oid\":")
                    .append(i % 10).append("}}");
        }
        return line.append("]}").toString();
    }

    @Test
    void shouldMakeALineWhoseRecordsPassTheBoundOneDeadLetterWithoutBuildingThem() {
        byte[] line = reportedLine().getBytes(UTF_8);
        assertTrue(line.length < 360_000, "a line of " + line.length + " bytes");
        for (LineParser parser : List.of(new LineParser(new FastJsonCursor()), new LineParser())) {
            RecordWriter out = new RecordWriter(64 * 1024);
            long before = THREADS.getCurrentThreadAllocatedBytes();

            DeadLetterReason reason = parser.parse(NodeStream.ORDER_STATUSES, line, 0, line.length, 3, 99, out);

            long allocated = THREADS.getCurrentThreadAllocatedBytes() - before;
            assertEquals(DeadLetterReason.RECORDS_TOO_LARGE, reason);
            List<Decoded> records = DecodedRecords.decode(out);
            assertEquals(1, records.size(), "the line's partial records are taken back");
            Decoded deadLetter = records.get(0);
            assertEquals(RecordType.DEAD_LETTER, deadLetter.type);
            assertEquals("records_too_large", deadLetter.string(REASON));
            assertEquals("records over twice the line's length plus 256 bytes", deadLetter.string(DETAIL));
            assertEquals(line.length, deadLetter.longValue(LINE_LENGTH));
            assertArrayEquals(line, deadLetter.bytes(RAW));
            assertTrue(out.length() <= LineParser.recordBytesBound(line.length), "dead letter: " + out.length());
            // Stopped at the bound: the buffer grew to about three times the line, not to 345 MB.
            assertTrue(out.capacity() <= 4L * line.length, "record buffer grown to " + out.capacity());
            assertTrue(allocated < 10L * line.length, allocated + " bytes allocated for a line of " + line.length);
        }
    }

    @Test
    void shouldKeepTheRecordsOfALineJustInsideTheBound() {
        // The same envelope with few events: each record holds the 65,000 characters, the line once.
        String line = reportedLine();
        String oneEvent = line.substring(0, line.indexOf("},{") + 1) + "]}";
        byte[] bytes = oneEvent.getBytes(UTF_8);
        RecordWriter out = new RecordWriter(1024);

        assertNull(new LineParser(new FastJsonCursor()).parse(NodeStream.ORDER_STATUSES, bytes, 0, bytes.length, 0, 0, out));
        assertEquals(1, out.recordCount());
        assertTrue(out.length() <= LineParser.recordBytesBound(bytes.length));
    }

    @Test
    void shouldKeepTheNodesOwnLinesOfEveryStreamFarInsideTheBound() {
        for (int events : new int[] {1, 2, 10, 600}) {
            long[] ids = LongStream.rangeClosed(1, events).toArray();
            String[] kinds = new String[events];
            for (int i = 0; i < events; i++) {
                kinds[i] = i % 3 == 0 ? "new" : i % 3 == 1 ? "update" : "remove";
            }
            assertWithinBound(NodeStream.ORDER_STATUSES, NodeLines.byBlockOrderStatuses(7, ids), events);
            assertWithinBound(NodeStream.FILLS, NodeLines.fills(7, ids), events);
            assertWithinBound(NodeStream.RAW_BOOK_DIFFS, NodeLines.bookDiffs(7, 1, kinds), events);
        }
        assertWithinBound(NodeStream.TRADES, NodeLines.trade(5), 1);
        assertWithinBound(NodeStream.ORDER_STATUSES, NodeLines.plainOrderStatus(5), 1);
        assertWithinBound(NodeStream.ORDER_STATUSES, NodeLines.streamingOrderStatus(3, 5), 1);
    }

    private static void assertWithinBound(NodeStream stream, String line, int events) {
        byte[] bytes = line.getBytes(UTF_8);
        RecordWriter out = new RecordWriter(1024);
        assertNull(new LineParser(new FastJsonCursor()).parse(stream, bytes, 0, bytes.length, 0, 0, out), line);
        assertEquals(events, out.recordCount());
        // The node's lines take at most about 1.5 times their length: the bound of 2 has room.
        assertTrue(out.length() <= 1.5 * bytes.length + LineParser.LINE_RECORD_SLACK,
                stream + " with " + events + " events: " + out.length() + " record bytes from " + bytes.length);
    }
}
