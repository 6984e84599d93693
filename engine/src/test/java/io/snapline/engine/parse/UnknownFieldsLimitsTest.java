package io.snapline.engine.parse;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.snapline.records.BatchView;
import io.snapline.records.RecordView;
import io.snapline.records.RecordWriter;
import io.snapline.records.testing.TestBatches;
import io.snapline.tailer.NodeStream;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Unknown fields at the sizes a hostile or future node could write: one 20 MB value, and
 * thousands of names in one event. Every one is kept exactly, within the line's record bound,
 * while the metric's names stay capped per stream.
 */
class UnknownFieldsLimitsTest {

    private static final String SOURCE = "/hl/data/node_fills_by_block/hourly/20260628/8";

    @Test
    void shouldKeepAnUnknownValueOfTwentyMegabytesByteForByte() {
        StringBuilder value = new StringBuilder("{\"levels\":[");
        for (int i = 0; value.length() < 20 << 20; i++) {
            value.append(i == 0 ? "" : ", ").append("[\"").append(i).append(".5\",{\"n\":").append(i).append("}]");
        }
        value.append("]}");
        String fill = LineParserTest.FILL.replace("\"coin\":\"SOL\"", "\"snapshot\":" + value + ",\"coin\":\"SOL\"");

        for (LineParser parser : parsers(new UnknownFields())) {
            RecordView record = parseOne(parser, fill);
            assertEquals(1, record.memberCount());
            assertEquals("snapshot", record.memberName(0));
            assertEquals(value.toString(), record.memberJson(0));
        }
    }

    @Test
    void shouldKeepThousandsOfUnknownNamesInOneEventAndCountOnlyTheFirstNamesApart() {
        int names = 5_000;
        StringBuilder members = new StringBuilder();
        for (int i = 0; i < names; i++) {
            members.append("\"u").append(i).append("\":").append(i % 3 == 0 ? "\"" + i + "\"" : i % 3 == 1 ? i : "[" + i + "]")
                    .append(',');
        }
        String fill = LineParserTest.FILL.replace("\"coin\":\"SOL\"", members + "\"coin\":\"SOL\"");

        for (LineParser parser : parsers(new UnknownFields())) {
            RecordView record = parseOne(parser, fill);
            assertEquals(names, record.memberCount());
            for (int i = 0; i < names; i++) {
                assertEquals("u" + i, record.memberName(i));
                assertEquals(i % 3 == 0 ? "\"" + i + "\"" : i % 3 == 1 ? Integer.toString(i) : "[" + i + "]",
                        record.memberJson(i));
            }
        }
        UnknownFields shared = new UnknownFields();
        LineParser parser = new LineParser(new FastJsonCursor(), shared);
        parseOne(parser, fill);
        parser.publishCounts();
        assertEquals(1, shared.count(NodeStream.FILLS, "u" + (UnknownFields.MAX_NAMES_PER_STREAM - 1)));
        assertEquals(0, shared.count(NodeStream.FILLS, "u" + UnknownFields.MAX_NAMES_PER_STREAM));
        assertEquals(names - UnknownFields.MAX_NAMES_PER_STREAM, shared.count(NodeStream.FILLS, UnknownFields.OTHER));
    }

    /** The Jackson cursor alone, and the fast cursor first. */
    private static List<LineParser> parsers(UnknownFields counts) {
        return List.of(new LineParser(null, counts), new LineParser(new FastJsonCursor(), counts));
    }

    private static RecordView parseOne(LineParser parser, String text) {
        byte[] line = text.getBytes(UTF_8);
        RecordWriter out = new RecordWriter(64);
        assertNull(parser.parse(NodeStream.FILLS, line, 0, line.length, 0, 0, out));
        assertTrue(out.length() <= LineParser.recordBytesBound(line.length), "within the line's record bound");
        byte[] doc = TestBatches.batch(List.of(SOURCE), new byte[0], out);
        BatchView batch = new BatchView().wrap(doc, 0, doc.length);
        RecordView record = new RecordView();
        assertTrue(batch.next(record));
        assertEquals(1, out.recordCount());
        return record;
    }
}
