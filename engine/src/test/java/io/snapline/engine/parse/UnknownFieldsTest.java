package io.snapline.engine.parse;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.snapline.records.RecordWriter;
import io.snapline.tailer.NodeStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Counting unknown fields: once per accepted line, whichever cursor read it, capped per stream. */
class UnknownFieldsTest {

    @Test
    void shouldCountEachNameOnceALineAndTheNamesPastTheCapAsOther() {
        UnknownFields shared = new UnknownFields();
        List<String> seen = new ArrayList<>();
        shared.listen((stream, field, index) -> seen.add(stream.directoryName() + "/" + field));
        LineParser parser = new LineParser(new FastJsonCursor(), shared);
        RecordWriter out = new RecordWriter(1 << 12);
        for (int i = 0; i < 70; i++) {
            // The escape late in the line makes the fast cursor defer after it wrote the member: counted once still.
            String escape = i % 2 == 0 ? ",\"x\":\"\\u0041\"" : "";
            parse(parser, out, LineParserTest.TRADE.replace("\"Na\"", "\"Na\",\"u" + i + "\":{\"a\":1}" + escape));
        }
        parse(parser, out, LineParserTest.FILL.replace("\"method\":\"market\"", "\"method\":\"market\",\"u0\":1"));
        parser.publishCounts();

        assertEquals(1, shared.count(NodeStream.TRADES, "u0"));
        assertEquals(35, shared.count(NodeStream.TRADES, "x"), "every other line");
        assertEquals(1, shared.count(NodeStream.FILLS, "liquidation.u0"));
        assertEquals(0, shared.count(NodeStream.FILLS, "u0"));
        // 64 names told apart in trades: x and u0..u62 (u63..u69 past the cap).
        assertEquals(1, shared.count(NodeStream.TRADES, "u62"));
        assertEquals(0, shared.count(NodeStream.TRADES, "u63"));
        assertEquals(7, shared.count(NodeStream.TRADES, UnknownFields.OTHER));
        assertEquals(UnknownFields.MAX_NAMES_PER_STREAM + 2, seen.size(), seen.toString()); // + _other + the fill's
    }

    private static void parse(LineParser parser, RecordWriter out, String line) {
        byte[] bytes = line.getBytes(UTF_8);
        out.reset();
        assertNull(parser.parse(line.startsWith("{\"coin") ? NodeStream.TRADES : NodeStream.FILLS, bytes, 0,
                bytes.length, 0, 0, out), line);
    }
}
