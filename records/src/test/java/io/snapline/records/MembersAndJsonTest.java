package io.snapline.records;

import static io.snapline.records.RecordLayout.*;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.*;

import io.snapline.records.testing.JsonTree;
import io.snapline.records.testing.TestBatches;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * Layout version 2: JSON fields (values kept whole) and members (fields the parser does not know),
 * written by {@link RecordWriter}, read by {@link RecordView}, printed by {@link RecordJson}; a
 * kind from a later version skipped by its length; a version 1 document read as before.
 */
class MembersAndJsonTest {

    private static final String SOURCE = "/hl/data/node_fills/hourly/20260628/8";
    private final RecordJson json = new RecordJson();

    @Test
    void shouldReadJsonFieldsAndMembersInStoredOrder() {
        byte[] line = "{\"na\\u006de\":[1, {\"x\":\"\u00e9\"}],\"p\":-1.5e+300,\"n\":null}".getBytes(UTF_8);
        RecordWriter w = new RecordWriter(16);
        w.beginRecord(RecordType.ORDER_STATUS, 0, 9);
        TestBatches.string(w, Field.COIN, "BTC");
        member(w, line, "na\\u006de", "[1, {\"x\":\"\u00e9\"}]");
        byte[] children = "[ {\"coin\":\"BTC\"} ]".getBytes(UTF_8);
        w.putJson(Field.CHILDREN, children, 0, children.length);
        w.putMember("liquidation.".getBytes(UTF_8), line, indexOf(line, "p"), 1, indexOf(line, "-1.5e+300"), 9);
        w.endRecord();
        RecordView r = only(w);

        assertEquals(2, r.fieldCount());
        assertEquals(KIND_JSON, r.kind(Field.CHILDREN));
        assertEquals("[ {\"coin\":\"BTC\"} ]", r.json(Field.CHILDREN));
        StringBuilder sb = new StringBuilder();
        assertTrue(r.jsonTo(Field.CHILDREN, sb));
        assertEquals("[ {\"coin\":\"BTC\"} ]", sb.toString());
        assertThrows(IllegalStateException.class, () -> r.json(Field.COIN));
        assertNull(r.json(Field.TIF));

        assertEquals(2, r.memberCount());
        assertEquals("name", r.memberName(0), "escapes decoded");
        assertEquals("na\\u006de", new String(r.buffer(), r.memberNameOffset(0), r.memberNameLength(0), UTF_8),
                "the name's bytes as written");
        assertEquals("[1, {\"x\":\"\u00e9\"}]", r.memberJson(0));
        assertEquals(1, r.memberFieldsBefore(0));
        assertEquals("liquidation.p", r.memberName(1));
        assertEquals("-1.5e+300", r.memberJson(1));
        assertEquals(2, r.memberFieldsBefore(1));
        assertEquals(1, r.indexOfMember("liquidation.p"));
        assertEquals(-1, r.indexOfMember("p"));
        assertThrows(IndexOutOfBoundsException.class, () -> r.memberName(2));

        Map<String, Object> printed = JsonTree.object(json.toJson(r));
        assertEquals(List.of("type", "coin", "name", "children", "liquidation.p", "source", "offset"),
                new ArrayList<>(printed.keySet()));
        assertEquals(JsonTree.parse("[1, {\"x\":\"\u00e9\"}]".getBytes(UTF_8)), printed.get("name"));
        assertEquals(JsonTree.parse(children), printed.get("children"));
        assertEquals("-1.5e+300", printed.get("liquidation.p"));
        assertTrue(json.toJson(r).contains("\"na\\u006de\":[1, {\"x\":\"\u00e9\"}],\"children\":[ {\"coin\":\"BTC\"} ]"),
                "name as written, JSON as written: " + json.toJson(r));
    }

    /** Never a duplicate key: a member whose key the line has gets {@code _} in front until it is new. */
    @Test
    void shouldPrefixAMemberWhoseKeyTheLineAlreadyHas() {
        RecordWriter w = new RecordWriter(16);
        w.beginRecord(RecordType.FILL, 0, 0);
        TestBatches.string(w, Field.COIN, "SOL");
        for (String name : List.of("x", "x", "_x", "coin", "type", "source", "offset", "side0User", "lineBase64")) {
            byte[] m = ("\"" + name + "\"1").getBytes(UTF_8);
            w.putMember(m, 1, name.length(), name.length() + 2, 1);
        }
        w.endRecord();
        Map<String, Object> printed = JsonTree.object(json.toJson(only(w))); // throws on a duplicate key
        assertEquals(List.of("type", "coin", "x", "_x", "__x", "_coin", "_type", "_source", "_offset", "_side0User",
                "_lineBase64", "source", "offset"), new ArrayList<>(printed.keySet()));
        assertEquals("fill", printed.get("type"));
        assertEquals(SOURCE, printed.get("source"));
    }

    @Test
    void shouldPrintACorruptMemberAsAValidLine() {
        byte[] bad = {'a', '"', (byte) 0xFF, 'b', '{', '"', 'z', (byte) 0xC3};
        RecordWriter w = new RecordWriter(16);
        w.beginRecord(RecordType.TRADE, 0, 0);
        w.putMember(bad, 0, 4, 4, 4); // name a"\xFFb, value {"z\xC3
        w.putJson(Field.TRADE_DIR_OVERRIDE, bad, 4, 3); // {"z
        w.endRecord();
        Map<String, Object> printed = JsonTree.object(json.toJson(only(w)));
        assertEquals("{\"z\uFFFD", printed.get("a\"\uFFFDb"));
        assertEquals("{\"z", printed.get("tradeDirOverride"));
    }

    /** A kind from a later version starts with an i32 length: skipped, and everything after it read. */
    @Test
    void shouldSkipAFutureKindByItsLength() {
        RecordWriter w = new RecordWriter(16);
        w.beginRecord(RecordType.BOOK_DIFF, 0, 0);
        int at = w.length();
        byte[] payload = {1, 2, 3, 4, 5};
        w.putBytes(Field.DIFF, payload, 0, payload.length);
        w.putMember("\"m\"true".getBytes(UTF_8), 1, 1, 3, 4);
        TestBatches.string(w, Field.COIN, "BTC");
        w.endRecord();
        for (int kind : new int[] {9, 42, 200}) {
            w.buffer()[at + 1] = (byte) kind;
            RecordView r = only(w);
            assertTrue(r.hasUnknownKinds());
            assertFalse(r.has(Field.DIFF));
            assertEquals("BTC", r.text(Field.COIN));
            assertEquals("true", r.memberJson(0));
            assertEquals(Map.of("type", "book_diff", "m", true, "coin", "BTC", "source", SOURCE, "offset", 0L),
                    JsonTree.object(json.toJson(r)));
        }
    }

    /** A version 1 document, built as the version 1 writer built it (children a LONG count), reads as before. */
    @Test
    void shouldReadAVersion1Document() {
        RecordWriter w = new RecordWriter(16);
        TestBatches.orderStatus(w, 0, 5); // version 1's fields: children as LONG 0
        byte[] doc = TestBatches.batch(List.of(SOURCE), TestBatches.OPAQUE_POSITIONS, w);
        TestBatches.putShort(doc, BATCH_VERSION_OFFSET, 1);
        BatchView batch = new BatchView().wrap(doc, 0, doc.length);
        assertEquals(1, batch.version());
        RecordView r = new RecordView();
        assertTrue(batch.next(r));
        assertEquals(KIND_LONG, r.kind(Field.CHILDREN));
        assertEquals(0, r.longValue(Field.CHILDREN));
        assertEquals(0, r.memberCount());
        assertEquals(TestBatches.ORDER_STATUS_JSON_FIELDS + ",\"source\":\"" + SOURCE + "\",\"offset\":5}", json.toJson(r));
    }

    @Test
    void shouldNotAllocatePerRecordWithMembersOnceGrown() {
        RecordWriter w = new RecordWriter(64);
        byte[] m = "\"extra\"{\"a\":[1,2]}".getBytes(UTF_8);
        for (int i = 0; i < 500; i++) {
            TestBatches.orderStatus(w, 0, i);
        }
        // Members are appended after a record's end here by building the records again with them.
        w.reset();
        for (int i = 0; i < 500; i++) {
            w.beginRecord(RecordType.FILL, 0, i);
            TestBatches.string(w, Field.COIN, "BTC");
            w.putMember(m, 1, 5, 7, m.length - 7);
            w.putMember(m, 1, 5, 7, m.length - 7);
            w.putJson(Field.CHILDREN, m, 7, m.length - 7);
            w.endRecord();
        }
        byte[] doc = TestBatches.batch(List.of(SOURCE), new byte[0], w);
        BatchView batch = new BatchView().wrap(doc, 0, doc.length);
        RecordView r = new RecordView();
        StringBuilder sb = new StringBuilder(1024);
        printAll(batch, r, sb);
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        for (int round = 0; round < 20; round++) {
            printAll(batch, r, sb);
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertTrue(sb.toString().contains("\"_extra\":{\"a\":[1,2]}"), sb.toString());
        assertTrue(allocated < 20_000, "allocated " + allocated + " bytes printing 10,000 records");
    }

    private void printAll(BatchView batch, RecordView r, StringBuilder sb) {
        batch.rewind();
        while (batch.next(r)) {
            sb.setLength(0);
            json.append(r, sb);
            for (int i = 0; i < r.memberCount(); i++) {
                r.memberNameTo(i, sb);
                r.memberJsonTo(i, sb);
            }
        }
    }

    /**
     * Members of any name (escapes, non-ASCII, quotes) and any JSON value, written between known
     * fields: read back by name and value, and printed so that Jackson reads each under its name.
     */
    @Property(tries = 300)
    void shouldRoundTripAnyMembers(@ForAll("members") List<Map.Entry<String, String>> members) {
        RecordWriter w = new RecordWriter(16);
        w.beginRecord(RecordType.FILL, 0, 3);
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("type", "fill");
        for (int i = 0; i < members.size(); i++) {
            String writtenName = members.get(i).getKey();
            String value = members.get(i).getValue();
            byte[] m = ("\"" + writtenName + "\":" + value).getBytes(UTF_8);
            int nameLength = writtenName.getBytes(UTF_8).length;
            w.putMember(m, 1, nameLength, nameLength + 3, m.length - nameLength - 3);
            TestBatches.string(w, Field.values()[i % 20], "v" + i);
            expected.put(decoded(writtenName), JsonTree.parse(value.getBytes(UTF_8)));
            expected.put(Field.values()[i % 20].jsonName(), "v" + i);
        }
        w.endRecord();
        expected.put("source", SOURCE);
        expected.put("offset", 3L);
        RecordView r = only(w);
        assertEquals(members.size(), r.memberCount());
        for (int i = 0; i < members.size(); i++) {
            assertEquals(decoded(members.get(i).getKey()), r.memberName(i));
            assertEquals(members.get(i).getValue(), r.memberJson(i));
            assertEquals(i, r.memberFieldsBefore(i));
        }
        Map<String, Object> printed = JsonTree.object(json.toJson(r));
        assertEquals(expected, printed);
        assertEquals(new ArrayList<>(expected.keySet()), new ArrayList<>(printed.keySet()));
    }

    @Provide
    Arbitrary<List<Map.Entry<String, String>>> members() {
        Arbitrary<String> plain = Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(8);
        Arbitrary<String> exotic = Arbitraries.of("\\\"q\\\"", "caf\u00e9", "\u4e2d\u6587", "\\u00e9\\n", "a\\/b",
                "\uD83D\uDE80", "\\\\", "sp ace", "");
        Arbitrary<String> name = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, plain.map(s -> "u_" + s)), net.jqwik.api.Tuple.of(1, exotic.map(s -> "u_" + s)));
        Arbitrary<String> value = Arbitraries.of("\"s\"", "\"\\u00e9\\\"\"", "0", "-12", "123456789012345678901234567890",
                "1.0E-7", "-0.5e+10", "true", "false", "null", "{}", "[]", "{\"a\":{\"b\":[1,\"2\",null]}}",
                "[ 1 , [ true ] ]", "\"\u4e2d\"");
        return Arbitraries.entries(name, value).list().ofMaxSize(12).uniqueElements(e -> decoded(e.getKey()));
    }

    /** A name as written, decoded by Jackson. */
    private static String decoded(String written) {
        return (String) JsonTree.parse(("\"" + written + "\"").getBytes(UTF_8));
    }

    private static void member(RecordWriter w, byte[] line, String name, String value) {
        w.putMember(line, indexOf(line, name), name.getBytes(UTF_8).length, indexOf(line, value),
                value.getBytes(UTF_8).length);
    }

    private static int indexOf(byte[] line, String text) {
        byte[] t = text.getBytes(UTF_8);
        outer:
        for (int i = 0; i + t.length <= line.length; i++) {
            for (int j = 0; j < t.length; j++) {
                if (line[i + j] != t[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError(text + " not in line");
    }

    private static RecordView only(RecordWriter w) {
        byte[] doc = TestBatches.batch(List.of(SOURCE), TestBatches.OPAQUE_POSITIONS, w);
        RecordView r = new RecordView();
        assertTrue(new BatchView().wrap(doc, 0, doc.length).next(r));
        return r;
    }
}
