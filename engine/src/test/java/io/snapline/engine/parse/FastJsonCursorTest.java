package io.snapline.engine.parse;

import static io.snapline.engine.parse.JsonCursor.END_ARRAY;
import static io.snapline.engine.parse.JsonCursor.END_OBJECT;
import static io.snapline.engine.parse.JsonCursor.FIELD_NAME;
import static io.snapline.engine.parse.JsonCursor.NUMBER_FLOAT;
import static io.snapline.engine.parse.JsonCursor.NUMBER_INT;
import static io.snapline.engine.parse.JsonCursor.START_ARRAY;
import static io.snapline.engine.parse.JsonCursor.START_OBJECT;
import static io.snapline.engine.parse.JsonCursor.STRING;
import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.snapline.engine.parse.FastJsonCursorOracle.Outcome;
import io.snapline.engine.parse.FastJsonCursorOracle.Trace;
import io.snapline.engine.parse.FastJsonCursorOracle.Verdict;
import io.snapline.records.Field;
import io.snapline.records.RecordLayout;
import io.snapline.records.RecordType;
import io.snapline.records.RecordWriter;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FastJsonCursorTest {

    /** The example lines of docs/formats.md, byte for byte. */
    static final List<String> FORMAT_EXAMPLES = List.of(
            "{\"local_time\":\"2026-05-05T17:39:16.271766237\",\"block_time\":\"2026-05-05T17:39:13.505427172\",\"block_number\":985148189,\"events\":[{\"time\":\"2026-05-05T17:39:13.505427172\",\"user\":\"0x31ca8395cf837de08b24da3f660e77761dfb974b\",\"hash\":\"0xc208d043ad72d77cc382043ab82b1d01010109294875f64e65d17b966c76b167\",\"builder\":null,\"status\":\"open\",\"order\":{\"coin\":\"BTC\",\"side\":\"B\",\"limitPx\":\"81295.0\",\"sz\":\"0.00965\",\"oid\":412036463097,\"timestamp\":1778002753505,\"triggerCondition\":\"N/A\",\"isTrigger\":false,\"triggerPx\":\"0.0\",\"children\":[],\"isPositionTpsl\":false,\"reduceOnly\":false,\"orderType\":\"Limit\",\"origSz\":\"0.00965\",\"tif\":\"Alo\",\"cloid\":null}}]}",
            "{\"time\":\"2026-05-05T17:39:13.505427172\",\"user\":\"0x31ca8395cf837de08b24da3f660e77761dfb974b\",\"hash\":null,\"builder\":{\"b\":\"0x31ca8395cf837de08b24da3f660e77761dfb974b\",\"f\":10},\"status\":\"badAloPxRejected\",\"order\":{\"coin\":\"@151\",\"side\":\"A\",\"limitPx\":\"2393.9\",\"sz\":\"0.1539\",\"oid\":412036463098,\"timestamp\":1778002753505,\"triggerCondition\":\"Price below 60000\",\"isTrigger\":true,\"triggerPx\":\"60000.0\",\"children\":[],\"isPositionTpsl\":false,\"reduceOnly\":true,\"orderType\":\"Stop Market\",\"origSz\":\"0.1539\",\"tif\":null,\"cloid\":null}}",
            "{\"local_time\":\"2026-06-28T08:43:53.687645997\",\"block_time\":\"2026-06-28T08:43:53.257028820\",\"block_number\":1052527672,\"events\":[[\"0xa775d1bd91ee2cc4cae6113e5fd9c0c17b355277\",{\"coin\":\"SOL\",\"px\":\"72.153\",\"sz\":\"0.58\",\"side\":\"A\",\"time\":1782636233257,\"startPosition\":\"-162.6\",\"dir\":\"Open Short\",\"closedPnl\":\"0.0\",\"hash\":\"0xdc25d330b40799afdd9f043ebc4c38000060eb164f0ab8817fee7e83730b739a\",\"oid\":481702553903,\"crossed\":false,\"fee\":\"-0.001255\",\"tid\":340554939716632,\"cloid\":\"0x00000000000000000000019f08a8bdd8\",\"liquidation\":{\"liquidatedUser\":\"0x5ef843ccf26810073ee689a954f6d05f5b48fccb\",\"markPx\":\"72.149\",\"method\":\"market\"},\"feeToken\":\"USDC\",\"twapId\":null}]]}",
            "{\"local_time\":\"2026-04-30T20:46:46.266630865\",\"block_time\":\"2026-04-30T20:46:43.304461819\",\"block_number\":978995377,\"events\":[{\"user\":\"0xca1d1650d13b8fa936dca4efdf1f487766f2abd1\",\"oid\":405401002917,\"coin\":\"BTC\",\"side\":\"B\",\"px\":\"76450.0\",\"raw_book_diff\":{\"new\":{\"sz\":\"0.5\"}}},{\"user\":\"0xee162a5a60829bd346f0c1ac3514b21fe5f4b290\",\"oid\":405400999260,\"coin\":\"BTC\",\"side\":\"B\",\"px\":\"68823.0\",\"raw_book_diff\":\"remove\"}]}",
            "{\"coin\":\"@151\",\"side\":\"A\",\"time\":\"2025-06-24T02:56:36.172847427\",\"px\":\"2393.9\",\"sz\":\"0.1539\",\"hash\":\"0x2b21750229be769650b604261eaac1018c00c45812652efbbdd35fe0ecb201a1\",\"trade_dir_override\":\"Na\",\"side_info\":[{\"user\":\"0xecb63caa47c7c4e77f60f1ce858cf28dc2b82b00\",\"start_pos\":\"1166.565307356\",\"oid\":105686971733,\"twap_id\":null,\"cloid\":\"0x1070fff92506b3ab5e5aec135e5a5ddd\"},{\"user\":\"0xb65117c1e1006e7b2413fa90e96fcbe3fa83ed75\",\"start_pos\":\"0.153928559\",\"oid\":105686976226,\"twap_id\":null,\"cloid\":null}]}",
            "{\"local_time\":\"2026-05-05T17:39:16.271766237\",\"block_time\":\"2026-05-05T17:39:13.505427172\",\"block_number\":985148190,\"events\":[]}");

    private final FastJsonCursor cursor = new FastJsonCursor();
    private final FastJsonCursorOracle oracle = new FastJsonCursorOracle();

    @Test
    void shouldReadEveryDesignExampleToItsEndWithJacksonsTokens() {
        for (String example : FORMAT_EXAMPLES) {
            Verdict verdict = oracle.check(ascii(example));
            verdict.assertOk();
            assertEquals(Outcome.COMPLETE, verdict.fastTrace.outcome, verdict::describe);
        }
    }

    @Test
    void shouldAgreeWithJacksonOnEveryTruncationOfTheExamples() {
        for (String example : FORMAT_EXAMPLES) {
            byte[] line = ascii(example);
            for (int length = 0; length < line.length; length++) {
                Verdict verdict = oracle.check(Arrays.copyOf(line, length));
                verdict.assertOk();
                assertEquals(Outcome.DEFERRED, verdict.fastTrace.outcome, verdict::describe);
            }
        }
    }

    @Test
    void shouldAgreeWithJacksonOnEveryPositionOfAReplacedOrInsertedByte() {
        byte[] line = ascii(FORMAT_EXAMPLES.get(1));
        byte[] replacements = {'"', ',', ':', '}', ']', '0', '-', '\\', ' ', '\t', 0x00, 0x1F, (byte) 0x80, (byte) 0xFF};
        for (int at = 0; at < line.length; at++) {
            for (byte b : replacements) {
                byte[] replaced = line.clone();
                replaced[at] = b;
                oracle.check(replaced).assertOk();
                oracle.check(FastJsonCursorLines.splice(line, at, at, new byte[] {b})).assertOk();
            }
            oracle.check(FastJsonCursorLines.splice(line, at, at + 1, new byte[0])).assertOk();
        }
    }

    @Test
    void shouldGiveEveryTokenWithItsText() {
        assertEquals("[START_OBJECT, FIELD_NAME(a), START_ARRAY, NUMBER_INT(1)=1, NUMBER_INT(-2)=-2, NUMBER_FLOAT(3.5), "
                + "NUMBER_FLOAT(1e5), NUMBER_FLOAT(0.25E-3), STRING(x y), STRING(), TRUE, FALSE, NULL, START_OBJECT, END_OBJECT, "
                + "START_ARRAY, END_ARRAY, END_ARRAY, FIELD_NAME(), START_OBJECT, FIELD_NAME(c), NULL, END_OBJECT, END_OBJECT]",
                tokens("{\"a\":[1,-2,3.5,1e5,0.25E-3,\"x y\",\"\",true,false,null,{},[]],\"\":{\"c\":null}}"));
    }

    @Test
    void shouldReadJsonWhitespaceBetweenTokens() {
        String spaced = " \t{ \"a\" :\r\n[ 1 , \"b\" ] ,\n\"c\":{ } }\r\n ";
        Verdict verdict = oracle.check(ascii(spaced));
        verdict.assertOk();
        assertEquals(Outcome.COMPLETE, verdict.fastTrace.outcome);
        assertEquals("[START_OBJECT, FIELD_NAME(a), START_ARRAY, NUMBER_INT(1)=1, STRING(b), END_ARRAY, FIELD_NAME(c), "
                + "START_OBJECT, END_OBJECT, END_OBJECT]", verdict.fastTrace.steps.toString());
    }

    @Test
    void shouldReadLinesLongerThanOneTape() {
        int tape = FastJsonCursor.TAPE_CAPACITY;
        for (int elements = tape - 6; elements <= tape + 4; elements++) {
            for (int copies = 1; copies <= 3; copies++) {
                String array = "[" + "7,".repeat(elements * copies) + "7]";
                Verdict verdict = oracle.check(ascii(array));
                verdict.assertOk();
                assertEquals(Outcome.COMPLETE, verdict.fastTrace.outcome);
                assertEquals(elements * copies + 3, verdict.fastTrace.steps.size());
            }
            StringBuilder object = new StringBuilder("{");
            for (int i = 0; i < elements; i++) {
                object.append("\"n").append(i).append("\":").append(i % 3 == 0 ? "{}" : i % 3 == 1 ? "\"v\"" : "[1]").append(',');
            }
            Verdict verdict = oracle.check(ascii(object.append("\"last\":null}").toString()));
            verdict.assertOk();
            assertEquals(Outcome.COMPLETE, verdict.fastTrace.outcome);
        }
    }

    @Test
    void shouldDeferExactlyWhereALongLineGoesWrong() {
        int tape = FastJsonCursor.TAPE_CAPACITY;
        for (int bad = tape - 4; bad <= tape + 3; bad++) {
            // Element number bad is a leading-zero number: every token before it is returned.
            String array = "[" + "5,".repeat(bad) + "01," + "5,".repeat(10) + "5]";
            Verdict verdict = oracle.check(ascii(array));
            verdict.assertOk();
            assertEquals(Outcome.DEFERRED, verdict.fastTrace.outcome);
            assertEquals(bad + 1, verdict.fastTrace.steps.size(), "bad element " + bad);
        }
    }

    @Test
    void shouldParseLongsToTheLimitsAndDeferBeyond() {
        assertEquals(Long.MAX_VALUE, longOf("9223372036854775807"));
        assertEquals(Long.MIN_VALUE, longOf("-9223372036854775808"));
        assertEquals(0L, longOf("0"));
        assertEquals(412036463097L, longOf("412036463097"));
        assertEquals(-999_999_999_999_999_999L, longOf("-999999999999999999"));
        for (String outside : List.of("9223372036854775808", "-9223372036854775809", "10000000000000000000",
                "99999999999999999999", "123456789012345678901234567890")) {
            cursor.begin(ascii("[" + outside + "]"), 0, outside.length() + 2);
            cursor.next();
            assertEquals(NUMBER_INT, cursor.next(), outside);
            assertThrows(DeferToReference.class, cursor::longValue, outside);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"-0", "-0.5", "-0e1", "01", "-01", "00", "00.5", "1.", "1.e5", "1e", "1e+", "-", "+1", ".5",
        "NaN", "-Infinity", "0x10", "1ee5", "1.5.5", "1e5e", "tru", "truex", "nul", "nulll", "falsey", "True"})
    void shouldDeferNumbersAndLiteralsItDoesNotTake(String value) {
        for (String line : List.of("[" + value + "]", "{\"a\":" + value + "}", "[1," + value + ",2]")) {
            Verdict verdict = oracle.check(ascii(line));
            verdict.assertOk();
            assertEquals(Outcome.DEFERRED, verdict.fastTrace.outcome, verdict::describe);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "0.0", "0e0", "0E+1", "7", "-7", "10", "1.25", "1e-7", "-1.5E+300", "123456789.000"})
    void shouldTakeEveryPlainNumberForm(String value) {
        Verdict verdict = oracle.check(ascii("{\"a\":" + value + ",\"b\":[" + value + "]}"));
        verdict.assertOk();
        assertEquals(Outcome.COMPLETE, verdict.fastTrace.outcome, verdict::describe);
    }

    @Test
    void shouldDeferEscapesControlCharactersAndHighBytes() {
        for (String line : List.of("{\"a\":\"x\\\"y\"}", "{\"a\\u0062\":1}", "{\"a\":\"tab\there\"}", "{\"a\":\"\u0001\"}",
                "{\"a\":\"caf\u00e9\"}", "{\"a\":1}\u00ff", "{\"caf\u00e9\":1}", "{\"a\":1,\"b\":\"\u0080\"}")) {
            byte[] bytes = line.getBytes(ISO_8859_1);
            Verdict verdict = oracle.check(bytes);
            verdict.assertOk();
            assertEquals(Outcome.DEFERRED, verdict.fastTrace.outcome, verdict::describe);
        }
    }

    @Test
    void shouldReturnNoTokenForALineWithAHighByteAnywhere() {
        // The reference rejects bad UTF-8 before its first token: the fast cursor must not get further.
        byte[] line = "{\"a\":1,\"b\":\"\u00e9\"}".getBytes(ISO_8859_1);
        cursor.begin(line, 0, line.length);
        assertThrows(DeferToReference.class, cursor::next);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\u0000\u0000\u0000}", "[\u0000]", "{\u0000\u0000\u0000\"a\":1}", "[\u0000\u0000\u0000[1]]",
        "[[\u0000\u0000]]"})
    void shouldReturnNoTokenWhenTheFirstBytesLookLikeUtf16Or32(String line) {
        Verdict verdict = oracle.check(ascii(line));
        verdict.assertOk();
        assertEquals(Outcome.DEFERRED, verdict.fastTrace.outcome, verdict::describe);
        assertTrue(verdict.fastTrace.steps.isEmpty(), verdict::describe);
    }

    @Test
    void shouldAcceptOnlyWhitespaceAfterTheRoot() {
        for (String tail : List.of("", " ", "\t", "\r\n", " \n\r\t ")) {
            Verdict verdict = oracle.check(ascii("{\"a\":1}" + tail));
            verdict.assertOk();
            assertEquals(Outcome.COMPLETE, verdict.fastTrace.outcome, verdict::describe);
        }
        for (String tail : List.of("x", " {}", "{}", "[]", ",", "}", "\u0000", " \u000b", "\f", "1", "\"", "//")) {
            Verdict verdict = oracle.check(ascii("{\"a\":1}" + tail));
            verdict.assertOk();
            assertEquals(Outcome.DEFERRED, verdict.fastTrace.outcome, verdict::describe);
        }
    }

    @Test
    void shouldDeferNextPastTheRoot() {
        byte[] line = ascii("{} {}");
        cursor.begin(line, 0, line.length);
        assertEquals(START_OBJECT, cursor.next());
        assertEquals(END_OBJECT, cursor.next());
        assertThrows(DeferToReference.class, cursor::next);
    }

    @Test
    void shouldDeferFinishBeforeTheRootIsComplete() {
        byte[] line = ascii("{\"a\":1}");
        cursor.begin(line, 0, line.length);
        assertEquals(START_OBJECT, cursor.next());
        assertThrows(DeferToReference.class, cursor::finish);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "\r\n", "1", "\"a\"", "true", "null", "-1.5"})
    void shouldDeferEmptyLinesAndScalarRoots(String line) {
        Verdict verdict = oracle.check(ascii(line));
        verdict.assertOk();
        assertEquals(Outcome.DEFERRED, verdict.fastTrace.outcome, verdict::describe);
        assertTrue(verdict.fastTrace.steps.isEmpty());
    }

    @Test
    void shouldNestToItsMaximumDepthAndDeferBeyond() {
        int max = FastJsonCursor.MAX_DEPTH;
        Verdict deepest = oracle.check(ascii("[".repeat(max) + "]".repeat(max)));
        deepest.assertOk();
        assertEquals(Outcome.COMPLETE, deepest.fastTrace.outcome);
        String objects = "{\"k\":".repeat(max - 1) + "{}" + "}".repeat(max - 1);
        assertEquals(Outcome.COMPLETE, oracle.check(ascii(objects)).fastTrace.outcome);

        Verdict tooDeep = oracle.check(ascii("[".repeat(max + 1) + "]".repeat(max + 1)));
        tooDeep.assertOk();
        assertEquals(Outcome.DEFERRED, tooDeep.fastTrace.outcome);
        assertEquals(max, tooDeep.fastTrace.steps.size());
        assertEquals(Outcome.DEFERRED, oracle.check(ascii("{\"k\":" + objects + "}")).fastTrace.outcome);
    }

    @Test
    void shouldSkipChildrenToTheMatchingEnd() {
        byte[] line = ascii("{\"a\":{\"b\":[1,{\"c\":[]},\"}\"],\"d\":{}},\"e\":[[],[3]],\"f\":4}");
        cursor.begin(line, 0, line.length);
        assertEquals(START_OBJECT, cursor.next());
        assertEquals(FIELD_NAME, cursor.next());
        assertEquals(START_OBJECT, cursor.next());
        cursor.skipChildren();
        assertEquals(FIELD_NAME, cursor.next());
        assertTrue(nameIs("e"));
        assertEquals(START_ARRAY, cursor.next());
        cursor.skipChildren();
        assertEquals(FIELD_NAME, cursor.next());
        cursor.skipChildren(); // not at a container: nothing to skip
        assertTrue(nameIs("f"));
        assertEquals(NUMBER_INT, cursor.next());
        assertEquals(4, cursor.longValue());
        assertEquals(END_OBJECT, cursor.next());
        cursor.finish();
    }

    @Test
    void shouldLeaveTheEndTokenCurrentAfterSkipping() {
        byte[] line = ascii("[[1,2],{}]");
        cursor.begin(line, 0, line.length);
        assertEquals(START_ARRAY, cursor.next());
        assertEquals(START_ARRAY, cursor.next());
        cursor.skipChildren();
        assertEquals(START_OBJECT, cursor.next());
        cursor.skipChildren();
        assertEquals(END_ARRAY, cursor.next());
        cursor.finish();
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"a\":{\"b\":01},\"e\":4}", "{\"a\":{\"b\":[1,]},\"e\":4}", "{\"a\":{\"b\" 1},\"e\":4}",
        "{\"a\":{\"b\":\"\\n\"},\"e\":4}", "{\"a\":{\"b\":1", "{\"a\":{\"b\":[}],\"e\":4}"})
    void shouldValidateWhatItSkips(String text) {
        byte[] line = ascii(text);
        cursor.begin(line, 0, line.length);
        assertEquals(START_OBJECT, cursor.next());
        assertEquals(FIELD_NAME, cursor.next());
        assertEquals(START_OBJECT, cursor.next());
        assertThrows(DeferToReference.class, cursor::skipChildren);
    }

    @Test
    void shouldWriteStringsAndNumbersAsRecordText() {
        RecordWriter out = new RecordWriter(256);
        out.beginRecord(RecordType.ORDER_STATUS, 0, 0);
        byte[] line = ascii("{\"px\":\"81295.0\",\"n\":-12.50e3,\"oid\":412036463097,\"t\":true}");
        cursor.begin(line, 0, line.length);
        cursor.next();
        cursor.next();
        assertEquals(STRING, cursor.next());
        cursor.writeText(out, Field.LIMIT_PX);
        cursor.next();
        assertEquals(NUMBER_FLOAT, cursor.next());
        cursor.writeText(out, Field.SZ);
        cursor.next();
        assertEquals(NUMBER_INT, cursor.next());
        cursor.writeText(out, Field.OID);
        cursor.next();
        assertEquals(JsonCursor.TRUE, cursor.next());
        assertThrows(DeferToReference.class, () -> cursor.writeText(out, Field.IS_TRIGGER));
        out.endRecord();

        byte[] expected = concat(field(Field.LIMIT_PX, RecordLayout.KIND_STRING, "81295.0"),
                field(Field.SZ, RecordLayout.KIND_NUMBER, "-12.50e3"),
                field(Field.OID, RecordLayout.KIND_NUMBER, "412036463097"));
        assertArrayEquals(expected, Arrays.copyOfRange(out.buffer(), RecordLayout.RECORD_HEADER_LENGTH, out.length()));
    }

    @Test
    void shouldTakeTextUpToTheRecordLimitAndDeferLonger() {
        String longest = "x".repeat(RecordLayout.MAX_TEXT_LENGTH);
        RecordWriter out = new RecordWriter(1 << 17);
        out.beginRecord(RecordType.ORDER_STATUS, 0, 0);
        byte[] line = ascii("[\"" + longest + "\"]");
        cursor.begin(line, 0, line.length);
        cursor.next();
        assertEquals(STRING, cursor.next());
        cursor.writeText(out, Field.TRIGGER_CONDITION);
        assertEquals(RecordLayout.RECORD_HEADER_LENGTH + 4 + longest.length(), out.length());

        Verdict tooLong = oracle.check(ascii("[\"" + longest + "x\"]"));
        tooLong.assertOk();
        assertEquals(Outcome.DEFERRED, tooLong.fastTrace.outcome);
        assertEquals(1, tooLong.fastTrace.steps.size());
    }

    @Test
    void shouldDeferLongNamesAndNumbers() {
        String name = "n".repeat(FastJsonCursor.MAX_NAME_LENGTH);
        assertEquals(Outcome.COMPLETE, oracle.check(ascii("{\"" + name + "\":1}")).fastTrace.outcome);
        assertEquals(Outcome.DEFERRED, oracle.check(ascii("{\"" + name + "n\":1}")).fastTrace.outcome);
        String number = "1".repeat(FastJsonCursor.MAX_NUMBER_LENGTH);
        assertEquals(Outcome.COMPLETE, oracle.check(ascii("[" + number + "]")).fastTrace.outcome);
        assertEquals(Outcome.DEFERRED, oracle.check(ascii("[" + number + "1]")).fastTrace.outcome);
    }

    @Test
    void shouldCompareTextAndLookUpNames() {
        NameTable names = NameTable.of("coin", "status", "");
        byte[] line = ascii("{\"status\":\"open\",\"coin\":\"BTC\",\"other\":null,\"\":\"\"}");
        cursor.begin(line, 0, line.length);
        cursor.next();
        assertEquals(FIELD_NAME, cursor.next());
        assertEquals(1, cursor.nameIndex(names));
        assertFalse(cursor.textEquals(ascii("status")), "textEquals is for strings");
        assertEquals(STRING, cursor.next());
        assertTrue(cursor.textEquals(ascii("open")));
        assertFalse(cursor.textEquals(ascii("ope")));
        assertFalse(cursor.textEquals(ascii("opened")));
        assertFalse(cursor.textEquals(ascii("OPEN")));
        assertThrows(DeferToReference.class, () -> cursor.nameIndex(names));
        cursor.next();
        assertEquals(0, cursor.nameIndex(names));
        cursor.next();
        assertEquals(FIELD_NAME, cursor.next());
        assertEquals(-1, cursor.nameIndex(names));
        assertEquals(JsonCursor.NULL, cursor.next());
        assertFalse(cursor.textEquals(ascii("null")));
        assertEquals(FIELD_NAME, cursor.next());
        assertEquals(2, cursor.nameIndex(names));
        assertEquals(STRING, cursor.next());
        assertTrue(cursor.textEquals(new byte[0]));
        assertEquals(END_OBJECT, cursor.next());
        cursor.finish();
    }

    @Test
    void shouldLookUpNamesInManyTablesAndPrebuiltOnes() {
        byte[] line = ascii("{\"b\":1}");
        for (int i = 0; i < FastJsonCursor.MAX_TABLES + 5; i++) {
            // More tables than the cursor keeps lookups for: the later ones use the table's own.
            NameTable table = NameTable.of("a" + i, "b", "c");
            cursor.begin(line, 0, line.length);
            cursor.next();
            cursor.next();
            assertEquals(1, cursor.nameIndex(table), "table " + i);
            assertEquals(-1, cursor.nameIndex(NameTable.of("a", "c")), "table " + i);
        }
        NameTable prebuilt = NameTable.of("x", "b");
        FastJsonCursor withTables = new FastJsonCursor(prebuilt, FastJsonCursorOracle.NAMES);
        withTables.begin(line, 0, line.length);
        withTables.next();
        withTables.next();
        assertEquals(1, withTables.nameIndex(prebuilt));
        assertEquals(-1, withTables.nameIndex(FastJsonCursorOracle.NAMES));
    }

    @Test
    void shouldReadOnlyItsSliceOfALargerBuffer() {
        byte[] inner = ascii("{\"a\":\"bc\"}");
        // The bytes around the line are valid JSON continuations: none of them may be read.
        byte[] buffer = concat(ascii("[\"zz\","), inner, ascii("\"]   \"\"\"\"\"\"\"\""));
        cursor.begin(buffer, 6, inner.length);
        assertEquals("[START_OBJECT, FIELD_NAME(a), STRING(bc), END_OBJECT]", walk(buffer, 6, inner.length));

        // Cut inside the string: the quote that closes it in the buffer is past the line's end.
        for (int length = 1; length < inner.length; length++) {
            cursor.begin(buffer, 6, length);
            assertThrows(DeferToReference.class, () -> {
                for (int i = 0; i < 8; i++) {
                    cursor.next();
                }
                cursor.finish();
            }, "length " + length);
        }
        assertThrows(IndexOutOfBoundsException.class, () -> cursor.begin(buffer, 6, buffer.length));
    }

    @Test
    void shouldStartCleanOnEveryLineWhateverTheLastOneLeft() {
        byte[] good = ascii(FORMAT_EXAMPLES.get(0));
        byte[] bad = ascii("[[[{\"a\":[1,");
        String expected = oracle.fast(good).steps.toString();
        for (int i = 0; i < 3; i++) {
            cursor.begin(bad, 0, bad.length);
            assertThrows(DeferToReference.class, () -> {
                while (true) {
                    cursor.next();
                }
            });
            assertEquals(expected, walk(good, 0, good.length));
        }
    }

    @Test
    void shouldDeferWithTheSharedInstance() {
        byte[] line = ascii("[01]");
        cursor.begin(line, 0, line.length);
        cursor.next();
        DeferToReference deferred = assertThrows(DeferToReference.class, cursor::next);
        assertSame(DeferToReference.INSTANCE, deferred);
    }

    @Test
    void shouldAllocateNothingPerLine() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        byte[][] lines = new byte[64][];
        Random random = new Random(7);
        for (int i = 0; i < lines.length; i++) {
            lines[i] = FastJsonCursorLines.realistic(random).bytes();
        }
        RecordWriter out = new RecordWriter(1 << 16);
        NameTable names = FastJsonCursorOracle.NAMES;
        long sink = 0;
        for (int round = 0; round < 50; round++) {
            sink += readAll(lines, out, names);
        }
        long thread = Thread.currentThread().getId();
        long before = threads.getThreadAllocatedBytes(thread);
        int rounds = 300;
        for (int round = 0; round < rounds; round++) {
            sink += readAll(lines, out, names);
        }
        long allocated = threads.getThreadAllocatedBytes(thread) - before;
        // A few hundred bytes of slack for the measurement itself; per line that is under a byte.
        assertTrue(allocated < lines.length * rounds, () -> allocated + " bytes for " + lines.length * rounds + " lines");
        assertTrue(sink != 0);
    }

    /** Reads every line as an extractor would: names looked up, texts written, longs taken, finish(). */
    private long readAll(byte[][] lines, RecordWriter out, NameTable names) {
        long sum = 0;
        for (byte[] line : lines) {
            out.reset();
            out.beginRecord(RecordType.ORDER_STATUS, 0, 0);
            try {
                cursor.begin(line, 0, line.length);
                int depth = 0;
                do {
                    int token = cursor.next();
                    switch (token) {
                        case START_OBJECT, START_ARRAY -> depth++;
                        case END_OBJECT, END_ARRAY -> depth--;
                        case FIELD_NAME -> sum += cursor.nameIndex(names);
                        case STRING, NUMBER_FLOAT -> cursor.writeText(out, Field.COIN);
                        case NUMBER_INT -> sum += cursor.longValue();
                        default -> sum++;
                    }
                } while (depth > 0);
                cursor.finish();
            } catch (DeferToReference deferred) {
                sum--;
            }
        }
        return sum + out.length();
    }

    private boolean nameIs(String name) {
        return cursor.nameIndex(NameTable.of(name)) == 0;
    }

    private long longOf(String number) {
        byte[] line = ascii("[" + number + "]");
        cursor.begin(line, 0, line.length);
        cursor.next();
        assertEquals(NUMBER_INT, cursor.next());
        return cursor.longValue();
    }

    private String tokens(String line) {
        Trace trace = oracle.fast(ascii(line));
        assertEquals(Outcome.COMPLETE, trace.outcome);
        oracle.check(ascii(line)).assertOk();
        return trace.steps.toString();
    }

    /** Token kinds and texts of a slice, read with this test's own cursor. */
    private String walk(byte[] buffer, int offset, int length) {
        cursor.begin(buffer, offset, length);
        StringBuilder s = new StringBuilder("[");
        int depth = 0;
        do {
            int token = cursor.next();
            if (s.length() > 1) {
                s.append(", ");
            }
            s.append(List.of("", "START_OBJECT", "END_OBJECT", "START_ARRAY", "END_ARRAY", "FIELD_NAME", "STRING",
                    "NUMBER_INT", "NUMBER_FLOAT", "TRUE", "FALSE", "NULL").get(token));
            if (token == FIELD_NAME || token == STRING || token == NUMBER_INT || token == NUMBER_FLOAT) {
                s.append('(').append(new String(buffer, cursor.textStart(), cursor.textLength(), US_ASCII)).append(')');
            }
            if (token == NUMBER_INT) {
                s.append('=').append(cursor.longValue());
            }
            depth += token == START_OBJECT || token == START_ARRAY ? 1 : token == END_OBJECT || token == END_ARRAY ? -1 : 0;
        } while (depth > 0);
        cursor.finish();
        return s.append(']').toString();
    }

    private static byte[] field(Field field, byte kind, String text) {
        byte[] out = new byte[4 + text.length()];
        out[0] = field.id();
        out[1] = kind;
        out[2] = (byte) text.length();
        out[3] = (byte) (text.length() >>> 8);
        System.arraycopy(ascii(text), 0, out, 4, text.length());
        return out;
    }

    private static byte[] concat(byte[]... parts) {
        return FastJsonCursorLines.concat(parts);
    }

    private static byte[] ascii(String text) {
        return text.getBytes(US_ASCII);
    }
}
