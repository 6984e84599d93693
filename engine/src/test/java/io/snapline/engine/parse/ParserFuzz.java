package io.snapline.engine.parse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.snapline.engine.parse.FastJsonCursorLines.Line;
import io.snapline.records.DeadLetterReason;
import io.snapline.records.RecordWriter;
import io.snapline.tailer.NodeStream;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;

/**
 * The fuzz campaign of issue 12 over both parsers: real-shaped lines of every stream and layout
 * (streaming, plain and by-block order statuses, fills, trades, raw book diffs, from
 * {@link FastJsonCursorLines}), long lines, random JSON, then mutated (one to three edits of
 * JSON's own kinds), truncated, sprinkled with bytes of every value, nested deep or given a long
 * token. Each line is read by the fast-cursor-first parser and by the Jackson reference alone,
 * as its own stream or as another, and:
 *
 * <ul>
 *   <li>no exception escapes: neither parser returns {@code parser_error}, which is what one
 *       thrown inside either would become;
 *   <li>the records are the reference's, byte for byte, or both made the same dead letter;
 *   <li>a line's records stay within {@link LineParser#recordBytesBound};
 *   <li>the bytes allocated reading a line stay within {@link #allocationBound}: 2 MiB + 8 x its length.
 * </ul>
 *
 * A plain seeded loop rather than a jqwik property, so that a million lines take a minute, not
 * an hour; a failure names its seed and line number.
 */
final class ParserFuzz {

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private final LineParser reference = new LineParser();
    private final LineParser fastFirst = new LineParser(new FastJsonCursor());
    /** Sized for the longest line generated, so that growing them is not counted as the parse's. */
    private final RecordWriter referenceRecords = new RecordWriter(8 << 20);
    private final RecordWriter fastFirstRecords = new RecordWriter(8 << 20);
    private final Map<DeadLetterReason, Integer> verdicts = new EnumMap<>(DeadLetterReason.class);
    private int recordLines;
    private long maxAllocated;

    /**
     * What reading a line may allocate: a few bytes for each of its bytes (Jackson buffers a long
     * string at about five bytes a byte, growing a char[]), and a constant for the Jackson
     * cursor's fixed costs on a line it rejects or a line after one: a fresh parser, Jackson's
     * exception and its message (a malformed 2.5 KB line was seen to allocate 186 KB). The fast
     * cursor allocates nothing.
     */
    static long allocationBound(int lineLength) {
        return (2L << 20) + 8L * lineLength;
    }

    /**
     * Lines read first, checked for all but allocation: their first reads load classes, build
     * Jackson's parsers and tables and run code not yet compiled, which is not a line's cost.
     */
    static final int WARM_UP = 2_000;

    /** Runs {@code lines} lines from {@code seed}, after {@link #WARM_UP} more; returns a summary of the verdicts. */
    String run(long seed, int lines) {
        Random random = new Random(seed);
        for (int i = -WARM_UP; i < lines; i++) {
            Line base = base(random);
            byte[] line = edit(base.bytes(), random);
            NodeStream stream = FastJsonCursorLines.readAs(base, random);
            check(stream, line, seed, i);
        }
        return recordLines + " lines of records, dead letters " + verdicts + ", most allocated for a line "
                + maxAllocated + " bytes";
    }

    private void check(NodeStream stream, byte[] line, long seed, int index) {
        referenceRecords.reset();
        fastFirstRecords.reset();
        long before = THREADS.getCurrentThreadAllocatedBytes();
        DeadLetterReason wanted = reference.parse(stream, line, 0, line.length, 7, 1234, referenceRecords);
        long between = THREADS.getCurrentThreadAllocatedBytes();
        DeadLetterReason actual = fastFirst.parse(stream, line, 0, line.length, 7, 1234, fastFirstRecords);
        long after = THREADS.getCurrentThreadAllocatedBytes();

        Supplier<String> context = () -> "seed " + seed + ", line " + index + ": " + stream + " "
                + FastJsonCursorOracle.show(line);
        assertNotEquals(DeadLetterReason.PARSER_ERROR, wanted, context);
        assertEquals(wanted, actual, context);
        assertEquals(referenceRecords.recordCount(), fastFirstRecords.recordCount(), context);
        assertArrayEquals(Arrays.copyOf(referenceRecords.buffer(), referenceRecords.length()),
                Arrays.copyOf(fastFirstRecords.buffer(), fastFirstRecords.length()), context);
        assertTrue(referenceRecords.length() <= LineParser.recordBytesBound(line.length), context);
        if (index >= 0) {
            long allocated = Math.max(between - before, after - between);
            maxAllocated = Math.max(maxAllocated, allocated);
            assertTrue(allocated <= allocationBound(line.length), () -> (between - before)
                    + " bytes allocated by the reference, " + (after - between) + " by the fast-first parser, for a line of "
                    + line.length + " bytes, " + (wanted == null ? "records" : wanted.label()) + ", " + context.get());
        }
        if (wanted == null) {
            recordLines++;
        } else {
            verdicts.merge(wanted, 1, Integer::sum);
        }
    }

    /** A line of some kind: mostly the node's, some long, some any JSON. */
    private static Line base(Random random) {
        int base = random.nextInt(100);
        return base < 80 ? FastJsonCursorLines.realistic(random)
                : base < 85 ? FastJsonCursorLines.longLine(random)
                : FastJsonCursorLines.anyJson(random);
    }

    /** The line as it is, or after mutations, a truncation, raw bytes, nesting or a long token. */
    private static byte[] edit(byte[] bytes, Random random) {
        int edit = random.nextInt(100);
        if (edit < 25) {
            return bytes;
        }
        if (edit < 60) {
            return FastJsonCursorLines.mutate(bytes, random);
        }
        if (edit < 75) {
            return FastJsonCursorLines.truncate(bytes, random.nextInt(bytes.length + 1));
        }
        if (edit < 90) {
            return anyBytes(bytes, random);
        }
        if (edit < 99) {
            return nested(bytes, random);
        }
        return longToken(bytes, random);
    }

    /** Bytes of every value, 0 to 255, replacing or inserted at random places. */
    private static byte[] anyBytes(byte[] line, Random random) {
        byte[] out = line;
        for (int edits = 1 + random.nextInt(4); edits > 0; edits--) {
            int at = random.nextInt(out.length + 1);
            byte[] insert = new byte[1 + random.nextInt(4)];
            for (int i = 0; i < insert.length; i++) {
                insert[i] = (byte) random.nextInt(256);
            }
            int replaced = random.nextBoolean() ? 0 : Math.min(insert.length, out.length - at);
            out = FastJsonCursorLines.splice(out, at, at + replaced, insert);
        }
        return out;
    }

    /** The line inside an unknown field nested 1 to 100 levels deep: either side of the limits. */
    private static byte[] nested(byte[] line, Random random) {
        int levels = 1 + random.nextInt(100);
        StringBuilder open = new StringBuilder("{\"coin\":\"BTC\",\"px\":\"1\",\"sz\":\"2\",\"side\":\"A\",\"deep\":");
        StringBuilder close = new StringBuilder();
        for (int i = 0; i < levels; i++) {
            boolean object = random.nextBoolean();
            open.append(object ? "{\"k\":" : "[");
            close.insert(0, object ? '}' : ']');
        }
        return FastJsonCursorLines.concat(ascii(open.toString()), line, ascii(close + "}"));
    }

    /** A string, number or name near a limit (either side of it), or a number far over, spliced in at a random place. */
    private static byte[] longToken(byte[] line, Random random) {
        byte[] token;
        switch (random.nextInt(5)) {
            // Far over: a number of 1 to 3 MB, which Jackson alone buffers at about 11 bytes a digit.
            case 4 -> token = ascii("1".repeat((1 << 20) + random.nextInt(2 << 20)));
            case 0 -> token = ascii("\"" + "s".repeat(around(random, TokenLimits.MAX_STRING_BYTES)) + "\"");
            case 1 -> token = ascii("\"" + "n".repeat(around(random, TokenLimits.MAX_NAME_BYTES)) + "\":");
            case 2 -> token = ascii("1".repeat(around(random, TokenLimits.MAX_NUMBER_LENGTH)));
            default -> token = ascii("\"" + "t".repeat(around(random, 65_535)) + "\"");
        }
        int at = random.nextInt(line.length + 1);
        return FastJsonCursorLines.splice(line, at, at, token);
    }

    private static int around(Random random, int limit) {
        return Math.max(0, limit - 2 + random.nextInt(5));
    }

    private static byte[] ascii(String text) {
        return text.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }
}
