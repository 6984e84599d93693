package io.snapline.engine.parse;

import static io.snapline.records.Field.DETAIL;
import static io.snapline.records.Field.LINE_LENGTH;
import static io.snapline.records.Field.REASON;
import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.snapline.engine.parse.DecodedRecords.Decoded;
import io.snapline.records.DeadLetterReason;
import io.snapline.records.RecordType;
import io.snapline.records.RecordWriter;
import io.snapline.tailer.NodeStream;
import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Issue 12, item 2: lines built to make the parser buffer far more than the line (a 30 MB
 * number, a 19-million-character string, a huge name, deep nesting) are dead letters with their
 * reason, through either parser, and reading one allocates next to nothing: the Jackson cursor
 * is never fed a token over {@link TokenLimits}. Before, the number alone allocated about 330 MB
 * (an OutOfMemoryError at {@code -Xmx128m}) and the string about 95 MB.
 */
@Tag("faults")
class JsonBombsTest {

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    private static final String TRADE_HEAD = "{\"coin\":\"@151\",\"side\":\"A\",\"time\":\"2025-06-24T02:56:36.1\",\"sz\":\"1\",";

    @Test
    void shouldDeadLetterA30MegabyteNumberWithoutBufferingIt() {
        byte[] line = trade("\"px\":", repeated('7', 30_000_000), "}");
        assertBomb(line, DeadLetterReason.FIELD_TOO_LONG, "text over 65535 bytes");
        // Also where the number would only be skipped, and as a float.
        assertBomb(trade("\"unknown\":", repeated('7', 30_000_000), ",\"px\":\"1\"}"),
                DeadLetterReason.FIELD_TOO_LONG, "text over 65535 bytes");
        assertBomb(trade("\"px\":1.", repeated('5', 30_000_000), "}"), DeadLetterReason.FIELD_TOO_LONG,
                "text over 65535 bytes");
    }

    @Test
    void shouldDeadLetterA19MillionCharacterStringWithoutBufferingIt() {
        byte[] string = repeated('s', 19_000_000);
        assertBomb(trade("\"unknown\":\"", string, "\",\"px\":\"1\"}"), DeadLetterReason.FIELD_TOO_LONG,
                "text over 65535 bytes");
        assertBomb(trade("\"px\":\"", string, "\"}"), DeadLetterReason.FIELD_TOO_LONG, "text over 65535 bytes");
        // Escapes count as written: 1.2 MB of them, however little they decode to.
        byte[] escaped = new byte[2 * 600_000];
        for (int i = 0; i < escaped.length; i += 2) {
            escaped[i] = '\\';
            escaped[i + 1] = 'n';
        }
        assertBomb(trade("\"unknown\":\"", escaped, "\",\"px\":\"1\"}"), DeadLetterReason.FIELD_TOO_LONG,
                "text over 65535 bytes");
    }

    @Test
    void shouldDeadLetterAHugeFieldNameWithoutBufferingIt() {
        assertBomb(trade("\"", repeated('n', 19_000_000), "\":1,\"px\":\"1\"}"), DeadLetterReason.NAME_TOO_LONG,
                "field name over 1024 bytes");
        assertBomb(trade("\"", repeated('n', 1025), "\" : 1,\"px\":\"1\"}"), DeadLetterReason.NAME_TOO_LONG,
                "field name over 1024 bytes");
    }

    @Test
    void shouldDeadLetterNestingDeeperThanTheLimitAndReadItUpToTheLimit() {
        // The root object is one level: 63 more in a skipped field is the deepest read.
        int inner = TokenLimits.MAX_NESTING_DEPTH - 1;
        byte[] deepest = trade("\"unknown\":", nested(inner), ",\"px\":\"1\"}");
        for (LineParser parser : parsers()) {
            RecordWriter out = new RecordWriter(1024);
            assertNull(parser.parse(NodeStream.TRADES, deepest, 0, deepest.length, 0, 0, out));
            assertEquals(1, out.recordCount());
        }
        assertBomb(trade("\"unknown\":", nested(inner + 1), ",\"px\":\"1\"}"), DeadLetterReason.NESTING_TOO_DEEP,
                "objects and arrays nested deeper than 64");
        assertBomb(trade("\"unknown\":", nested(5_000_000), ",\"px\":\"1\"}"), DeadLetterReason.NESTING_TOO_DEEP,
                "objects and arrays nested deeper than 64");
    }

    @Test
    void shouldStillReadTheLongestTokensARecordHolds() {
        // A 65,535-digit number and a 65,535-byte string are a record's longest fields.
        byte[] line = trade("\"unknown\":", repeated('9', 65_535), ",\"px\":\"1\",\"hash\":\"" + "h".repeat(65_535) + "\"}");
        for (LineParser parser : parsers()) {
            RecordWriter out = new RecordWriter(1024);
            assertNull(parser.parse(NodeStream.TRADES, line, 0, line.length, 0, 0, out));
            assertEquals(1, out.recordCount());
        }
    }

    private static void assertBomb(byte[] line, DeadLetterReason reason, String detail) {
        for (LineParser parser : parsers()) {
            // Sized for the dead letter, so the writer's own growth is not counted.
            RecordWriter out = new RecordWriter(line.length + 1024);
            parser.parse(NodeStream.TRADES, TRADE_WARMUP, 0, TRADE_WARMUP.length, 0, 0, out);
            out.reset();
            long before = THREADS.getCurrentThreadAllocatedBytes();

            DeadLetterReason rejected = parser.parse(NodeStream.TRADES, line, 0, line.length, 1, 7, out);

            long allocated = THREADS.getCurrentThreadAllocatedBytes() - before;
            assertEquals(reason, rejected);
            List<Decoded> records = DecodedRecords.decode(out);
            assertEquals(1, records.size());
            Decoded deadLetter = records.get(0);
            assertEquals(RecordType.DEAD_LETTER, deadLetter.type);
            assertEquals(reason.label(), deadLetter.string(REASON));
            assertEquals(detail, deadLetter.string(DETAIL));
            assertEquals(line.length, deadLetter.longValue(LINE_LENGTH));
            assertTrue(allocated < 64 * 1024 + line.length / 10,
                    allocated + " bytes allocated reading a line of " + line.length);
        }
    }

    private static final byte[] TRADE_WARMUP = trade("\"px\":", "1".getBytes(US_ASCII), "}");

    private static List<LineParser> parsers() {
        return List.of(new LineParser(new FastJsonCursor()), new LineParser());
    }

    private static byte[] trade(String before, byte[] middle, String after) {
        ByteArrayOutputStream line = new ByteArrayOutputStream(middle.length + 256);
        line.writeBytes((TRADE_HEAD + before).getBytes(US_ASCII));
        line.writeBytes(middle);
        line.writeBytes(after.getBytes(US_ASCII));
        return line.toByteArray();
    }

    private static byte[] repeated(char c, int count) {
        byte[] bytes = new byte[count];
        Arrays.fill(bytes, (byte) c);
        return bytes;
    }

    /** {@code levels} arrays, one in the other. */
    private static byte[] nested(int levels) {
        byte[] bytes = new byte[2 * levels];
        Arrays.fill(bytes, 0, levels, (byte) '[');
        Arrays.fill(bytes, levels, bytes.length, (byte) ']');
        return bytes;
    }
}
