package io.snapline.tailer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import org.junit.jupiter.api.Test;

class LineFramerTest {

    /** One delivered line: its content (terminator excluded, one char per byte) and its span in the file. */
    private record Line(String content, long startOffset, long endOffset) {
    }

    private static final List<String> INPUTS = List.of(
            "",
            "\n",
            "\r\n",
            "a\n",
            "short\nlines\n",
            "a line longer than eight bytes\nand another one that is long\n",
            "crlf\r\nline two is long enough\r\n",
            "\n\n\n",
            "\r\n\r\n\n",
            "mixed\nendings\r\nhere\n\r\n",
            "lone\rcarriage return\n",
            "\rstarts with CR\nends with CR\r\r\n",
            "cr\r\r\r\n",
            "12345678\n1234567\n123456789\n",
            "complete line\npartial last line without newline",
            "complete\r\npartial ending in CR\r",
            "only a partial line, no newline at all",
            "{\"coin\":\"BTC\",\"px\":\"97000.5\",\"status\":\"badAloPxRejected\"}\n{\"coin\":\"ETH\"}\n{\"part");

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** The lines a correct framer delivers, computed the obvious way. The partial tail is not one. */
    private static List<Line> expectedLines(byte[] input) {
        List<Line> lines = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < input.length; i++) {
            if (input[i] == '\n') {
                int end = i > start && input[i - 1] == '\r' ? i - 1 : i;
                lines.add(new Line(new String(input, start, end - start, StandardCharsets.ISO_8859_1), start, i + 1));
                start = i + 1;
            }
        }
        return lines;
    }

    /**
     * A reader that gets the input in chunks ending at {@code splits}: it keeps the bytes from the
     * returned index on (the partial line), appends the next chunk and frames again. The buffer is
     * placed at an offset inside a larger array, padded before {@code from} with {@code '\r'} and
     * after {@code to} with {@code '\n'}, so that reading outside {@code [from, to)} would show.
     */
    private static List<Line> frameInChunks(byte[] input, int... splits) {
        List<Line> delivered = new ArrayList<>();
        LineFramer.LineConsumer consumer = (buffer, offset, length, startOffset, endOffset) ->
                delivered.add(new Line(new String(buffer, offset, length, StandardCharsets.ISO_8859_1),
                        startOffset, endOffset));
        byte[] carry = new byte[0];
        long carryOffset = 0;
        int previous = 0;
        int[] ends = Arrays.copyOf(splits, splits.length + 1);
        ends[splits.length] = input.length;
        for (int end : ends) {
            int pad = 3 + (end % 5);
            byte[] buffer = new byte[pad + carry.length + (end - previous) + pad];
            Arrays.fill(buffer, 0, pad, (byte) '\r');
            Arrays.fill(buffer, pad, buffer.length, (byte) '\n');
            System.arraycopy(carry, 0, buffer, pad, carry.length);
            System.arraycopy(input, previous, buffer, pad + carry.length, end - previous);
            int from = pad;
            int to = pad + carry.length + (end - previous);
            int next = LineFramer.frame(buffer, from, to, carryOffset, consumer);
            carryOffset += next - from;
            carry = Arrays.copyOfRange(buffer, next, to);
            previous = end;
        }
        // What is left is exactly the partial last line, never delivered.
        int lastNewline = lastIndexOf(input, (byte) '\n');
        assertArrayEquals(Arrays.copyOfRange(input, lastNewline + 1, input.length), carry,
                "the bytes kept back are the partial last line");
        assertEquals(lastNewline + 1, carryOffset, "the kept bytes start just after the last newline");
        return delivered;
    }

    private static int lastIndexOf(byte[] bytes, byte value) {
        for (int i = bytes.length - 1; i >= 0; i--) {
            if (bytes[i] == value) {
                return i;
            }
        }
        return -1;
    }

    @Test
    void shouldDeliverTheSameLinesWhereverTheInputIsSplit() {
        for (String text : INPUTS) {
            byte[] input = bytes(text);
            List<Line> expected = expectedLines(input);
            for (int k = 0; k <= input.length; k++) {
                int split = k;
                assertEquals(expected, frameInChunks(input, k),
                        () -> "input " + escape(text) + " split at " + split);
            }
        }
    }

    @Test
    void shouldDeliverTheSameLinesWhereverTheInputIsSplitTwice() {
        for (String text : INPUTS) {
            byte[] input = bytes(text);
            List<Line> expected = expectedLines(input);
            for (int k1 = 0; k1 <= input.length; k1++) {
                for (int k2 = k1; k2 <= input.length; k2++) {
                    int first = k1;
                    int second = k2;
                    assertEquals(expected, frameInChunks(input, k1, k2),
                            () -> "input " + escape(text) + " split at " + first + " and " + second);
                }
            }
        }
    }

    @Test
    void shouldDeliverTheSameLinesFedOneByteAtATime() {
        for (String text : INPUTS) {
            byte[] input = bytes(text);
            int[] splits = new int[input.length];
            for (int i = 0; i < input.length; i++) {
                splits[i] = i;
            }
            assertEquals(expectedLines(input), frameInChunks(input, splits), () -> "input " + escape(text));
        }
    }

    @Test
    void shouldKeepALoneCarriageReturnInsideALine() {
        List<Line> lines = frameInChunks(bytes("a\rb\n\rc\nd\r\r\n"));
        assertEquals(List.of(new Line("a\rb", 0, 4), new Line("\rc", 4, 7), new Line("d\r", 7, 11)), lines);
    }

    @Test
    void shouldNeverDeliverThePartialLastLine() {
        byte[] input = bytes("first\nsecond without newline");
        List<Line> lines = new ArrayList<>();
        int next = LineFramer.frame(input, 0, input.length, 0,
                (buffer, offset, length, start, end) ->
                        lines.add(new Line(new String(buffer, offset, length, StandardCharsets.ISO_8859_1), start, end)));
        assertEquals(List.of(new Line("first", 0, 6)), lines);
        assertEquals(6, next);
    }

    @Test
    void shouldReturnFromAndDeliverNothingWhenThereIsNoNewline() {
        byte[] input = bytes("xxno newline in this rangexx\n");
        int[] calls = {0};
        int next = LineFramer.frame(input, 2, input.length - 3, 500, (b, o, l, s, e) -> calls[0]++);
        assertEquals(2, next);
        assertEquals(0, calls[0]);
    }

    @Test
    void shouldGiveFileOffsetsWithEndOffsetJustAfterTheNewline() {
        // A buffer whose bytes[from] is file offset 1000; bytes outside [from, to) must be ignored.
        byte[] buffer = bytes("\n\n\n\n\nab\r\n\ncdefghijkl\nmn\n\n\n");
        int from = 5;
        int to = buffer.length - 2;
        long fileOffset = 1000;
        List<Line> lines = new ArrayList<>();
        List<Integer> bufferOffsets = new ArrayList<>();
        int next = LineFramer.frame(buffer, from, to, fileOffset, (b, offset, length, start, end) -> {
            lines.add(new Line(new String(b, offset, length, StandardCharsets.ISO_8859_1), start, end));
            bufferOffsets.add(offset);
        });
        assertEquals(List.of(
                new Line("ab", 1000, 1004),
                new Line("", 1004, 1005),
                new Line("cdefghijkl", 1005, 1016),
                new Line("mn", 1016, 1019)), lines);
        assertEquals(to, next);
        for (int i = 0; i < lines.size(); i++) {
            Line line = lines.get(i);
            // startOffset is the file offset of the line's first byte: fileOffset + (index - from).
            assertEquals(fileOffset + (bufferOffsets.get(i) - from), line.startOffset());
            // endOffset points just after the '\n' (after a CRLF's '\n', not at its '\r').
            assertEquals('\n', buffer[(int) (line.endOffset() - fileOffset + from) - 1]);
            if (i + 1 < lines.size()) {
                assertEquals(line.endOffset(), lines.get(i + 1).startOffset(), "lines are contiguous");
            }
        }
    }

    // ---- indexOfNewline ----

    private static int naiveIndexOfNewline(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    /** Bytes that stress the bit trick: '\n' itself, neighbours whose XOR with '\n' is 1 or has the high bit. */
    private static final byte[] TRICKY = {'\n', 0x0B, 0x08, 0x09, 0x00, (byte) 0x8A, (byte) 0x80, (byte) 0xFF,
        (byte) 0xF5, 0x01, 0x7F, '\r'};

    @Test
    void shouldFindASingleNewlineAtEveryAlignmentAndRange() {
        for (byte filler : TRICKY) {
            if (filler == '\n') {
                continue;
            }
            for (int length = 0; length <= 27; length++) {
                for (int position = -1; position < length; position++) {
                    byte[] bytes = new byte[length];
                    Arrays.fill(bytes, filler);
                    if (position >= 0) {
                        bytes[position] = '\n';
                    }
                    for (int from = 0; from <= length; from++) {
                        for (int to = from; to <= length; to++) {
                            assertEquals(naiveIndexOfNewline(bytes, from, to), LineFramer.indexOfNewline(bytes, from, to),
                                    "filler " + filler + " newline at " + position + " in [" + from + ", " + to + ")");
                        }
                    }
                }
            }
        }
    }

    @Test
    void shouldFindTheFirstOfSeveralNewlinesInOneWord() {
        Random random = new Random(42);
        for (int round = 0; round < 20_000; round++) {
            byte[] bytes = new byte[1 + random.nextInt(40)];
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] = random.nextInt(3) == 0 ? (byte) '\n' : TRICKY[random.nextInt(TRICKY.length)];
            }
            int from = random.nextInt(bytes.length + 1);
            int to = from + random.nextInt(bytes.length - from + 1);
            assertEquals(naiveIndexOfNewline(bytes, from, to), LineFramer.indexOfNewline(bytes, from, to),
                    () -> Arrays.toString(bytes) + " [" + from + ", " + to + ")");
        }
    }

    /** A random array plus a range [from, to) inside it. */
    private record Case(byte[] bytes, int from, int to) {
        @Override
        public String toString() {
            return Arrays.toString(bytes) + " [" + from + ", " + to + ")";
        }
    }

    @Provide
    Arbitrary<Case> arraysWithRanges() {
        Arbitrary<Byte> element = Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.bytes()),
                Tuple.of(2, Arbitraries.of((byte) '\n')),
                Tuple.of(2, Arbitraries.of(TRICKY[1], TRICKY[2], TRICKY[3], TRICKY[4], TRICKY[5],
                        TRICKY[6], TRICKY[7], TRICKY[8], TRICKY[9], TRICKY[10], TRICKY[11])));
        Arbitrary<byte[]> arrays = Combinators.combine(
                element.array(byte[].class).ofMinSize(0).ofMaxSize(80),
                Arbitraries.integers().between(0, 10)).as((body, sparse) -> {
                    // Sometimes make newlines rare, so the word loop runs far before finding one.
                    if (sparse > 6) {
                        for (int i = 0; i < body.length; i++) {
                            if (body[i] == '\n' && i % 17 != 0) {
                                body[i] = 'x';
                            }
                        }
                    }
                    return body;
                });
        return arrays.flatMap(bytes -> Arbitraries.integers().between(0, bytes.length)
                .flatMap(from -> Arbitraries.integers().between(from, bytes.length)
                        .map(to -> new Case(bytes, from, to))));
    }

    @Property(tries = 5000)
    void indexOfNewlineShouldAgreeWithANaiveLoop(@ForAll("arraysWithRanges") Case c) {
        assertEquals(naiveIndexOfNewline(c.bytes(), c.from(), c.to()),
                LineFramer.indexOfNewline(c.bytes(), c.from(), c.to()), c::toString);
    }

    @Property(tries = 1000)
    void framingShouldDeliverTheSameLinesForAnySplitOfRandomInput(@ForAll("framingInputs") byte[] input) {
        List<Line> expected = expectedLines(input);
        for (int k = 0; k <= input.length; k++) {
            assertEquals(expected, frameInChunks(input, k));
        }
    }

    @Provide
    Arbitrary<byte[]> framingInputs() {
        return Arbitraries.frequencyOf(
                        Tuple.of(4, Arbitraries.of((byte) 'a', (byte) 'b', (byte) ' ', (byte) '"')),
                        Tuple.of(2, Arbitraries.of((byte) '\n')),
                        Tuple.of(2, Arbitraries.of((byte) '\r')),
                        Tuple.of(1, Arbitraries.bytes()))
                .array(byte[].class).ofMaxSize(60);
    }

    private static String escape(String text) {
        return "\"" + text.replace("\r", "\\r").replace("\n", "\\n") + "\"";
    }
}
