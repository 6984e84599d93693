package io.snapline.records;

import io.snapline.records.testing.TestBatches;

import static io.snapline.records.RecordLayout.*;
import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class RecordJsonTest {

    private static final String SOURCE = "/hl/data/node_order_statuses_streaming/hourly/20260505/17";
    private static final JsonFactory JSON = new JsonFactory();

    private final RecordJson json = new RecordJson();
    private final RecordView reusedView = new RecordView();

    @Test
    void shouldPrintAnOrderStatusInTheRecordView() {
        RecordWriter w = new RecordWriter(64);
        TestBatches.orderStatus(w, 0, 123456789012L);
        assertEquals(TestBatches.ORDER_STATUS_JSON_FIELDS + ",\"source\":\"" + SOURCE + "\",\"offset\":123456789012}",
                json.toJson(only(w)));
    }

    @Test
    void shouldGiveTheSameLineThroughEveryOutput() throws IOException {
        RecordWriter w = new RecordWriter(64);
        TestBatches.orderStatus(w, 0, 1);
        RecordView r = only(w);
        String expected = json.toJson(r);

        StringBuilder sb = new StringBuilder("> ");
        json.append(r, sb);
        assertEquals("> " + expected, sb.toString());

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        json.writeLine(r, out);
        json.writeLine(r, out);
        assertEquals(expected + "\n" + expected + "\n", out.toString(StandardCharsets.UTF_8));

        int length = json.encode(r);
        assertEquals(expected, new String(json.buffer(), 0, length, StandardCharsets.UTF_8));
    }

    @Test
    void shouldEscapeQuotesBackslashesAndControlCharactersAndKeepNonAscii() {
        String tricky = "a\"b\\c\u0000d\u001Fe\nf\tg/h\u007Fé€\uD83D\uDE80";
        RecordWriter w = new RecordWriter(64);
        w.beginRecord(RecordType.ORDER_STATUS, 0, 0);
        TestBatches.string(w, Field.TRIGGER_CONDITION, tricky);
        w.endRecord();
        String line = json.toJson(only(w));

        assertTrue(line.contains("\"triggerCondition\":\"a\\\"b\\\\c\\u0000d\\u001Fe\\u000Af\\u0009g/h\u007Fé€\uD83D\uDE80\""),
                line);
        assertEquals(tricky, parse(line).get("triggerCondition"));
    }

    @Test
    void shouldEscapeEveryControlCharacterAsUnicodeNotJacksonsShortForms() {
        // Six characters each (backslash, u, 00XX), never Jackson's two-character forms such as \n:
        // the record view has always printed them so, and lines stay byte for byte what they were.
        StringBuilder value = new StringBuilder();
        StringBuilder printed = new StringBuilder();
        for (char c = 0; c < 0x20; c++) {
            value.append(c);
            printed.append(String.format("\\u%04X", (int) c));
        }
        RecordWriter w = new RecordWriter(64);
        w.beginRecord(RecordType.ORDER_STATUS, 0, 0);
        TestBatches.string(w, Field.COIN, value.toString());
        w.endRecord();
        String line = json.toJson(only(w));

        assertTrue(line.contains("\"coin\":\"" + printed + "\""), line);
        assertEquals(value.toString(), parse(line).get("coin"));
    }

    @Test
    void shouldKeepSlashesDeleteAndNonAsciiAsTheirUtf8Bytes() {
        // Not escaped: '/' and U+007F need no escape in JSON, and non-ASCII stays UTF-8 (an emoji
        // as its four bytes, not as a pair of surrogate escapes).
        String value = "/a/b\u007F é Ж € \uD83D\uDE80 \uFFFF";
        RecordWriter w = new RecordWriter(64);
        w.beginRecord(RecordType.ORDER_STATUS, 0, 0);
        TestBatches.string(w, Field.COIN, value);
        w.endRecord();
        RecordView r = only(w);
        int length = json.encode(r);
        byte[] expected = ("{\"type\":\"order_status\",\"coin\":\"" + value + "\",\"source\":\"" + SOURCE
                + "\",\"offset\":0}").getBytes(StandardCharsets.UTF_8);

        assertArrayEquals(expected, java.util.Arrays.copyOf(json.buffer(), length));
    }

    @Test
    void shouldPrintEachByteOfAStringThatStartsNoUtf8SequenceAsOneReplacementCharacter() {
        byte[] bad = {
            'a', (byte) 0xE2, (byte) 0x82, 'b', // truncated three-byte sequence: two bad bytes
            (byte) 0xED, (byte) 0xA0, (byte) 0x80, // a surrogate, never UTF-8: three
            (byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80, // above U+10FFFF: four
            (byte) 0xC3, (byte) 0xA9, '"', // a good é and a quote still escaped after the repair
        };
        RecordWriter w = new RecordWriter(64);
        w.beginRecord(RecordType.ORDER_STATUS, 0, 0);
        w.putText(Field.COIN, KIND_STRING, bad, 0, bad.length);
        w.endRecord();
        String line = json.toJson(only(w));

        assertTrue(line.contains("\"coin\":\"a\uFFFD\uFFFDb" + "\uFFFD".repeat(7) + "é\\\"\""), line);
        parse(line);
    }

    @Test
    void shouldPrintADeadLetterThatIsNotUtf8AsExactBase64() {
        // Each is invalid in its own way; the base64 must be the JDK's, padded, on one line.
        byte[][] raws = {
            {'{', '"', (byte) 0xFF}, // docs/records.md's example: eyL/
            {(byte) 0xC0, (byte) 0xAF}, // overlong '/'
            {(byte) 0xED, (byte) 0xA0, (byte) 0x80, 'x'}, // surrogate
            {'a', 'b', (byte) 0xE2, (byte) 0x82}, // truncated at the end
            {(byte) 0xF8, 1, 2, 3, 4, 5}, // never a lead byte
        };
        for (byte[] raw : raws) {
            RecordWriter w = new RecordWriter(64);
            TestBatches.deadLetter(w, 0, 77, raw);
            String line = json.toJson(only(w));

            assertTrue(line.contains(",\"lineBase64\":\"" + Base64.getEncoder().encodeToString(raw) + "\","), line);
            assertFalse(parse(line).containsKey("line"));
        }
        byte[] big = new byte[100_001];
        new java.util.Random(7).nextBytes(big);
        big[0] = (byte) 0xFF;
        RecordWriter w = new RecordWriter(64);
        TestBatches.deadLetter(w, 0, 77, big);
        assertEquals(Base64.getEncoder().encodeToString(big), parse(json.toJson(only(w))).get("lineBase64"));
    }

    @Test
    void shouldPrintHugeNumbersDigitForDigit() {
        String manyDigits = "-" + "1234567890".repeat(100) + "." + "0987654321".repeat(100) + "E+999999999";
        RecordWriter w = new RecordWriter(64);
        w.beginRecord(RecordType.FILL, 0, Long.MAX_VALUE);
        TestBatches.number(w, Field.PX, manyDigits);
        TestBatches.number(w, Field.SZ, "123456789012345678901234567890");
        TestBatches.number(w, Field.FEE, "4.9e-324000");
        w.putLong(Field.TID, Long.MAX_VALUE);
        w.endRecord();
        assertEquals("{\"type\":\"fill\",\"px\":" + manyDigits + ",\"sz\":123456789012345678901234567890,"
                + "\"fee\":4.9e-324000,\"tid\":9223372036854775807,\"source\":\"" + SOURCE
                + "\",\"offset\":9223372036854775807}", json.toJson(only(w)));
    }

    @Test
    void shouldPrintTheNextRecordWholeAfterOneFoundCorruptHalfWay() {
        RecordWriter w = new RecordWriter(64);
        w.beginRecord(RecordType.TRADE, 0, 1);
        TestBatches.string(w, Field.COIN, "BTC");
        w.endRecord();
        // The text's length now runs past the record's end: found only once "type" is printed.
        TestBatches.putShort(w.buffer(), RECORD_HEADER_LENGTH + 2, 0xFFFF);
        TestBatches.orderStatus(w, 0, 2);
        byte[] doc = TestBatches.batch(List.of(SOURCE), new byte[0], w);
        BatchView batch = new BatchView().wrap(doc, 0, doc.length);
        RecordView r = new RecordView();

        assertTrue(batch.next(r));
        assertThrows(IllegalArgumentException.class, () -> json.encode(r));
        assertTrue(batch.next(r));
        assertEquals(TestBatches.ORDER_STATUS_JSON_FIELDS + ",\"source\":\"" + SOURCE + "\",\"offset\":2}",
                json.toJson(r));
    }

    @Test
    void shouldPrintEveryKind() {
        RecordWriter w = new RecordWriter(64);
        w.beginRecord(RecordType.FILL, 0, 9);
        w.putNull(Field.CLOID);
        w.putBoolean(Field.CROSSED, true);
        w.putBoolean(Field.IS_TRIGGER, false);
        w.putLong(Field.TID, Long.MIN_VALUE);
        w.putLong(Field.OID, -42);
        w.putLong(Field.TIMESTAMP, 0);
        TestBatches.number(w, Field.PX, "-0.000000000000000000012345678901234567890e+30");
        TestBatches.string(w, Field.FEE, "-0.001255");
        w.endRecord();
        assertEquals("{\"type\":\"fill\",\"cloid\":null,\"crossed\":true,\"isTrigger\":false,"
                + "\"tid\":-9223372036854775808,\"oid\":-42,\"timestamp\":0,"
                + "\"px\":-0.000000000000000000012345678901234567890e+30,\"fee\":\"-0.001255\","
                + "\"source\":\"" + SOURCE + "\",\"offset\":9}", json.toJson(only(w)));
    }

    @Test
    void shouldPrintANumberThatIsNotJsonAsAString() {
        RecordWriter w = new RecordWriter(64);
        w.beginRecord(RecordType.FILL, 0, 9);
        TestBatches.number(w, Field.PX, "12abc");
        TestBatches.number(w, Field.SZ, "01");
        TestBatches.number(w, Field.FEE, "1.");
        TestBatches.number(w, Field.CLOSED_PNL, "");
        w.endRecord();
        String line = json.toJson(only(w));
        assertTrue(line.contains("\"px\":\"12abc\",\"sz\":\"01\",\"fee\":\"1.\",\"closedPnl\":\"\""), line);
        parse(line);
    }

    @Test
    void shouldPrintADeadLetterWithValidUtf8RawAsAString() {
        byte[] raw = "{\"coin\":\"BTC\",\"px\":\"1é\t".getBytes(StandardCharsets.UTF_8);
        RecordWriter w = new RecordWriter(64);
        TestBatches.deadLetter(w, 0, 77, raw);
        String line = json.toJson(only(w));

        assertEquals("{\"type\":\"dead_letter\",\"reason\":\"malformed_json\",\"detail\":\"unexpected end of input\","
                + "\"length\":" + raw.length + ",\"line\":\"{\\\"coin\\\":\\\"BTC\\\",\\\"px\\\":\\\"1é\\u0009\","
                + "\"source\":\"" + SOURCE + "\",\"offset\":77}", line);
        assertEquals(new String(raw, StandardCharsets.UTF_8), parse(line).get("line"));
    }

    @Test
    void shouldPrintADeadLetterWithInvalidUtf8RawAsBase64() {
        for (int length = 0; length < 8; length++) {
            byte[] raw = new byte[length + 1];
            for (int i = 0; i < length; i++) {
                raw[i] = (byte) ('a' + i);
            }
            raw[length] = (byte) 0xFE; // never valid in UTF-8
            RecordWriter w = new RecordWriter(64);
            TestBatches.deadLetter(w, 0, 77, raw);
            Map<String, Object> parsed = parse(json.toJson(only(w)));

            assertFalse(parsed.containsKey("line"));
            assertEquals(Base64.getEncoder().encodeToString(raw), parsed.get("lineBase64"));
            assertArrayEquals(raw, Base64.getDecoder().decode((String) parsed.get("lineBase64")));
        }
    }

    @Test
    void shouldPrintAnEmptyRawAsAnEmptyString() {
        RecordWriter w = new RecordWriter(64);
        TestBatches.deadLetter(w, 0, 1, new byte[0]);
        assertEquals("", parse(json.toJson(only(w))).get("line"));
    }

    @Test
    void shouldKeepTheLineValidJsonWhenAStringHoldsInvalidUtf8() {
        RecordWriter w = new RecordWriter(64);
        w.beginRecord(RecordType.ORDER_STATUS, 0, 0);
        byte[] bad = {'x', (byte) 0xC0, (byte) 0xAF, 'y'};
        w.putText(Field.COIN, KIND_STRING, bad, 0, bad.length);
        w.endRecord();
        assertEquals("x\uFFFD\uFFFDy", parse(json.toJson(only(w))).get("coin"));
    }

    @Test
    void shouldEscapeTheSourcePath() {
        RecordWriter w = new RecordWriter(64);
        TestBatches.orderStatus(w, 0, 1);
        String path = "/data/\"odd\"\\dir/é";
        byte[] doc = TestBatches.batch(List.of(path), new byte[0], w);
        RecordView r = new RecordView();
        assertTrue(new BatchView().wrap(doc, 0, doc.length).next(r));
        assertEquals(path, parse(json.toJson(r)).get("source"));
    }

    @Test
    void shouldPrintAnUnknownTypeWithItsCode() {
        RecordWriter w = new RecordWriter(64);
        w.beginRecord(RecordType.TRADE, 0, 3);
        TestBatches.string(w, Field.COIN, "@151");
        w.endRecord();
        w.buffer()[RECORD_TYPE_OFFSET] = (byte) 200;
        assertEquals("{\"type\":\"unknown\",\"typeCode\":200,\"coin\":\"@151\",\"source\":\"" + SOURCE + "\",\"offset\":3}",
                json.toJson(only(w)));
    }

    @Test
    void shouldReuseItsBufferAndGrowForALongLine() {
        byte[] raw = new byte[100_000];
        java.util.Arrays.fill(raw, (byte) '"'); // every byte escaped: the line doubles
        RecordWriter w = new RecordWriter(64);
        TestBatches.deadLetter(w, 0, 1, raw);
        TestBatches.orderStatus(w, 0, 2);
        byte[] doc = TestBatches.batch(List.of(SOURCE), new byte[0], w);
        BatchView batch = new BatchView().wrap(doc, 0, doc.length);
        RecordView r = new RecordView();

        assertTrue(batch.next(r));
        assertEquals(new String(raw, StandardCharsets.US_ASCII), parse(json.toJson(r)).get("line"));
        assertTrue(batch.next(r));
        assertTrue(json.toJson(r).startsWith(TestBatches.ORDER_STATUS_JSON_FIELDS));
    }

    @Test
    void shouldNotAllocatePerRecordOnceItsBufferHasGrown() throws IOException {
        RecordWriter w = new RecordWriter(64);
        for (int i = 0; i < 1000; i++) {
            if (i % 10 == 0) {
                TestBatches.deadLetter(w, 0, i, new byte[] {'{', (byte) 0xFF, '"'});
            } else {
                TestBatches.orderStatus(w, 0, i);
            }
        }
        byte[] doc = TestBatches.batch(List.of(SOURCE), new byte[0], w);
        BatchView batch = new BatchView().wrap(doc, 0, doc.length);
        CountingStream out = new CountingStream();
        StringBuilder sb = new StringBuilder(1024);
        printAll(batch, out, sb); // warm up: grows the buffers
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        for (int round = 0; round < 20; round++) {
            printAll(batch, out, sb);
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertTrue(out.count > 0);
        assertTrue(allocated < 20_000, "allocated " + allocated + " bytes printing 20,000 records twice");
    }

    private void printAll(BatchView batch, CountingStream out, StringBuilder sb) throws IOException {
        batch.rewind();
        RecordView r = reusedView;
        while (batch.next(r)) {
            json.writeLine(r, out);
            sb.setLength(0);
            json.append(r, sb);
        }
    }

    private static final class CountingStream extends java.io.OutputStream {
        long count;

        @Override
        public void write(int b) {
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            count += len;
        }
    }

    @Property(tries = 500)
    void shouldPrintAnyStringSoAJsonParserReadsItBack(@ForAll String value) {
        RecordWriter w = new RecordWriter(64);
        w.beginRecord(RecordType.ORDER_STATUS, 0, 0);
        TestBatches.string(w, Field.USER, value);
        w.endRecord();
        String encodable = new String(value.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
        assertEquals(encodable, parse(json.toJson(only(w))).get("user"));
    }

    @Property(tries = 500)
    void shouldPrintAnyRawBytesSoTheyCanBeRecovered(@ForAll byte[] raw) {
        RecordWriter w = new RecordWriter(64);
        TestBatches.deadLetter(w, 0, 0, raw);
        Map<String, Object> parsed = parse(json.toJson(only(w)));
        byte[] back = parsed.containsKey("line")
                ? ((String) parsed.get("line")).getBytes(StandardCharsets.UTF_8)
                : Base64.getDecoder().decode((String) parsed.get("lineBase64"));
        assertArrayEquals(raw, back);
    }

    /** Parses one flat JSON object with Jackson, failing on anything that is not valid JSON. */
    static Map<String, Object> parse(String line) {
        Map<String, Object> out = new LinkedHashMap<>();
        try (JsonParser p = JSON.createParser(line)) {
            assertEquals(JsonToken.START_OBJECT, p.nextToken());
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                Object v = switch (value) {
                    case VALUE_STRING -> p.getText();
                    case VALUE_NUMBER_INT -> p.getLongValue();
                    case VALUE_NUMBER_FLOAT -> p.getText();
                    case VALUE_TRUE -> Boolean.TRUE;
                    case VALUE_FALSE -> Boolean.FALSE;
                    case VALUE_NULL -> null;
                    default -> throw new AssertionError("unexpected " + value + " in " + line);
                };
                assertFalse(out.containsKey(name), "duplicate key " + name);
                out.put(name, v);
            }
            assertNull(p.nextToken(), "data after the object");
        } catch (IOException e) {
            throw new AssertionError("not valid JSON: " + line, e);
        }
        return out;
    }

    private static RecordView only(RecordWriter w) {
        byte[] doc = TestBatches.batch(List.of(SOURCE), TestBatches.OPAQUE_POSITIONS, w);
        RecordView r = new RecordView();
        assertTrue(new BatchView().wrap(doc, 0, doc.length).next(r));
        return r;
    }
}
