package io.snapline.engine.parse;

import static io.snapline.records.Field.*;
import static io.snapline.records.RecordLayout.KIND_NUMBER;
import static io.snapline.records.RecordLayout.KIND_STRING;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.snapline.engine.parse.DecodedRecords.Decoded;
import io.snapline.records.DeadLetterReason;
import io.snapline.records.Field;
import io.snapline.records.RecordType;
import io.snapline.records.RecordWriter;
import io.snapline.tailer.NodeStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LineParserTest {

    // The example lines of docs/formats.md, verbatim.
    static final String STREAMING_ORDER_STATUS = "{\"local_time\":\"2026-05-05T17:39:16.271766237\",\"block_time\":\"2026-05-05T17:39:13.505427172\",\"block_number\":985148189,\"events\":[{\"time\":\"2026-05-05T17:39:13.505427172\",\"user\":\"0x31ca8395cf837de08b24da3f660e77761dfb974b\",\"hash\":\"0xc208d043ad72d77cc382043ab82b1d01010109294875f64e65d17b966c76b167\",\"builder\":null,\"status\":\"open\",\"order\":{\"coin\":\"BTC\",\"side\":\"B\",\"limitPx\":\"81295.0\",\"sz\":\"0.00965\",\"oid\":412036463097,\"timestamp\":1778002753505,\"triggerCondition\":\"N/A\",\"isTrigger\":false,\"triggerPx\":\"0.0\",\"children\":[],\"isPositionTpsl\":false,\"reduceOnly\":false,\"orderType\":\"Limit\",\"origSz\":\"0.00965\",\"tif\":\"Alo\",\"cloid\":null}}]}";
    static final String FILL = "{\"local_time\":\"2026-06-28T08:43:53.687645997\",\"block_time\":\"2026-06-28T08:43:53.257028820\",\"block_number\":1052527672,\"events\":[[\"0xa775d1bd91ee2cc4cae6113e5fd9c0c17b355277\",{\"coin\":\"SOL\",\"px\":\"72.153\",\"sz\":\"0.58\",\"side\":\"A\",\"time\":1782636233257,\"startPosition\":\"-162.6\",\"dir\":\"Open Short\",\"closedPnl\":\"0.0\",\"hash\":\"0xdc25d330b40799afdd9f043ebc4c38000060eb164f0ab8817fee7e83730b739a\",\"oid\":481702553903,\"crossed\":false,\"fee\":\"-0.001255\",\"tid\":340554939716632,\"cloid\":\"0x00000000000000000000019f08a8bdd8\",\"liquidation\":{\"liquidatedUser\":\"0x5ef843ccf26810073ee689a954f6d05f5b48fccb\",\"markPx\":\"72.149\",\"method\":\"market\"},\"feeToken\":\"USDC\",\"twapId\":null}]]}";
    static final String BOOK_DIFFS = "{\"local_time\":\"2026-04-30T20:46:46.266630865\",\"block_time\":\"2026-04-30T20:46:43.304461819\",\"block_number\":978995377,\"events\":[{\"user\":\"0xca1d1650d13b8fa936dca4efdf1f487766f2abd1\",\"oid\":405401002917,\"coin\":\"BTC\",\"side\":\"B\",\"px\":\"76450.0\",\"raw_book_diff\":{\"new\":{\"sz\":\"0.5\"}}},{\"user\":\"0xee162a5a60829bd346f0c1ac3514b21fe5f4b290\",\"oid\":405400999260,\"coin\":\"BTC\",\"side\":\"B\",\"px\":\"68823.0\",\"raw_book_diff\":\"remove\"}]}";
    static final String TRADE = "{\"coin\":\"@151\",\"side\":\"A\",\"time\":\"2025-06-24T02:56:36.172847427\",\"px\":\"2393.9\",\"sz\":\"0.1539\",\"hash\":\"0x2b21750229be769650b604261eaac1018c00c45812652efbbdd35fe0ecb201a1\",\"trade_dir_override\":\"Na\",\"side_info\":[{\"user\":\"0xecb63caa47c7c4e77f60f1ce858cf28dc2b82b00\",\"start_pos\":\"1166.565307356\",\"oid\":105686971733,\"twap_id\":null,\"cloid\":\"0x1070fff92506b3ab5e5aec135e5a5ddd\"},{\"user\":\"0xb65117c1e1006e7b2413fa90e96fcbe3fa83ed75\",\"start_pos\":\"0.153928559\",\"oid\":105686976226,\"twap_id\":null,\"cloid\":null}]}";

    static final String PLAIN_ORDER_STATUS = "{\"time\":\"2026-05-05T17:39:13.505427172\",\"user\":\"0x31ca8395cf837de08b24da3f660e77761dfb974b\",\"hash\":\"0xc208d043ad72d77cc382043ab82b1d01010109294875f64e65d17b966c76b167\",\"builder\":null,\"status\":\"open\",\"order\":{\"coin\":\"BTC\",\"side\":\"B\",\"limitPx\":\"81295.0\",\"sz\":\"0.00965\",\"oid\":412036463097,\"timestamp\":1778002753505,\"triggerCondition\":\"N/A\",\"isTrigger\":false,\"triggerPx\":\"0.0\",\"children\":[],\"isPositionTpsl\":false,\"reduceOnly\":false,\"orderType\":\"Limit\",\"origSz\":\"0.00965\",\"tif\":\"Alo\",\"cloid\":null}}";

    private static final int SOURCE = 7;
    private static final long OFFSET = 123_456_789_012L;

    private final LineParser parser = new LineParser();
    private final RecordWriter out = new RecordWriter(1 << 12);

    // ---------------------------------------------------------------- the example lines

    @Test
    void shouldFlattenTheStreamingOrderStatusExampleIntoOneRecordWithEveryField() {
        Decoded r = single(NodeStream.ORDER_STATUSES, STREAMING_ORDER_STATUS);

        assertEquals(RecordType.ORDER_STATUS, r.type);
        assertEquals(SOURCE, r.source);
        assertEquals(OFFSET, r.lineOffset);
        assertEquals(985148189L, r.longValue(BLOCK_NUMBER));
        assertEquals("2026-05-05T17:39:13.505427172", r.string(BLOCK_TIME));
        assertEquals("2026-05-05T17:39:16.271766237", r.string(LOCAL_TIME));
        assertEquals(0L, r.longValue(EVENT_INDEX), "the event's index in its line; the writer adds earlier lines'");
        assertOrderStatusEvent(r);
        assertEquals(25, r.fields.size(), r.toString());
    }

    @Test
    void shouldParseThePlainOrderStatusWithoutEnvelopeFields() {
        Decoded r = single(NodeStream.ORDER_STATUSES, PLAIN_ORDER_STATUS);

        assertOrderStatusEvent(r);
        assertFalse(r.has(BLOCK_NUMBER));
        assertFalse(r.has(BLOCK_TIME));
        assertFalse(r.has(LOCAL_TIME));
        assertEquals(21, r.fields.size(), r.toString());
    }

    private static void assertOrderStatusEvent(Decoded r) {
        assertEquals("2026-05-05T17:39:13.505427172", r.string(TIME));
        assertEquals("0x31ca8395cf837de08b24da3f660e77761dfb974b", r.string(USER));
        assertEquals("0xc208d043ad72d77cc382043ab82b1d01010109294875f64e65d17b966c76b167", r.string(HASH));
        assertTrue(r.isNull(BUILDER));
        assertEquals("open", r.string(STATUS));
        assertEquals("BTC", r.string(COIN));
        assertEquals("B", r.string(SIDE));
        assertEquals("81295.0", r.string(LIMIT_PX));
        assertEquals("0.00965", r.string(SZ));
        assertEquals(412036463097L, r.longValue(OID));
        assertEquals(1778002753505L, r.longValue(TIMESTAMP));
        assertEquals("N/A", r.string(TRIGGER_CONDITION));
        assertFalse(r.bool(IS_TRIGGER));
        assertEquals("0.0", r.string(TRIGGER_PX));
        assertEquals("[]", r.json(CHILDREN));
        assertFalse(r.bool(IS_POSITION_TPSL));
        assertFalse(r.bool(REDUCE_ONLY));
        assertEquals("Limit", r.string(ORDER_TYPE));
        assertEquals("0.00965", r.string(ORIG_SZ));
        assertEquals("Alo", r.string(TIF));
        assertTrue(r.isNull(CLOID));
    }

    @Test
    void shouldWriteOneRecordPerEventOfABlockEachWithTheBlockFields() {
        String block = "{\"local_time\":\"2026-05-05T17:39:16.271\",\"block_time\":\"2026-05-05T17:39:13.505\","
                + "\"block_number\":985148189,\"events\":["
                + event("open", "BTC", 1) + "," + event("badAloPxRejected", "ETH", 2) + ","
                + event("canceled", "@151", 3) + "]}";

        List<Decoded> records = parseOk(NodeStream.ORDER_STATUSES, block);

        assertEquals(3, records.size());
        String[] statuses = {"open", "badAloPxRejected", "canceled"};
        String[] coins = {"BTC", "ETH", "@151"};
        for (int i = 0; i < 3; i++) {
            Decoded r = records.get(i);
            assertEquals(RecordType.ORDER_STATUS, r.type);
            assertEquals(OFFSET, r.lineOffset);
            assertEquals(985148189L, r.longValue(BLOCK_NUMBER));
            assertEquals("2026-05-05T17:39:13.505", r.string(BLOCK_TIME));
            assertEquals("2026-05-05T17:39:16.271", r.string(LOCAL_TIME));
            assertEquals(statuses[i], r.string(STATUS));
            assertEquals(coins[i], r.string(COIN));
            assertEquals(i + 1L, r.longValue(OID));
        }
    }

    @Test
    void shouldWriteNoRecordAndNoDeadLetterForAnEmptyBlock() {
        String empty = "{\"local_time\":\"2026-05-05T17:39:16.271766237\",\"block_time\":\"2026-05-05T17:39:13.505427172\","
                + "\"block_number\":985148190,\"events\":[]}";

        assertNull(parser.parse(NodeStream.ORDER_STATUSES, bytes(empty), 0, bytes(empty).length, SOURCE, OFFSET, out));
        assertEquals(0, out.recordCount());
        assertEquals(0, out.length());
    }

    @Test
    void shouldParseTheFillExampleWithItsLiquidation() {
        Decoded r = single(NodeStream.FILLS, FILL);

        assertEquals(RecordType.FILL, r.type);
        assertEquals(1052527672L, r.longValue(BLOCK_NUMBER));
        assertEquals("2026-06-28T08:43:53.257028820", r.string(BLOCK_TIME));
        assertEquals("2026-06-28T08:43:53.687645997", r.string(LOCAL_TIME));
        assertEquals("0xa775d1bd91ee2cc4cae6113e5fd9c0c17b355277", r.string(USER));
        assertEquals("SOL", r.string(COIN));
        assertEquals("72.153", r.string(PX));
        assertEquals("0.58", r.string(SZ));
        assertEquals("A", r.string(SIDE));
        assertEquals(1782636233257L, r.longValue(TIME));
        assertEquals("-162.6", r.string(START_POSITION));
        assertEquals("Open Short", r.string(DIR));
        assertEquals("0.0", r.string(CLOSED_PNL));
        assertEquals("0xdc25d330b40799afdd9f043ebc4c38000060eb164f0ab8817fee7e83730b739a", r.string(HASH));
        assertEquals(481702553903L, r.longValue(OID));
        assertFalse(r.bool(CROSSED));
        assertEquals("-0.001255", r.string(FEE));
        assertEquals(340554939716632L, r.longValue(TID));
        assertEquals("0x00000000000000000000019f08a8bdd8", r.string(CLOID));
        assertEquals("0x5ef843ccf26810073ee689a954f6d05f5b48fccb", r.string(LIQUIDATED_USER));
        assertEquals("72.149", r.string(MARK_PX));
        assertEquals("market", r.string(LIQUIDATION_METHOD));
        assertEquals("USDC", r.string(FEE_TOKEN));
        assertTrue(r.isNull(TWAP_ID));
        assertEquals(0L, r.longValue(EVENT_INDEX));
        assertEquals(24, r.fields.size(), r.toString());
    }

    @Test
    void shouldLeaveAnOmittedFillCloidAbsentAndKeepOptionalFeeFields() {
        String fill = "{\"local_time\":\"2026-06-28T08:43:53.687\",\"block_time\":\"2026-06-28T08:43:53.257\","
                + "\"block_number\":1,\"events\":[[\"0xaa\",{\"coin\":\"BTC\",\"px\":\"1.0\",\"sz\":\"2.0\","
                + "\"tid\":5,\"builder\":\"0xbb\",\"builderFee\":\"0.01\",\"deployerFee\":\"0.002\"}]]}";

        Decoded r = single(NodeStream.FILLS, fill);

        assertFalse(r.has(CLOID));
        assertFalse(r.has(LIQUIDATED_USER));
        assertEquals("0xbb", r.string(BUILDER));
        assertEquals("0.01", r.string(BUILDER_FEE));
        assertEquals("0.002", r.string(DEPLOYER_FEE));
    }

    @Test
    void shouldAcceptAPlainUserFillPairAndAPlainFillObjectWithItsUser() {
        Decoded pair = single(NodeStream.FILLS,
                "[\"0xaa\",{\"coin\":\"BTC\",\"px\":\"1.5\",\"sz\":\"0.1\",\"tid\":9}]");
        out.reset();
        Decoded object = single(NodeStream.FILLS,
                "{\"user\":\"0xaa\",\"coin\":\"BTC\",\"px\":\"1.5\",\"sz\":\"0.1\",\"tid\":9}");

        assertEquals(pair.fields, object.fields);
        assertEquals("0xaa", pair.string(USER));
        assertEquals(9L, pair.longValue(TID));
        assertFalse(pair.has(BLOCK_NUMBER));
    }

    @Test
    void shouldParseTheTradeExampleWithBothSides() {
        Decoded r = single(NodeStream.TRADES, TRADE);

        assertEquals(RecordType.TRADE, r.type);
        assertEquals("@151", r.string(COIN));
        assertEquals("A", r.string(SIDE));
        assertEquals("2025-06-24T02:56:36.172847427", r.string(TIME));
        assertEquals("2393.9", r.string(PX));
        assertEquals("0.1539", r.string(SZ));
        assertEquals("0x2b21750229be769650b604261eaac1018c00c45812652efbbdd35fe0ecb201a1", r.string(HASH));
        assertEquals("Na", r.string(TRADE_DIR_OVERRIDE));
        assertEquals("0xecb63caa47c7c4e77f60f1ce858cf28dc2b82b00", r.string(SIDE0_USER));
        assertEquals("1166.565307356", r.string(SIDE0_START_POS));
        assertEquals(105686971733L, r.longValue(SIDE0_OID));
        assertTrue(r.isNull(SIDE0_TWAP_ID));
        assertEquals("0x1070fff92506b3ab5e5aec135e5a5ddd", r.string(SIDE0_CLOID));
        assertEquals("0xb65117c1e1006e7b2413fa90e96fcbe3fa83ed75", r.string(SIDE1_USER));
        assertEquals("0.153928559", r.string(SIDE1_START_POS));
        assertEquals(105686976226L, r.longValue(SIDE1_OID));
        assertTrue(r.isNull(SIDE1_TWAP_ID));
        assertTrue(r.isNull(SIDE1_CLOID));
        assertEquals(17, r.fields.size(), r.toString());
    }

    @Test
    void shouldGiveEnvelopeWrappedTradesTheBlockFields() {
        String wrapped = "{\"local_time\":\"2025-06-24T02:56:36.500\",\"block_time\":\"2025-06-24T02:56:36.172\","
                + "\"block_number\":42,\"events\":[" + TRADE + "," + TRADE + "]}";

        List<Decoded> records = parseOk(NodeStream.TRADES, wrapped);

        assertEquals(2, records.size());
        for (Decoded r : records) {
            assertEquals(42L, r.longValue(BLOCK_NUMBER));
            assertEquals("2025-06-24T02:56:36.172", r.string(BLOCK_TIME));
            assertEquals("2393.9", r.string(PX));
            assertEquals("0.153928559", r.string(SIDE1_START_POS));
        }
    }

    @Test
    void shouldParseRawBookDiffsOfAllThreeKinds() {
        List<Decoded> example = parseOk(NodeStream.RAW_BOOK_DIFFS, BOOK_DIFFS);
        assertEquals(2, example.size());
        Decoded added = example.get(0);
        assertEquals(RecordType.BOOK_DIFF, added.type);
        assertEquals(978995377L, added.longValue(BLOCK_NUMBER));
        assertEquals("0xca1d1650d13b8fa936dca4efdf1f487766f2abd1", added.string(USER));
        assertEquals(405401002917L, added.longValue(OID));
        assertEquals("BTC", added.string(COIN));
        assertEquals("B", added.string(SIDE));
        assertEquals("76450.0", added.string(PX));
        assertEquals("new", added.string(DIFF));
        assertEquals("0.5", added.string(SZ));
        Decoded removed = example.get(1);
        assertEquals("remove", removed.string(DIFF));
        assertEquals("68823.0", removed.string(PX));
        assertFalse(removed.has(SZ));

        out.reset();
        Decoded updated = single(NodeStream.RAW_BOOK_DIFFS, "{\"user\":\"0xee\",\"oid\":7,\"coin\":\"ETH\",\"side\":\"A\","
                + "\"px\":\"2500.1\",\"raw_book_diff\":{\"update\":{\"origSz\":\"0.1804\",\"newSz\":\"0.18007\"}}}");
        assertEquals("update", updated.string(DIFF));
        assertEquals("0.1804", updated.string(ORIG_SZ));
        assertEquals("0.18007", updated.string(NEW_SZ));
        assertFalse(updated.has(BLOCK_NUMBER));
    }

    // ---------------------------------------------------------------- tolerance

    @Test
    void shouldWriteBuilderAsNullAsStringAndAsAddressPlusFee() {
        Decoded none = single(NodeStream.ORDER_STATUSES, orderStatus("\"builder\":null"));
        assertTrue(none.isNull(BUILDER));
        assertFalse(none.has(BUILDER_FEE));

        out.reset();
        Decoded text = single(NodeStream.ORDER_STATUSES, orderStatus("\"builder\":\"0xb1\""));
        assertEquals("0xb1", text.string(BUILDER));
        assertFalse(text.has(BUILDER_FEE));

        out.reset();
        Decoded object = single(NodeStream.ORDER_STATUSES, orderStatus("\"builder\":{\"b\":\"0xb2\",\"f\":10}"));
        assertEquals("0xb2", object.string(BUILDER));
        assertEquals(10L, object.longValue(BUILDER_FEE));
    }

    @Test
    void shouldKeepANullHashAndANullTifAsNull() {
        Decoded r = single(NodeStream.ORDER_STATUSES, "{\"time\":\"2026-05-05T17:39:13.505\",\"user\":\"0xaa\","
                + "\"hash\":null,\"builder\":null,\"status\":\"triggered\",\"order\":{\"coin\":\"BTC\",\"oid\":1,"
                + "\"orderType\":\"Stop Market\",\"triggerCondition\":\"Price below 60000\",\"isTrigger\":true,"
                + "\"tif\":null}}");

        assertTrue(r.isNull(HASH));
        assertTrue(r.isNull(TIF));
        assertTrue(r.bool(IS_TRIGGER));
        assertEquals("Stop Market", r.string(ORDER_TYPE));
        assertEquals("Price below 60000", r.string(TRIGGER_CONDITION));
    }

    @Test
    void shouldKeepNestedChildrenWholeAsWritten() {
        String child = "{\"coin\":\"BTC\",\"side\":\"A\",\"limitPx\":\"90000.0\",\"sz\":\"0.1\",\"oid\":9,"
                + "\"children\":[{\"coin\":\"BTC\",\"oid\":10,\"children\":[]}],\"tif\":null,\"cloid\":null}";
        Decoded r = single(NodeStream.ORDER_STATUSES, "{\"time\":\"t\",\"user\":\"0xaa\",\"hash\":null,"
                + "\"builder\":null,\"status\":\"open\",\"order\":{\"coin\":\"ETH\",\"oid\":8,\"children\":["
                + child + "," + child + "],\"sz\":\"3.0\"}}");

        assertEquals("[" + child + "," + child + "]", r.json(CHILDREN));
        assertEquals("ETH", r.string(COIN));
        assertEquals(8L, r.longValue(OID));
        assertEquals("3.0", r.string(SZ));
    }

    @Test
    void shouldKeepTimesWithThreeAndNineFractionalDigitsExactly() {
        Decoded three = single(NodeStream.TRADES, TRADE.replace("2025-06-24T02:56:36.172847427", "2025-06-24T02:56:36.170"));
        assertEquals("2025-06-24T02:56:36.170", three.string(TIME));

        out.reset();
        Decoded nine = single(NodeStream.ORDER_STATUSES, STREAMING_ORDER_STATUS
                .replace("\"block_time\":\"2026-05-05T17:39:13.505427172\"", "\"block_time\":\"2026-05-05T17:39:13.500\"")
                .replace("\"time\":\"2026-05-05T17:39:13.505427172\"", "\"time\":\"2026-05-05T17:39:13.000000100\""));
        assertEquals("2026-05-05T17:39:13.500", nine.string(BLOCK_TIME));
        assertEquals("2026-05-05T17:39:13.000000100", nine.string(TIME));
        assertEquals("2026-05-05T17:39:16.271766237", nine.string(LOCAL_TIME));
    }

    @Test
    void shouldKeepDecimalsByteForByteAsTheNodeWroteThem() {
        String[] decimals = {"0.000000001234500", "81295.0", "-0.001255", "100", "1e-7", "00.10", "123456789012345678901234567890.123"};
        for (String decimal : decimals) {
            out.reset();
            Decoded r = single(NodeStream.FILLS, "[\"0xaa\",{\"coin\":\"BTC\",\"px\":\"" + decimal + "\",\"sz\":\""
                    + decimal + "\",\"tid\":1}]");
            assertArrayEquals(bytes(decimal), bytes(r.string(PX)));
            assertEquals(KIND_STRING, r.kind(SZ));
        }
        // A JSON number with a fraction or exponent keeps its exact text too, as a NUMBER.
        out.reset();
        Decoded r = single(NodeStream.FILLS,
                "[\"0xaa\",{\"coin\":\"BTC\",\"px\":1.50E+3,\"sz\":-0.000100,\"tid\":1}]");
        assertEquals(KIND_NUMBER, r.kind(PX));
        assertEquals("1.50E+3", r.number(PX));
        assertEquals("-0.000100", r.number(SZ));
    }

    @Test
    void shouldDecodeEscapesAndKeepNonAsciiTextAsUtf8() {
        Decoded r = single(NodeStream.ORDER_STATUSES, orderStatus("\"builder\":\"caf\\u00e9 \\\"q\\\" \\\\ \\n é 😀 \\ud83d\\ude00\""));

        assertArrayEquals(bytes("café \"q\" \\ \n é 😀 😀"), bytes(r.string(BUILDER)));
    }

    @Test
    void shouldReadTheKnownFieldsAroundUnknownOnesAtEveryLevel() {
        String unknown = "\"u1\":1,\"u2\":{\"a\":[1,{\"b\":null}],\"c\":\"x\"},\"u3\":[[],{},\"s\",true],\"u4\":null";
        String status = "{\"local_time\":\"l\"," + unknown + ",\"block_time\":\"b\",\"block_number\":1,\"events\":[{"
                + unknown + ",\"time\":\"t\",\"user\":\"0xaa\",\"builder\":{" + unknown + ",\"b\":\"0xb\",\"f\":1},"
                + "\"status\":\"open\",\"order\":{" + unknown + ",\"coin\":\"BTC\",\"oid\":1," + unknown + "}," + unknown + "}]}";
        Decoded os = single(NodeStream.ORDER_STATUSES, status);
        assertEquals(Arrays.asList(EVENT_INDEX, LOCAL_TIME, BLOCK_TIME, BLOCK_NUMBER, TIME, USER, BUILDER, BUILDER_FEE, STATUS, COIN, OID),
                new ArrayList<>(os.fields.keySet()));

        out.reset();
        Decoded fill = single(NodeStream.FILLS, "[\"0xaa\",{" + unknown + ",\"coin\":\"BTC\",\"px\":\"1\",\"sz\":\"2\","
                + "\"tid\":3,\"liquidation\":{" + unknown + ",\"method\":\"backstop\"}}]");
        assertEquals(Arrays.asList(USER, COIN, PX, SZ, TID, LIQUIDATION_METHOD), new ArrayList<>(fill.fields.keySet()));

        out.reset();
        Decoded trade = single(NodeStream.TRADES, "{" + unknown + ",\"coin\":\"BTC\",\"time\":\"t\",\"px\":\"1\","
                + "\"sz\":\"2\",\"side_info\":[{" + unknown + ",\"user\":\"0x0\"},{\"oid\":5," + unknown + "}]}");
        assertEquals(Arrays.asList(COIN, TIME, PX, SZ, SIDE0_USER, SIDE1_OID), new ArrayList<>(trade.fields.keySet()));

        out.reset();
        Decoded diff = single(NodeStream.RAW_BOOK_DIFFS, "{" + unknown + ",\"oid\":1,\"coin\":\"BTC\",\"raw_book_diff\":{"
                + unknown + ",\"update\":{" + unknown + ",\"origSz\":\"1\",\"newSz\":\"2\"}}}");
        assertEquals(Arrays.asList(OID, COIN, DIFF, ORIG_SZ, NEW_SZ), new ArrayList<>(diff.fields.keySet()));
    }

    @Test
    void shouldKeepAStatusItHasNeverSeen() {
        Decoded r = single(NodeStream.ORDER_STATUSES, PLAIN_ORDER_STATUS.replace("\"open\"", "\"someFutureStatusRejected\""));

        assertEquals("someFutureStatusRejected", r.string(STATUS));
    }

    @Test
    void shouldWriteTheSameFieldsWhateverTheKeyOrder() {
        Map<Field, DecodedRecords.Value> expected = single(NodeStream.ORDER_STATUSES, STREAMING_ORDER_STATUS).fields;
        String event = STREAMING_ORDER_STATUS.substring(STREAMING_ORDER_STATUS.indexOf("[{") + 1,
                STREAMING_ORDER_STATUS.length() - 2);
        String local = "\"local_time\":\"2026-05-05T17:39:16.271766237\"";
        String block = "\"block_time\":\"2026-05-05T17:39:13.505427172\"";
        String number = "\"block_number\":985148189";
        String events = "\"events\":[" + event + "]";
        String[] lines = {
            "{" + events + "," + local + "," + block + "," + number + "}",
            "{" + number + "," + events + "," + block + "," + local + "}",
            "{" + local + "," + block + "," + events + "," + number + "}",
            "{\"extra\":{\"x\":[1]}," + events + "," + number + "," + block + "," + local + "}",
            "{\"extra\":1," + local + "," + block + "," + number + "," + events + "}",
        };
        for (String line : lines) {
            out.reset();
            assertEquals(expected, single(NodeStream.ORDER_STATUSES, line).fields, line);
        }

        // The event's and the order's own keys shuffled.
        out.reset();
        String shuffled = "{\"local_time\":\"2026-05-05T17:39:16.271766237\",\"events\":[{\"order\":{\"cloid\":null,"
                + "\"tif\":\"Alo\",\"origSz\":\"0.00965\",\"orderType\":\"Limit\",\"reduceOnly\":false,"
                + "\"isPositionTpsl\":false,\"children\":[],\"triggerPx\":\"0.0\",\"isTrigger\":false,"
                + "\"triggerCondition\":\"N/A\",\"timestamp\":1778002753505,\"oid\":412036463097,\"sz\":\"0.00965\","
                + "\"limitPx\":\"81295.0\",\"side\":\"B\",\"coin\":\"BTC\"},\"status\":\"open\",\"builder\":null,"
                + "\"hash\":\"0xc208d043ad72d77cc382043ab82b1d01010109294875f64e65d17b966c76b167\","
                + "\"user\":\"0x31ca8395cf837de08b24da3f660e77761dfb974b\",\"time\":\"2026-05-05T17:39:13.505427172\"}],"
                + "\"block_number\":985148189,\"block_time\":\"2026-05-05T17:39:13.505427172\"}";
        assertEquals(expected, single(NodeStream.ORDER_STATUSES, shuffled).fields);
    }

    @Test
    void shouldReadAnEnvelopeLookingObjectWithoutEventsAsOnePlainEvent() {
        // First key is an envelope name, but without "events" the object is a plain event.
        Decoded r = single(NodeStream.TRADES, "{\"block_time\":\"b\",\"coin\":\"BTC\",\"time\":\"t\",\"px\":\"1\",\"sz\":\"2\"}");

        assertEquals(Arrays.asList(COIN, TIME, PX, SZ), new ArrayList<>(r.fields.keySet()));
    }

    @Test
    void shouldAcceptLongsAtTheEdgesOfTheRange() {
        Decoded r = single(NodeStream.FILLS, "[\"0xaa\",{\"coin\":\"BTC\",\"px\":\"1\",\"sz\":\"2\",\"tid\":"
                + Long.MAX_VALUE + ",\"oid\":" + Long.MIN_VALUE + ",\"time\":-0}]");

        assertEquals(Long.MAX_VALUE, r.longValue(TID));
        assertEquals(Long.MIN_VALUE, r.longValue(OID));
        assertEquals(0L, r.longValue(TIME));
    }

    // ---------------------------------------------------------------- dead letters

    @Test
    void shouldDeadLetterALineThatDoesNotMatchItsDirectorysLayout() {
        assertDeadLetter(NodeStream.ORDER_STATUSES, TRADE, DeadLetterReason.MISSING_FIELD, "status");
        assertDeadLetter(NodeStream.ORDER_STATUSES, FILL, DeadLetterReason.UNEXPECTED_SHAPE, "event is not an object");
        assertDeadLetter(NodeStream.TRADES, PLAIN_ORDER_STATUS, DeadLetterReason.MISSING_FIELD, "coin");
        assertDeadLetter(NodeStream.FILLS, STREAMING_ORDER_STATUS, DeadLetterReason.MISSING_FIELD, "coin");
        assertDeadLetter(NodeStream.RAW_BOOK_DIFFS, TRADE, DeadLetterReason.MISSING_FIELD, "oid");
    }

    @Test
    void shouldDeadLetterMalformedJsonAsMalformed() {
        assertDeadLetter(NodeStream.TRADES, "{\"coin\":}", DeadLetterReason.MALFORMED_JSON, "not valid JSON");
        assertDeadLetter(NodeStream.TRADES, "{'coin':'BTC'}", DeadLetterReason.MALFORMED_JSON, "not valid JSON");
        assertDeadLetter(NodeStream.TRADES, "{\"coin\":\"BTC\",}", DeadLetterReason.MALFORMED_JSON, "not valid JSON");
        assertDeadLetter(NodeStream.TRADES, "{\"px\":NaN}", DeadLetterReason.MALFORMED_JSON, "not valid JSON");
        assertDeadLetter(NodeStream.TRADES, "{\"px\":01}", DeadLetterReason.MALFORMED_JSON, "not valid JSON");
        assertDeadLetter(NodeStream.TRADES, "{/*c*/\"px\":1}", DeadLetterReason.MALFORMED_JSON, "not valid JSON");
        assertDeadLetter(NodeStream.TRADES, "{\"coin\":\"a\tb\"}", DeadLetterReason.MALFORMED_JSON, "not valid JSON");
        assertDeadLetter(NodeStream.TRADES, "", DeadLetterReason.MALFORMED_JSON, "line ends inside the value");
    }

    @Test
    void shouldDeadLetterAByteOrderMarkWhetherOrNotTheLineIsTheParsersFirst() {
        byte[] withBom = concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, bytes(TRADE));
        // First line of a new parser, then after a good line.
        assertDeadLetter(NodeStream.TRADES, withBom, DeadLetterReason.MALFORMED_JSON, "not valid JSON");
        out.reset();
        single(NodeStream.TRADES, TRADE);
        assertDeadLetter(NodeStream.TRADES, withBom, DeadLetterReason.MALFORMED_JSON, "not valid JSON");
    }

    @Test
    void shouldDeadLetterATruncatedLineAsMalformed() {
        for (int cut : new int[] {1, 10, 200, STREAMING_ORDER_STATUS.length() - 1}) {
            assertDeadLetter(NodeStream.ORDER_STATUSES, STREAMING_ORDER_STATUS.substring(0, cut),
                    DeadLetterReason.MALFORMED_JSON, "line ends inside the value");
        }
        assertDeadLetter(NodeStream.TRADES, "{\"coin\":\"BTC", DeadLetterReason.MALFORMED_JSON, "line ends inside the value");
        assertDeadLetter(NodeStream.TRADES, "{\"coin\":\"BTC\\", DeadLetterReason.MALFORMED_JSON, "line ends inside the value");
    }

    @Test
    void shouldDeadLetterDataAfterTheValueAsMalformed() {
        for (String garbage : new String[] {" x", "{}", " 12", "]", " \"", " true", ",", " {\"a\":1}"}) {
            assertDeadLetter(NodeStream.TRADES, TRADE + garbage, DeadLetterReason.MALFORMED_JSON, "data after the value");
        }
        // Whitespace after the value is fine.
        out.reset();
        single(NodeStream.TRADES, TRADE + " \t\r ");
    }

    @Test
    void shouldDeadLetterBytesThatAreNotUtf8AsInvalidUtf8() {
        byte[][] bad = {
            {(byte) 0xFF},                                  // never in UTF-8
            {(byte) 0xC3},                                  // cut short
            {(byte) 0xC0, (byte) 0xAF},                     // overlong '/'
            {(byte) 0xE0, (byte) 0x80, (byte) 0x80},        // overlong NUL
            {(byte) 0xED, (byte) 0xA0, (byte) 0x80},        // an encoded surrogate
            {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, // above U+10FFFF
            {(byte) 0x80},                                  // a lone continuation byte
        };
        for (byte[] inside : bad) {
            byte[] line = concat(bytes("{\"coin\":\"B"), inside, bytes("TC\",\"time\":\"t\",\"px\":\"1\",\"sz\":\"2\"}"));
            assertDeadLetter(NodeStream.TRADES, line, DeadLetterReason.INVALID_UTF8, "bytes that are not UTF-8");
        }
        // A bad byte outside any string is bad UTF-8 first.
        assertDeadLetter(NodeStream.TRADES, concat(bytes("{\"coin\":"), new byte[] {(byte) 0xFE}, bytes("}")),
                DeadLetterReason.INVALID_UTF8, null);
        // An escaped lone surrogate cannot be written as UTF-8 either.
        assertDeadLetter(NodeStream.TRADES, "{\"coin\":\"\\ud800\",\"time\":\"t\",\"px\":\"1\",\"sz\":\"2\"}",
                DeadLetterReason.INVALID_UTF8, "escaped lone surrogate");
        assertDeadLetter(NodeStream.TRADES, "{\"coin\":\"\\udc00\\ud800\",\"time\":\"t\",\"px\":\"1\",\"sz\":\"2\"}",
                DeadLetterReason.INVALID_UTF8, "escaped lone surrogate");
    }

    @Test
    void shouldDeadLetterAMissingRequiredFieldNamingIt() {
        String noOid = PLAIN_ORDER_STATUS.replace("\"oid\":412036463097,", "");
        assertDeadLetter(NodeStream.ORDER_STATUSES, noOid, DeadLetterReason.MISSING_FIELD, "order.oid");
        assertDeadLetter(NodeStream.ORDER_STATUSES, PLAIN_ORDER_STATUS.replace("\"coin\":\"BTC\",", ""),
                DeadLetterReason.MISSING_FIELD, "order.coin");
        assertDeadLetter(NodeStream.ORDER_STATUSES, PLAIN_ORDER_STATUS.replace("\"user\":", "\"usr\":"),
                DeadLetterReason.MISSING_FIELD, "user");
        assertDeadLetter(NodeStream.ORDER_STATUSES, PLAIN_ORDER_STATUS.replace("\"status\":\"open\"", "\"status\":null"),
                DeadLetterReason.MISSING_FIELD, "status");
        assertDeadLetter(NodeStream.ORDER_STATUSES, "{\"time\":\"t\",\"user\":\"0xaa\",\"status\":\"open\"}",
                DeadLetterReason.MISSING_FIELD, "order");
        assertDeadLetter(NodeStream.ORDER_STATUSES, "{}", DeadLetterReason.MISSING_FIELD, "status");
        assertDeadLetter(NodeStream.FILLS, FILL.replace("\"tid\":340554939716632,", ""), DeadLetterReason.MISSING_FIELD, "tid");
        assertDeadLetter(NodeStream.FILLS, "{\"coin\":\"BTC\",\"px\":\"1\",\"sz\":\"2\",\"tid\":1}",
                DeadLetterReason.MISSING_FIELD, "user");
        assertDeadLetter(NodeStream.TRADES, TRADE.replace("\"time\":", "\"tim\":"), DeadLetterReason.MISSING_FIELD, "time");
        assertDeadLetter(NodeStream.RAW_BOOK_DIFFS, BOOK_DIFFS.replace(",\"raw_book_diff\":\"remove\"", ""),
                DeadLetterReason.MISSING_FIELD, "raw_book_diff");
    }

    @Test
    void shouldDeadLetterAValueOfTheWrongTypeAsUnexpectedShape() {
        assertDeadLetter(NodeStream.ORDER_STATUSES, PLAIN_ORDER_STATUS.replace("\"user\":\"0x31ca8395cf837de08b24da3f660e77761dfb974b\"",
                "\"user\":{\"id\":1}"), DeadLetterReason.UNEXPECTED_SHAPE, "user is an object or array");
        assertDeadLetter(NodeStream.ORDER_STATUSES, "{\"time\":\"t\",\"user\":\"0xaa\",\"status\":\"open\",\"order\":\"BTC\"}",
                DeadLetterReason.UNEXPECTED_SHAPE, "order is not an object");
        assertDeadLetter(NodeStream.ORDER_STATUSES, PLAIN_ORDER_STATUS.replace("\"oid\":412036463097", "\"oid\":[1]"),
                DeadLetterReason.UNEXPECTED_SHAPE, "oid is an object or array");
        assertDeadLetter(NodeStream.ORDER_STATUSES, PLAIN_ORDER_STATUS.replace("\"children\":[]", "\"children\":3"),
                DeadLetterReason.UNEXPECTED_SHAPE, "order.children is not an array");
        assertDeadLetter(NodeStream.ORDER_STATUSES, STREAMING_ORDER_STATUS.replace("\"events\":[{", "\"events\":{\"e\":{").replace("}]}", "}}}"),
                DeadLetterReason.UNEXPECTED_SHAPE, "events is not an array");
        assertDeadLetter(NodeStream.ORDER_STATUSES, "[1,2]", DeadLetterReason.UNEXPECTED_SHAPE, "event is not an object");
        assertDeadLetter(NodeStream.ORDER_STATUSES, "12", DeadLetterReason.UNEXPECTED_SHAPE, "line is not an event object");
        assertDeadLetter(NodeStream.TRADES, "\"x\"", DeadLetterReason.UNEXPECTED_SHAPE, "line is not an event object");
        assertDeadLetter(NodeStream.FILLS, "[\"0xaa\",{\"coin\":\"BTC\",\"px\":\"1\",\"sz\":\"2\",\"tid\":1},3]",
                DeadLetterReason.UNEXPECTED_SHAPE, "fill is not [user, fill]");
        assertDeadLetter(NodeStream.TRADES, TRADE.replace("\"side_info\":[", "\"side_info\":[1,"),
                DeadLetterReason.UNEXPECTED_SHAPE, "side_info is not an array of objects");
        assertDeadLetter(NodeStream.RAW_BOOK_DIFFS, BOOK_DIFFS.replace("\"remove\"", "{}"),
                DeadLetterReason.UNEXPECTED_SHAPE, "raw_book_diff is an empty object");
        assertDeadLetter(NodeStream.FILLS, "[\"0xaa\",{\"coin\":\"BTC\",\"px\":\"1\",\"sz\":\"2\",\"tid\":9223372036854775808}]",
                DeadLetterReason.UNEXPECTED_SHAPE, "integer out of the range of a long");
    }

    @Test
    void shouldDeadLetterATextOverTheFieldLimitAsFieldTooLong() {
        String huge = "x".repeat(70_000);
        assertDeadLetter(NodeStream.TRADES, TRADE.replace("\"Na\"", "\"" + huge + "\""),
                DeadLetterReason.FIELD_TOO_LONG, "text over 65535 bytes");
        // Measured in UTF-8 bytes, not chars: 30,000 three-byte chars are 90,000 bytes.
        assertDeadLetter(NodeStream.TRADES, TRADE.replace("\"Na\"", "\"" + "€".repeat(30_000) + "\""),
                DeadLetterReason.FIELD_TOO_LONG, "text over 65535 bytes");
        // Numbers too: kept as written up to the limit, rejected as too long beyond it.
        assertDeadLetter(NodeStream.FILLS, "[\"0xaa\",{\"coin\":\"BTC\",\"px\":1." + "0".repeat(70_000)
                + ",\"sz\":\"2\",\"tid\":1}]", DeadLetterReason.FIELD_TOO_LONG, "text over 65535 bytes");
        out.reset();
        String digits = "1." + "5".repeat(2_000);
        assertEquals(digits, single(NodeStream.FILLS, "[\"0xaa\",{\"coin\":\"BTC\",\"px\":" + digits
                + ",\"sz\":\"2\",\"tid\":1}]").number(PX));
        // Exactly at the limit still fits.
        out.reset();
        assertEquals(65_535, single(NodeStream.TRADES, TRADE.replace("\"Na\"", "\"" + "y".repeat(65_535) + "\""))
                .string(TRADE_DIR_OVERRIDE).length());
    }

    @Test
    void shouldWriteALineTooLongDeadLetterWithTheFullLengthAndTheHead() {
        byte[] head = bytes("xx{\"local_time\":\"2026-05-05T17:3yy");

        LineParser.writeLineTooLong(out, SOURCE, OFFSET, 5_000_000_000L, head, 2, head.length - 4);

        List<Decoded> records = DecodedRecords.decode(out);
        assertEquals(1, records.size());
        Decoded r = records.get(0);
        assertEquals(RecordType.DEAD_LETTER, r.type);
        assertEquals(SOURCE, r.source);
        assertEquals(OFFSET, r.lineOffset);
        assertEquals("line_too_long", r.string(REASON));
        assertFalse(r.has(DETAIL));
        assertEquals(5_000_000_000L, r.longValue(LINE_LENGTH));
        assertArrayEquals(Arrays.copyOfRange(head, 2, head.length - 2), r.bytes(RAW));
    }

    @Test
    void shouldReplaceEveryRecordOfARejectedBlockWithOneDeadLetterAndKeepEarlierLines() {
        String good = STREAMING_ORDER_STATUS;
        String bad = "{\"local_time\":\"l\",\"block_time\":\"b\",\"block_number\":1,\"events\":["
                + event("open", "BTC", 1) + "," + event("open", "ETH", 2) + ",{\"status\":\"open\"}]}";
        byte[] goodBytes = bytes(good);
        byte[] badBytes = bytes(bad);

        assertNull(parser.parse(NodeStream.ORDER_STATUSES, goodBytes, 0, goodBytes.length, 1, 0, out));
        assertEquals(DeadLetterReason.MISSING_FIELD,
                parser.parse(NodeStream.ORDER_STATUSES, badBytes, 0, badBytes.length, 1, goodBytes.length + 1, out));

        List<Decoded> records = DecodedRecords.decode(out);
        assertEquals(2, records.size());
        assertEquals(RecordType.ORDER_STATUS, records.get(0).type);
        Decoded dead = records.get(1);
        assertEquals(RecordType.DEAD_LETTER, dead.type);
        assertEquals(goodBytes.length + 1, dead.lineOffset);
        assertEquals("user", dead.string(DETAIL));
        assertArrayEquals(badBytes, dead.bytes(RAW));
    }

    @Test
    void shouldParseGoodLinesCorrectlyAfterEveryKindOfBadLine() {
        String[] badLines = {
            "{\"coin\":", TRADE + " 12", TRADE + "{", "{\"coin\":\"BTC", "{\"coin\":1.", "{\"coin\":tru", "12",
            "{\"coin\":\"\\ud800\"}", "{}", TRADE.replace("\"time\":", "\"tim\":"), "\"", "{\"a\":\"b\\",
        };
        Map<Field, DecodedRecords.Value> expected = single(NodeStream.TRADES, TRADE).fields;
        for (String bad : badLines) {
            out.reset();
            byte[] badBytes = bytes(bad);
            assertTrue(parser.parse(NodeStream.TRADES, badBytes, 0, badBytes.length, 0, 0, out) != null, bad);
            out.reset();
            assertEquals(expected, single(NodeStream.TRADES, TRADE).fields, "after " + bad);
        }
    }

    @Test
    void shouldParseALineInTheMiddleOfALargerBuffer() {
        byte[] line = bytes(TRADE);
        byte[] buffer = concat(bytes("{\"junk\":"), line, bytes("\n{\"coin\""));

        DeadLetterReason reason = parser.parse(NodeStream.TRADES, buffer, 8, line.length, SOURCE, OFFSET, out);

        assertNull(reason);
        assertEquals("@151", DecodedRecords.decode(out).get(0).string(COIN));
    }

    // ---------------------------------------------------------------- helpers

    static String event(String status, String coin, long oid) {
        return "{\"time\":\"2026-05-05T17:39:13.505\",\"user\":\"0xaa\",\"hash\":null,\"builder\":null,\"status\":\""
                + status + "\",\"order\":{\"coin\":\"" + coin + "\",\"side\":\"A\",\"limitPx\":\"1.0\",\"sz\":\"2.0\","
                + "\"oid\":" + oid + ",\"children\":[],\"tif\":\"Gtc\",\"cloid\":null}}";
    }

    private static String orderStatus(String builder) {
        return PLAIN_ORDER_STATUS.replace("\"builder\":null", builder);
    }

    private Decoded single(NodeStream stream, String line) {
        List<Decoded> records = parseOk(stream, line);
        assertEquals(1, records.size(), records.toString());
        return records.get(0);
    }

    private List<Decoded> parseOk(NodeStream stream, String line) {
        byte[] bytes = bytes(line);
        DeadLetterReason reason = parser.parse(stream, bytes, 0, bytes.length, SOURCE, OFFSET, out);
        List<Decoded> records = DecodedRecords.decode(out);
        assertNull(reason, () -> "dead letter " + records);
        return records;
    }

    private void assertDeadLetter(NodeStream stream, String line, DeadLetterReason reason, String detail) {
        assertDeadLetter(stream, bytes(line), reason, detail);
    }

    /** The line becomes exactly one dead letter holding the whole line; a null detail is not checked. */
    private void assertDeadLetter(NodeStream stream, byte[] line, DeadLetterReason reason, String detail) {
        out.reset();
        DeadLetterReason returned = parser.parse(stream, line, 0, line.length, SOURCE, OFFSET, out);
        List<Decoded> records = DecodedRecords.decode(out);
        String context = new String(line, UTF_8) + " -> " + records;
        assertEquals(reason, returned, context);
        assertEquals(1, records.size(), context);
        Decoded r = records.get(0);
        assertEquals(RecordType.DEAD_LETTER, r.type);
        assertEquals(SOURCE, r.source);
        assertEquals(OFFSET, r.lineOffset);
        assertEquals(reason.label(), r.string(REASON));
        if (detail != null) {
            assertEquals(detail, r.string(DETAIL), context);
        }
        assertEquals(line.length, r.longValue(LINE_LENGTH));
        assertArrayEquals(line, r.bytes(RAW));
    }

    static byte[] bytes(String text) {
        return text.getBytes(UTF_8);
    }

    static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        byte[] all = new byte[length];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, all, at, part.length);
            at += part.length;
        }
        return all;
    }
}
