package io.snapline.engine.parse;

import static io.snapline.engine.parse.JsonCursor.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.snapline.records.DeadLetterReason;
import io.snapline.records.Field;
import io.snapline.records.RecordLayout;
import io.snapline.records.RecordType;
import io.snapline.records.RecordWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The token semantics the extractors rely on; a fast cursor must behave the same. */
class JacksonCursorTest {

    private final JacksonCursor cursor = new JacksonCursor();

    @Test
    void shouldReturnEveryTokenOfTheValueInOrder() {
        byte[] line = bytes(" {\"a\":[1,-2.5e3,\"x\",true,false,null,{},[]],\"b\":{\"c\":0}} ");
        cursor.begin(line, 0, line.length);

        List<Integer> tokens = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            tokens.add(cursor.next());
        }
        cursor.finish();

        assertEquals(List.of(START_OBJECT, FIELD_NAME, START_ARRAY, NUMBER_INT, NUMBER_FLOAT, STRING, TRUE, FALSE,
                NULL, START_OBJECT, END_OBJECT, START_ARRAY, END_ARRAY, END_ARRAY, FIELD_NAME, START_OBJECT,
                FIELD_NAME, NUMBER_INT, END_OBJECT, END_OBJECT), tokens);
    }

    @Test
    void shouldRejectNextPastTheRootValueAsMalformed() {
        cursor.begin(bytes("{}"), 0, 2);
        cursor.next();
        cursor.next();

        LineRejected rejected = assertThrows(LineRejected.class, cursor::next);
        assertEquals(DeadLetterReason.MALFORMED_JSON, rejected.reason());
    }

    @Test
    void shouldReadARootScalarOnlyOnceTheLineHasEnded() {
        cursor.begin(bytes("123"), 0, 3);

        assertEquals(NUMBER_INT, cursor.next());
        assertEquals(123L, cursor.longValue());
        cursor.finish();
    }

    @Test
    void shouldRejectDataAfterTheValueInFinish() {
        for (String line : new String[] {"{} 1", "{}{}", "{}]", "{} \"", "[] x", "1 2"}) {
            JacksonCursor fresh = new JacksonCursor();
            fresh.begin(bytes(line), 0, line.length());
            int token = fresh.next();
            if (token == START_OBJECT || token == START_ARRAY) {
                fresh.skipChildren();
            }
            LineRejected rejected = assertThrows(LineRejected.class, fresh::finish, line);
            assertSame(JacksonCursor.TRAILING_DATA, rejected, line);
        }
    }

    @Test
    void shouldReadTheSameLineAgainAfterACleanFinish() {
        byte[] line = bytes("{\"a\":1}");
        for (int pass = 0; pass < 3; pass++) {
            cursor.begin(line, 0, line.length);
            assertEquals(START_OBJECT, cursor.next());
            assertEquals(FIELD_NAME, cursor.next());
            assertEquals(NUMBER_INT, cursor.next());
            assertEquals(1L, cursor.longValue());
            assertEquals(END_OBJECT, cursor.next());
            cursor.finish();
        }
    }

    @Test
    void shouldStartCleanAfterALineAbandonedHalfWay() {
        cursor.begin(bytes("{\"a\":[1,2"), 0, 9);
        cursor.next();
        cursor.next();
        byte[] line = bytes("[3]");

        cursor.begin(line, 0, line.length);

        assertEquals(START_ARRAY, cursor.next());
        assertEquals(NUMBER_INT, cursor.next());
        assertEquals(3L, cursor.longValue());
        assertEquals(END_ARRAY, cursor.next());
        cursor.finish();
    }

    @Test
    void shouldSkipChildrenToAndPastTheMatchingEnd() {
        byte[] line = bytes("{\"skip\":{\"a\":[{\"b\":[]}],\"c\":{}},\"keep\":true}");
        cursor.begin(line, 0, line.length);
        cursor.next();
        cursor.next();
        assertEquals(START_OBJECT, cursor.next());

        cursor.skipChildren();

        assertEquals(FIELD_NAME, cursor.next());
        assertEquals(1, cursor.nameIndex(NameTable.of("skip", "keep")));
        assertEquals(TRUE, cursor.next());
        assertEquals(END_OBJECT, cursor.next());
        cursor.finish();
    }

    @Test
    void shouldFindNamesByIndexAndMissUnknownOnes() {
        byte[] line = bytes("{\"b\":1,\"zz\":2}");
        NameTable names = NameTable.of("a", "b");
        cursor.begin(line, 0, line.length);
        cursor.next();
        cursor.next();
        assertEquals(1, cursor.nameIndex(names));
        cursor.next();
        cursor.next();
        assertEquals(-1, cursor.nameIndex(names));
    }

    @Test
    void shouldCompareDecodedTextWithAnAsciiConstant() {
        byte[] line = bytes("[\"remove\",\"rem\\u006fve\",\"removed\",1]");
        cursor.begin(line, 0, line.length);
        cursor.next();
        byte[] remove = bytes("remove");
        cursor.next();
        assertTrue(cursor.textEquals(remove));
        cursor.next();
        assertTrue(cursor.textEquals(remove));
        cursor.next();
        assertFalse(cursor.textEquals(remove));
        cursor.next();
        assertFalse(cursor.textEquals(remove));
    }

    @Test
    void shouldWriteNumbersWithTheirExactTextAndStringsAsUtf8() {
        byte[] line = bytes("[-0.00100,1E+2,\"\\u00e9\\ud83d\\ude00\"]");
        RecordWriter out = new RecordWriter(64);
        out.beginRecord(RecordType.FILL, 0, 0);
        cursor.begin(line, 0, line.length);
        cursor.next();
        cursor.next();
        cursor.writeText(out, Field.PX);
        cursor.next();
        cursor.writeText(out, Field.SZ);
        cursor.next();
        cursor.writeText(out, Field.COIN);
        out.endRecord();

        DecodedRecords.Decoded r = DecodedRecords.decode(out).get(0);
        assertEquals("-0.00100", r.number(Field.PX));
        assertEquals("1E+2", r.number(Field.SZ));
        assertEquals(RecordLayout.KIND_STRING, r.kind(Field.COIN));
        assertArrayEquals(bytes("é😀"), bytes(r.string(Field.COIN)));
    }

    @Test
    void shouldWriteEachFieldNameAsItsOwnTextAfterEarlierNamesAndObjects() {
        // Jackson's getTextCharacters() gave "Funding" padded to the second name's length here.
        byte[] line = bytes("[{\"Funding\":{\"deltas\":[]}},{\"LedgerUpdate\":1},{\"caf\\u00e9\":2}]");
        RecordWriter out = new RecordWriter(64);
        out.beginRecord(RecordType.MISC_EVENT, 0, 0);
        cursor.begin(line, 0, line.length);
        assertEquals(START_ARRAY, cursor.next());
        assertEquals(START_OBJECT, cursor.next());
        assertEquals(FIELD_NAME, cursor.next());
        cursor.writeText(out, Field.KIND);
        assertEquals(START_OBJECT, cursor.next());
        cursor.skipChildren();
        assertEquals(END_OBJECT, cursor.next());
        assertEquals(START_OBJECT, cursor.next());
        assertEquals(FIELD_NAME, cursor.next());
        cursor.writeText(out, Field.COIN);
        assertEquals(NUMBER_INT, cursor.next());
        assertEquals(END_OBJECT, cursor.next());
        assertEquals(START_OBJECT, cursor.next());
        assertEquals(FIELD_NAME, cursor.next());
        cursor.writeText(out, Field.USER);
        out.endRecord();

        DecodedRecords.Decoded r = DecodedRecords.decode(out).get(0);
        assertEquals("Funding", r.string(Field.KIND));
        assertEquals("LedgerUpdate", r.string(Field.COIN));
        assertEquals("café", r.string(Field.USER), "a name's escapes decoded, as a string's");
    }

    @Test
    void shouldRejectIntegersOutsideALongAsUnexpectedShape() {
        for (String number : new String[] {"9223372036854775808", "-9223372036854775809", "99999999999999999999999"}) {
            JacksonCursor fresh = new JacksonCursor();
            byte[] line = bytes("[" + number + "]");
            fresh.begin(line, 0, line.length);
            fresh.next();
            assertEquals(NUMBER_INT, fresh.next());
            LineRejected rejected = assertThrows(LineRejected.class, fresh::longValue, number);
            assertEquals(DeadLetterReason.UNEXPECTED_SHAPE, rejected.reason());
        }
    }

    @Test
    void shouldRejectALineThatIsNotUtf8BeforeItsFirstToken() {
        byte[] line = {'[', '"', (byte) 0xC0, (byte) 0x80, '"', ']'};

        LineRejected rejected = assertThrows(LineRejected.class, () -> cursor.begin(line, 0, line.length));

        assertEquals(DeadLetterReason.INVALID_UTF8, rejected.reason());
    }

    private static byte[] bytes(String text) {
        return LineParserTest.bytes(text);
    }
}
