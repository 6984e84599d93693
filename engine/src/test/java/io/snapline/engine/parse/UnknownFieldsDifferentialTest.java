package io.snapline.engine.parse;

import static io.snapline.records.RecordLayout.*;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.snapline.engine.testing.ExpectedViews;
import io.snapline.records.BatchView;
import io.snapline.records.RecordJson;
import io.snapline.records.RecordView;
import io.snapline.records.RecordWriter;
import io.snapline.records.testing.JsonTree;
import io.snapline.records.testing.TestBatches;
import io.snapline.tailer.NodeStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/**
 * Every field the node writes comes back, value for value: the records of a line, read through
 * {@link RecordJson} (what {@code snapline cat} prints) and through {@link RecordView}'s Java API,
 * against {@link ExpectedViews}, worked out from Jackson's parse of the line. Both parsers: the
 * Jackson cursor alone, and the fast cursor first.
 */
class UnknownFieldsDifferentialTest {

    private static final String SOURCE = "/hl/data/node_fills_streaming/hourly/20260628/8";
    /** An unknown value of every JSON type, nested ones included. */
    static final String EVERY_TYPE = "\"uS\":\"text \\\"q\\\" \u00e9\",\"uI\":-12,\"uBig\":123456789012345678901234567890,"
            + "\"uDec\":\"0.000000000000000000001\",\"uExp\":-1.25E+308,\"uT\":true,\"uF\":false,\"uN\":null,"
            + "\"uO\":{\"a\":{\"b\":[1,{\"c\":null}]},\"d\":\"x\"},\"uA\":[1,\"2\",[],{},true,null,3.5e-7],"
            + "\"uEmptyO\":{},\"uEmptyA\":[]";
    static final String EVERY_TYPE_ASCII = EVERY_TYPE.replace(" \\\"q\\\" \u00e9", "");

    private final RecordJson json = new RecordJson();

    @Test
    void shouldKeepUnknownFieldsOfEveryTypeInAFillAndItsLiquidationAndBuilder() {
        for (String unknown : List.of(EVERY_TYPE, EVERY_TYPE_ASCII)) {
            String fill = LineParserTest.FILL
                    .replace("\"coin\":\"SOL\"", unknown + ",\"coin\":\"SOL\"")
                    .replace("\"method\":\"market\"", "\"method\":\"market\"," + unknown)
                    .replace("\"twapId\":null", "\"twapId\":null,\"builder\":{\"b\":\"0xb\",\"f\":7," + unknown + "}");
            check(NodeStream.FILLS, fill, 1);
        }
    }

    @Test
    void shouldKeepChildrenWholeAndUnknownFieldsOfTheEventAndTheOrder() {
        String child = "{\"coin\":\"BTC\",\"side\":\"A\",\"limitPx\":\"90000.0\",\"sz\":\"0.1\",\"oid\":9,"
                + "\"triggerCondition\":\"Price above 90000\",\"isTrigger\":true,\"triggerPx\":\"90000.0\","
                + "\"children\":[ ],\"orderType\":\"Take Profit Market\",\"tif\":null,\"newThing\":[1, 2]}";
        for (String unknown : List.of(EVERY_TYPE, EVERY_TYPE_ASCII)) {
            String status = LineParserTest.STREAMING_ORDER_STATUS
                    .replace("\"children\":[]", "\"children\":[" + child + ", " + child.replace("9000", "6000") + "]")
                    .replace("\"status\":\"open\"", "\"status\":\"open\"," + unknown)
                    .replace("\"cloid\":null", "\"cloid\":null," + unknown.replace("\"u", "\"o"));
            check(NodeStream.ORDER_STATUSES, status, 1);
            check(NodeStream.ORDER_STATUSES, LineParserTest.PLAIN_ORDER_STATUS.replace("\"order\":{", "\"u\":1,\"order\":{")
                    .replace("\"children\":[]", "\"children\":[" + child + "]"), 1);
        }
    }

    @Test
    void shouldKeepATradesThirdSideInfoEntryAndUnknownKeysOfTheEntries() {
        String trade = LineParserTest.TRADE
                .replace("\"cloid\":null}]", "\"cloid\":null,\"fee\":\"0.1\"},{\"user\":\"0xcc\",\"start_pos\":\"1.0\","
                        + "\"oid\":3,\"twap_id\":7,\"cloid\":null},null]")
                .replace("\"twap_id\":null,", "\"twap_id\":null,\"uX\":{\"y\":1},");
        check(NodeStream.TRADES, trade, 1);
        check(NodeStream.TRADES, trade.replace("\"Na\"", "\"Na\"," + EVERY_TYPE), 1);
    }

    @Test
    void shouldKeepAnUnknownBookDiffVariantWholeAndUnknownSizes() {
        String diffs = LineParserTest.BOOK_DIFFS
                .replace("\"remove\"", "{\"modify\":{\"fromSz\":\"1.0\",\"toSz\":\"2.5\"}}")
                .replace("{\"sz\":\"0.5\"}", "{\"sz\":\"0.5\",\"priority\":3}");
        check(NodeStream.RAW_BOOK_DIFFS, diffs, 2);
        check(NodeStream.RAW_BOOK_DIFFS, diffs.replace("\"modify\"", "\"update\":{\"origSz\":\"1\",\"newSz\":\"2\"},\"modify\""), 2);
    }

    @Test
    void shouldPutAnUnknownEnvelopeKeyInEveryRecordOfTheLineWhereverItIs() {
        String before = LineParserTest.BOOK_DIFFS.replace("\"block_number\"", "\"node_version\":\"1.2\",\"block_number\"");
        check(NodeStream.RAW_BOOK_DIFFS, before, 2);
        String after = LineParserTest.BOOK_DIFFS.replace("\"remove\"}]}", "\"remove\"}],\"round\":{\"r\":[5]}," + EVERY_TYPE + "}");
        check(NodeStream.RAW_BOOK_DIFFS, after, 2);
        check(NodeStream.FILLS, LineParserTest.FILL.replace("{\"local_time\"", "{\"coin\":\"X\",\"local_time\""), 1);
    }

    @Test
    void shouldNeverPrintADuplicateKeyWhenAnUnknownNameMeetsAKnownOne() {
        // "blockNumber" and "diff" are record names, not node names; "x" at two levels flattened to one.
        String diffs = LineParserTest.BOOK_DIFFS
                .replace("\"block_number\"", "\"blockNumber\":1,\"type\":\"t\",\"block_number\"")
                .replace("\"px\":\"76450.0\"", "\"px\":\"76450.0\",\"diff\":2,\"source\":3,\"_diff\":4");
        check(NodeStream.RAW_BOOK_DIFFS, diffs, 2);
        check(NodeStream.ORDER_STATUSES, LineParserTest.PLAIN_ORDER_STATUS.replace("\"time\"", "\"x\":1,\"time\"")
                .replace("\"cloid\":null", "\"cloid\":null,\"x\":2"), 1);
    }

    /** Unknown members of random types and names (escapes, non-ASCII) at every level the extractors read. */
    @Property(tries = 300)
    void anyUnknownMembersRoundTrip(@ForAll long seed) {
        Random random = new Random(seed);
        String fill = LineParserTest.FILL
                .replace("\"coin\":\"SOL\"", members(random, "f") + "\"coin\":\"SOL\"")
                .replace("\"method\":\"market\"", members(random, "l") + "\"method\":\"market\"")
                .replace("{\"local_time\"", "{" + members(random, "e") + "\"local_time\"");
        check(NodeStream.FILLS, fill, 1);
        String status = LineParserTest.STREAMING_ORDER_STATUS
                .replace("\"status\"", members(random, "s") + "\"status\"")
                .replace("\"cloid\":null}", "\"cloid\":null" + (random.nextBoolean() ? "," + members(random, "o") + "\"z\":0" : "") + "}");
        check(NodeStream.ORDER_STATUSES, status, 1);
    }

    private static final String[] NAME_PARTS = {"a", "priorityGas", "caf\u00e9", "\\u00e9t\\u00e9", "q\\\"q", "b\\\\s",
        "\u4e2d", "\uD83D\uDE80", "x y", "\\/", "tab\\t"};
    private static final String[] VALUES = {"\"s\"", "\"\\u00e9\\n\"", "0", "-7", "99999999999999999999999",
        "1.5", "-2.5e-300", "1E+2", "true", "false", "null", "{}", "[]", "{\"k\":[1,{\"m\":\"\u00e9\"}]}",
        "[ [ ], { \"a\" : null } ]"};

    private static String members(Random random, String tag) {
        StringBuilder out = new StringBuilder();
        for (int i = random.nextInt(4); i > 0; i--) {
            out.append('"').append(tag).append(NAME_PARTS[random.nextInt(NAME_PARTS.length)]).append(i).append("\":")
                    .append(VALUES[random.nextInt(VALUES.length)]).append(',');
        }
        return out.toString();
    }

    /** The line's records through both parsers: as printed and through the Java API, what Jackson's parse says. */
    private void check(NodeStream stream, String text, int records) {
        byte[] line = text.getBytes(UTF_8);
        List<Map<String, Object>> expected = ExpectedViews.of(stream, line, SOURCE, 4242);
        assertEquals(records, expected.size());
        for (LineParser parser : List.of(new LineParser(), new LineParser(new FastJsonCursor()))) {
            RecordWriter out = new RecordWriter(64);
            assertNull(parser.parse(stream, line, 0, line.length, 0, 4242, out), text);
            byte[] doc = TestBatches.batch(List.of(SOURCE), new byte[0], out);
            BatchView batch = new BatchView().wrap(doc, 0, doc.length);
            RecordView record = new RecordView();
            List<Map<String, Object>> printed = new ArrayList<>();
            List<Map<String, Object>> api = new ArrayList<>();
            while (batch.next(record)) {
                printed.add(JsonTree.object(json.toJson(record)));
                api.add(apiView(record));
            }
            assertEquals(expected, printed, text);
            assertEquals(expected, api, text);
        }
    }

    /** The record read through RecordView's typed getters and members, named by the record view's rule. */
    static Map<String, Object> apiView(RecordView record) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("type", record.type().jsonName());
        int member = 0;
        for (int i = 0; i <= record.fieldCount(); i++) {
            for (; member < record.memberCount() && record.memberFieldsBefore(member) <= i; member++) {
                ExpectedViews.unknown(view, record.memberName(member),
                        JsonTree.parse(record.memberJson(member).getBytes(UTF_8)));
            }
            if (i == record.fieldCount()) {
                break;
            }
            Object value = switch (record.kindAt(i)) {
                case KIND_NULL -> null;
                case KIND_TRUE -> true;
                case KIND_FALSE -> false;
                case KIND_LONG -> record.longAt(i);
                case KIND_JSON -> JsonTree.parse(record.json(record.fieldAt(i)).getBytes(UTF_8));
                default -> record.textAt(i);
            };
            view.put(record.fieldAt(i).jsonName(), value);
        }
        view.put("source", record.source());
        view.put("offset", record.lineOffset());
        return view;
    }
}
