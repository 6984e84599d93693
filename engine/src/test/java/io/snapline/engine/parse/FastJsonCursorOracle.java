package io.snapline.engine.parse;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.async.ByteArrayFeeder;
import io.snapline.records.Field;
import io.snapline.records.RecordLayout;
import io.snapline.records.RecordType;
import io.snapline.records.RecordWriter;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Test-only: runs one line through jackson-core's two parsers (the blocking byte-array parser and
 * the non-blocking one the reference cursor uses) and through {@link FastJsonCursor}, each into
 * the same token model, and says whether the fast cursor kept its promise:
 *
 * <ul>
 *   <li>every token it returned is the token both Jackson parsers return at that step, with the
 *       same text and, for an integer, the same {@code long} (or none for one outside long);
 *   <li>if it read the line to its end ({@code finish()} returned), both parsers read exactly
 *       the same tokens and found nothing after the value;
 *   <li>if it rejected (it is designed never to), both parsers failed at that very step;
 *   <li>if the line holds any byte at or above 0x80, it returned no token at all, because the
 *       reference cursor checks the whole line's UTF-8 before its first token.
 * </ul>
 *
 * Deferring, at any step, is always allowed.
 */
final class FastJsonCursorOracle {

    enum Outcome { COMPLETE, REJECTED, DEFERRED }

    /** One token; {@code text} for names, strings and numbers; {@code longValue} for integers that fit. */
    record Step(String token, String text, Long longValue) {
        @Override
        public String toString() {
            return token + (text == null ? "" : "(" + text + ")") + (longValue == null ? "" : "=" + longValue);
        }
    }

    static final class Trace {
        final List<Step> steps = new ArrayList<>();
        Outcome outcome;
        String why = "";

        void end(Outcome outcome, String why) {
            this.outcome = outcome;
            this.why = why == null ? "" : why;
        }

        @Override
        public String toString() {
            return outcome + " after " + steps.size() + " tokens" + (why.isEmpty() ? "" : " (" + firstLine(why) + ")")
                    + "\n      " + steps;
        }
    }

    /** The reference cursor's settings: Jackson's strict defaults, no limits on a whole document. */
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxDocumentLength(-1).maxTokenCount(-1).build())
            .build();

    /** Names the generated lines use, so nameIndex is checked against a real table. */
    static final NameTable NAMES = NameTable.of("local_time", "block_time", "block_number", "events", "time", "user",
            "hash", "builder", "status", "order", "coin", "side", "limitPx", "sz", "oid", "timestamp",
            "triggerCondition", "isTrigger", "triggerPx", "children", "isPositionTpsl", "reduceOnly", "orderType",
            "origSz", "tif", "cloid", "px", "raw_book_diff", "new", "update", "twap_id", "state", "executedSz",
            "executedNtl", "minutes", "randomize", "error", "inner", "nonce", "evm_tx_hash", "action", "type",
            "update_class", "mark_px_inputs", "spot_px_inputs", "external_perp_px_inputs", "oracle_pxs", "");

    private final FastJsonCursor fast = new FastJsonCursor();
    private final RecordWriter out = new RecordWriter(1 << 16);

    /** The three traces of one line, and the verdict. */
    final class Verdict {
        final byte[] line;
        final Trace fastTrace;
        final Trace blocking;
        final Trace nonBlocking;
        final String failure;

        Verdict(byte[] line, Trace fastTrace, Trace blocking, Trace nonBlocking) {
            this.line = line;
            this.fastTrace = fastTrace;
            this.blocking = blocking;
            this.nonBlocking = nonBlocking;
            String f = judge(fastTrace, blocking, "blocking");
            if (f == null) {
                f = judge(fastTrace, nonBlocking, "non-blocking");
            }
            if (f == null && fastTrace.steps.size() > 0 && hasHighByte(line)) {
                f = "returned tokens for a line with a byte >= 0x80";
            }
            this.failure = f;
        }

        boolean ok() {
            return failure == null;
        }

        String describe() {
            return failure + "\n  line (" + line.length + " bytes): " + show(line)
                    + "\n  fast:         " + fastTrace
                    + "\n  blocking:     " + blocking
                    + "\n  non-blocking: " + nonBlocking;
        }

        void assertOk() {
            if (!ok()) {
                throw new AssertionError(describe());
            }
        }
    }

    Verdict check(byte[] line) {
        return new Verdict(line, fast(line), blocking(line), nonBlocking(line));
    }

    private static String judge(Trace fast, Trace jackson, String name) {
        int n = fast.steps.size();
        if (jackson.steps.size() < n || !jackson.steps.subList(0, n).equals(fast.steps)) {
            return "fast tokens are not a prefix of the " + name + " parser's tokens";
        }
        switch (fast.outcome) {
            case DEFERRED:
                return null;
            case COMPLETE:
                return jackson.outcome == Outcome.COMPLETE && jackson.steps.size() == n
                        ? null : "fast accepted, the " + name + " parser did not";
            case REJECTED:
                return jackson.outcome == Outcome.REJECTED && jackson.steps.size() == n
                        ? null : "fast rejected where the " + name + " parser did not";
            default:
                throw new AssertionError(fast.outcome);
        }
    }

    /** The fast cursor, walked the way an extractor walks it: to the root's end, then finish(). */
    Trace fast(byte[] line) {
        Trace trace = new Trace();
        try {
            fast.begin(line, 0, line.length);
            int depth = 0;
            do {
                int token = fast.next();
                trace.steps.add(fastStep(line, token));
                if (token == JsonCursor.START_OBJECT || token == JsonCursor.START_ARRAY) {
                    depth++;
                } else if (token == JsonCursor.END_OBJECT || token == JsonCursor.END_ARRAY) {
                    depth--;
                }
            } while (depth > 0);
            fast.finish();
            trace.end(Outcome.COMPLETE, null);
        } catch (DeferToReference deferred) {
            trace.end(Outcome.DEFERRED, null);
        } catch (LineRejected rejected) {
            trace.end(Outcome.REJECTED, rejected.getMessage());
        }
        return trace;
    }

    private Step fastStep(byte[] line, int token) {
        switch (token) {
            case JsonCursor.FIELD_NAME: {
                String name = new String(line, fast.textStart(), fast.textLength(), UTF_8);
                int index = fast.nameIndex(NAMES);
                if (index != NAMES.indexOf(name)) {
                    throw new AssertionError("nameIndex " + index + " for " + name);
                }
                if (fast.textEquals(line.length > 0 ? new byte[] {line[0]} : new byte[0])
                        || fast.textEquals(name.getBytes(UTF_8))) {
                    throw new AssertionError("textEquals true on a field name");
                }
                return new Step("FIELD_NAME", name, null);
            }
            case JsonCursor.STRING: {
                String text = writtenText(RecordLayout.KIND_STRING);
                if (!fast.textEquals(text.getBytes(UTF_8)) || fast.textEquals((text + "x").getBytes(UTF_8))) {
                    throw new AssertionError("textEquals disagrees with writeText for " + text);
                }
                return new Step("STRING", text, null);
            }
            case JsonCursor.NUMBER_INT: {
                String text = writtenText(RecordLayout.KIND_NUMBER);
                Long value;
                try {
                    value = fast.longValue();
                } catch (DeferToReference outsideLong) {
                    value = null; // compared with Jackson's BIG_INTEGER below
                }
                return new Step("NUMBER_INT", text, value);
            }
            case JsonCursor.NUMBER_FLOAT:
                return new Step("NUMBER_FLOAT", writtenText(RecordLayout.KIND_NUMBER), null);
            case JsonCursor.START_OBJECT:
                return new Step("START_OBJECT", null, null);
            case JsonCursor.END_OBJECT:
                return new Step("END_OBJECT", null, null);
            case JsonCursor.START_ARRAY:
                return new Step("START_ARRAY", null, null);
            case JsonCursor.END_ARRAY:
                return new Step("END_ARRAY", null, null);
            case JsonCursor.TRUE:
                return new Step("TRUE", null, null);
            case JsonCursor.FALSE:
                return new Step("FALSE", null, null);
            case JsonCursor.NULL:
                return new Step("NULL", null, null);
            default:
                throw new AssertionError("unknown token " + token);
        }
    }

    /** The text as writeText puts it in a record: field id, kind, u16 length, bytes. */
    private String writtenText(byte expectedKind) {
        out.reset();
        out.beginRecord(RecordType.ORDER_STATUS, 0, 0);
        int at = out.length();
        fast.writeText(out, Field.COIN);
        byte[] b = out.buffer();
        if (b[at] != Field.COIN.id() || b[at + 1] != expectedKind) {
            throw new AssertionError("writeText wrote field " + b[at] + " kind " + b[at + 1]);
        }
        int length = (b[at + 2] & 0xFF) | (b[at + 3] & 0xFF) << 8;
        if (out.length() != at + 4 + length || length != fast.textLength()) {
            throw new AssertionError("writeText wrote " + (out.length() - at) + " bytes for " + length);
        }
        return new String(b, at + 4, length, UTF_8);
    }

    static Trace blocking(byte[] line) {
        Trace trace = new Trace();
        try (JsonParser parser = FACTORY.createParser(line, 0, line.length)) {
            walk(parser, trace);
        } catch (IOException e) {
            trace.end(Outcome.REJECTED, e.getMessage());
        }
        return trace;
    }

    static Trace nonBlocking(byte[] line) {
        Trace trace = new Trace();
        try (JsonParser parser = FACTORY.createNonBlockingByteArrayParser()) {
            ByteArrayFeeder feeder = (ByteArrayFeeder) parser.getNonBlockingInputFeeder();
            feeder.feedInput(line, 0, line.length);
            feeder.endOfInput();
            walk(parser, trace);
        } catch (IOException e) {
            trace.end(Outcome.REJECTED, e.getMessage());
        }
        return trace;
    }

    /** Jackson walked like the fast cursor: the root value's tokens, then nothing but the end. */
    private static void walk(JsonParser parser, Trace trace) throws IOException {
        int depth = 0;
        do {
            JsonToken token = parser.nextToken();
            if (token == null || token == JsonToken.NOT_AVAILABLE) {
                trace.end(Outcome.REJECTED, "input ended at " + token);
                return;
            }
            trace.steps.add(jacksonStep(parser, token));
            if (token.isStructStart()) {
                depth++;
            } else if (token.isStructEnd()) {
                depth--;
            }
        } while (depth > 0);
        JsonToken after = parser.nextToken();
        if (after != null && after != JsonToken.NOT_AVAILABLE) {
            trace.end(Outcome.REJECTED, "another value after the root: " + after);
            return;
        }
        trace.end(Outcome.COMPLETE, null);
    }

    private static Step jacksonStep(JsonParser parser, JsonToken token) throws IOException {
        switch (token) {
            case FIELD_NAME:
                return new Step("FIELD_NAME", parser.currentName(), null);
            case VALUE_STRING:
                return new Step("STRING", parser.getText(), null);
            case VALUE_NUMBER_INT: {
                String text = parser.getText();
                Long value = parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER ? null : parser.getLongValue();
                return new Step("NUMBER_INT", text, value);
            }
            case VALUE_NUMBER_FLOAT:
                return new Step("NUMBER_FLOAT", parser.getText(), null);
            case START_OBJECT:
            case END_OBJECT:
            case START_ARRAY:
            case END_ARRAY:
                return new Step(token.name(), null, null);
            case VALUE_TRUE:
                return new Step("TRUE", null, null);
            case VALUE_FALSE:
                return new Step("FALSE", null, null);
            case VALUE_NULL:
                return new Step("NULL", null, null);
            default:
                return new Step(Objects.toString(token), null, null);
        }
    }

    static boolean hasHighByte(byte[] line) {
        for (byte b : line) {
            if (b < 0) {
                return true;
            }
        }
        return false;
    }

    /** The line with non-printable bytes as \xNN, cut in the middle when long. */
    static String show(byte[] line) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < line.length; i++) {
            if (line.length > 1200 && i == 600) {
                s.append(" ... ");
                i = line.length - 600;
            }
            int c = line[i] & 0xFF;
            if (c >= 0x20 && c < 0x7F) {
                s.append((char) c);
            } else {
                s.append(String.format("\\x%02X", c));
            }
        }
        return s.toString();
    }

    private static String firstLine(String s) {
        int newline = s.indexOf('\n');
        return newline < 0 ? s : s.substring(0, newline);
    }
}
