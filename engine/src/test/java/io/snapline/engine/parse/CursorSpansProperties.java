package io.snapline.engine.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.snapline.engine.parse.FastJsonCursorLines.Line;
import io.snapline.records.testing.JsonTree;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import org.junit.jupiter.api.Test;

/**
 * Both cursors' raw spans ({@link JsonCursor#tokenStart()}, {@link JsonCursor#tokenEnd()}) against
 * Jackson's own parse of the whole line: the span of every name, scalar and container (skipped
 * with {@code skipChildren}), parsed alone by Jackson's blocking parser, is that token's name or
 * value in Jackson's tree of the line. The fast cursor's spans, where it reads the line, are the
 * reference cursor's.
 */
class CursorSpansProperties {

    /** A name in the pre-order walk of a tree, told apart from a string value. */
    private record Name(String name) {
    }

    @Property(tries = 1500)
    void spansAreTheTokensText(@ForAll("lines") Line line) {
        byte[] bytes = padded(line.bytes());
        int offset = 3;
        List<Object> expected;
        try {
            expected = preOrder(JsonTree.parse(line.bytes()));
        } catch (AssertionError notForTheTree) {
            Statistics.label("line").collect("skipped: Jackson's tree refuses it (duplicate key, big integer)");
            return;
        }
        List<int[]> reference = spans(new JacksonCursor(), bytes, offset, line.bytes().length);
        assertEquals(expected, textsOf(bytes, reference), () -> line.toString());
        List<int[]> fast;
        try {
            fast = spans(new FastJsonCursor(), bytes, offset, line.bytes().length);
        } catch (DeferToReference deferred) {
            Statistics.label("line").collect("fast cursor deferred");
            return;
        }
        Statistics.label("line").collect("both cursors");
        assertEquals(show(reference), show(fast), () -> line.toString());
    }

    /** Jackson's token offsets count every byte fed to a parser it keeps across lines: the cursor reads the right ones. */
    @Test
    void shouldGiveSpansOfLaterLinesOfOneParser() {
        JacksonCursor cursor = new JacksonCursor();
        for (String json : List.of("{\"a\":1}", "  [ \"\u00e9\\u00e9\" , 12.5e3,{\"b\" : [true, null]} ]",
                "{\"caf\u00e9\":-0, \"x\":\"\\\"\"}")) {
            byte[] bytes = padded(json.getBytes(StandardCharsets.UTF_8));
            int length = bytes.length - 6;
            List<int[]> spans = spans(cursor, bytes, 3, length);
            assertEquals(preOrder(JsonTree.parse(bytes, 3, length)), textsOf(bytes, spans), json);
        }
    }

    /**
     * For the k-th token (END tokens left out) its span: the token's own for a name or scalar, the
     * whole container's (after skipChildren) for a start token.
     */
    private static List<int[]> spans(JsonCursor cursor, byte[] bytes, int offset, int length) {
        List<int[]> spans = new ArrayList<>();
        for (int k = 0; ; k++) {
            int[] span = spanOf(cursor, bytes, offset, length, k);
            if (span == null) {
                return spans;
            }
            spans.add(span);
        }
    }

    /** Walks to the k-th token that is not an end token; null if there is none. */
    private static int[] spanOf(JsonCursor cursor, byte[] bytes, int offset, int length, int k) {
        cursor.begin(bytes, offset, length);
        int depth = 0;
        int seen = 0;
        do {
            int token = cursor.next();
            if (token == JsonCursor.END_OBJECT || token == JsonCursor.END_ARRAY) {
                depth--;
                continue;
            }
            boolean start = token == JsonCursor.START_OBJECT || token == JsonCursor.START_ARRAY;
            if (seen++ == k) {
                int from = cursor.tokenStart();
                if (start) {
                    cursor.skipChildren();
                }
                return new int[] {from, cursor.tokenEnd()};
            }
            if (start) {
                depth++;
            }
        } while (depth > 0); // the root value read to its end
        cursor.finish();
        return null;
    }

    private static List<Object> textsOf(byte[] bytes, List<int[]> spans) {
        List<Object> texts = new ArrayList<>();
        for (int[] span : spans) {
            Object value = JsonTree.parse(bytes, span[0], span[1] - span[0]);
            boolean isName = span[1] < bytes.length && nextNonSpace(bytes, span[1]) == ':' && value instanceof String;
            texts.add(isName ? new Name((String) value) : value);
        }
        return texts;
    }

    private static byte nextNonSpace(byte[] bytes, int at) {
        while (at < bytes.length && (bytes[at] == ' ' || bytes[at] == '\t' || bytes[at] == '\n' || bytes[at] == '\r')) {
            at++;
        }
        return at < bytes.length ? bytes[at] : 0;
    }

    /** Jackson's tree in the cursor's token order, end tokens left out. */
    private static List<Object> preOrder(Object tree) {
        List<Object> out = new ArrayList<>();
        walk(tree, out);
        return out;
    }

    @SuppressWarnings("unchecked")
    private static void walk(Object value, List<Object> out) {
        out.add(value);
        if (value instanceof Map) {
            for (Map.Entry<String, Object> e : ((Map<String, Object>) value).entrySet()) {
                out.add(new Name(e.getKey()));
                walk(e.getValue(), out);
            }
        } else if (value instanceof List) {
            for (Object item : (List<Object>) value) {
                walk(item, out);
            }
        }
    }

    private static List<String> show(List<int[]> spans) {
        List<String> out = new ArrayList<>();
        for (int[] span : spans) {
            out.add(span[0] + ".." + span[1]);
        }
        return out;
    }

    /** The line with bytes before and after it, so that spans are checked to be indexes into the array. */
    private static byte[] padded(byte[] line) {
        byte[] bytes = new byte[line.length + 6];
        bytes[0] = bytes[1] = bytes[2] = '[';
        bytes[bytes.length - 1] = bytes[bytes.length - 2] = bytes[bytes.length - 3] = ']';
        System.arraycopy(line, 0, bytes, 3, line.length);
        return bytes;
    }

    @Provide
    Arbitrary<Line> lines() {
        return Arbitraries.oneOf(Arbitraries.randomValue(FastJsonCursorLines::anyJson),
                Arbitraries.randomValue(FastJsonCursorLines::realistic));
    }
}
