package io.snapline.records;

import io.snapline.records.testing.TestBatches;

import static io.snapline.records.RecordLayout.*;
import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class RecordViewTest {

    private static final String NON_ASCII = "é ß € 中文 \uD83D\uDE80"; // 2-, 3- and 4-byte UTF-8

    /** One record of every kind: what was written is what is read. */
    @Test
    void shouldRoundTripEveryKind() {
        byte[] raw = {0, 1, (byte) 0xFF, (byte) 0x80, '\n'};
        RecordWriter w = new RecordWriter(16);
        w.beginRecord(RecordType.FILL, 0, 1L << 40);
        w.putNull(Field.CLOID);
        w.putBoolean(Field.CROSSED, false);
        w.putBoolean(Field.IS_TRIGGER, true);
        w.putLong(Field.TID, Long.MIN_VALUE);
        w.putLong(Field.OID, Long.MAX_VALUE);
        TestBatches.string(w, Field.COIN, NON_ASCII);
        TestBatches.number(w, Field.PX, "-1.25e-7");
        TestBatches.string(w, Field.USER, "");
        w.putBytes(Field.RAW, raw, 0, raw.length);
        w.endRecord();
        RecordView r = only(w);

        assertEquals(RecordType.FILL, r.type());
        assertEquals(RecordType.FILL.code(), r.typeCode());
        assertEquals(1L << 40, r.lineOffset());
        assertEquals(0, r.sourceIndex());
        assertEquals("/s", r.source());
        assertEquals(9, r.fieldCount());
        assertFalse(r.hasUnknownKinds());

        assertTrue(r.has(Field.CLOID));
        assertTrue(r.isNull(Field.CLOID));
        assertNull(r.text(Field.CLOID));
        assertNull(r.bytes(Field.CLOID));
        assertEquals(KIND_NULL, r.kind(Field.CLOID));

        assertFalse(r.booleanValue(Field.CROSSED));
        assertTrue(r.booleanValue(Field.IS_TRIGGER));
        assertEquals(KIND_TRUE, r.kind(Field.IS_TRIGGER));
        assertEquals(Long.MIN_VALUE, r.longValue(Field.TID));
        assertEquals(Long.MAX_VALUE, r.longValue(Field.OID));

        assertEquals(NON_ASCII, r.text(Field.COIN));
        assertEquals(KIND_STRING, r.kind(Field.COIN));
        StringBuilder sb = new StringBuilder("x");
        assertTrue(r.textTo(Field.COIN, sb));
        assertEquals("x" + NON_ASCII, sb.toString());
        byte[] utf8 = NON_ASCII.getBytes(StandardCharsets.UTF_8);
        byte[] dst = new byte[utf8.length + 2];
        assertEquals(utf8.length, r.textTo(Field.COIN, dst, 2));
        assertEquals(utf8.length, r.textLength(Field.COIN));
        assertEquals(NON_ASCII, new String(dst, 2, utf8.length, StandardCharsets.UTF_8));

        assertEquals("-1.25e-7", r.text(Field.PX));
        assertEquals(KIND_NUMBER, r.kind(Field.PX));
        assertEquals("", r.text(Field.USER));
        assertArrayEquals(raw, r.bytes(Field.RAW));
        assertEquals(KIND_BYTES, r.kind(Field.RAW));
    }

    @Test
    void shouldTellAbsentFromNull() {
        RecordWriter w = new RecordWriter(16);
        w.beginRecord(RecordType.TRADE, 0, 0);
        w.putNull(Field.SIDE0_TWAP_ID);
        w.endRecord();
        RecordView r = only(w);

        assertFalse(r.has(Field.HASH));
        assertFalse(r.isNull(Field.HASH));
        assertEquals(-1, r.kind(Field.HASH));
        assertEquals(-1, r.indexOf(Field.HASH));
        assertNull(r.text(Field.HASH));
        assertFalse(r.textTo(Field.HASH, new StringBuilder()));
        assertEquals(-1, r.textTo(Field.HASH, new byte[4], 0));
        assertEquals(-1, r.textLength(Field.HASH));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> r.longValue(Field.HASH));
        assertTrue(e.getMessage().contains("no field hash"), e.getMessage());

        assertTrue(r.isNull(Field.SIDE0_TWAP_ID));
        assertThrows(IllegalStateException.class, () -> r.longValue(Field.SIDE0_TWAP_ID));
    }

    @Test
    void shouldNameTheKindWhenAGetterDoesNotMatchIt() {
        RecordWriter w = new RecordWriter(16);
        w.beginRecord(RecordType.ORDER_STATUS, 0, 7);
        TestBatches.string(w, Field.OID, "12");
        w.putLong(Field.STATUS, 3);
        w.endRecord();
        RecordView r = only(w);

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> r.longValue(Field.OID));
        assertEquals("record order_status from line offset 7: field oid is STRING, not LONG", e.getMessage());
        e = assertThrows(IllegalStateException.class, () -> r.text(Field.STATUS));
        assertTrue(e.getMessage().contains("field status is LONG, not STRING or NUMBER"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> r.booleanValue(Field.STATUS));
        assertThrows(IllegalStateException.class, () -> r.bytes(Field.STATUS));
    }

    @Test
    void shouldListFieldsInStoredOrder() {
        RecordWriter w = new RecordWriter(16);
        TestBatches.orderStatus(w, 0, 0);
        RecordView r = only(w);
        List<String> names = new ArrayList<>();
        for (int i = 0; i < r.fieldCount(); i++) {
            names.add(r.fieldAt(i).jsonName());
        }
        assertEquals(List.of("blockNumber", "blockTime", "localTime", "time", "user", "hash", "builder",
                "status", "coin", "side", "limitPx", "sz", "oid", "timestamp", "triggerCondition", "isTrigger",
                "triggerPx", "children", "isPositionTpsl", "reduceOnly", "orderType", "origSz", "tif", "cloid"), names);
        assertEquals("81295.0", r.textAt(r.indexOf(Field.LIMIT_PX)));
        assertThrows(IndexOutOfBoundsException.class, () -> r.fieldAt(names.size()));
    }

    @Test
    void shouldSkipFieldIdsItDoesNotKnow() {
        RecordWriter w = new RecordWriter(16);
        w.beginRecord(RecordType.ORDER_STATUS, 0, 5);
        TestBatches.string(w, Field.COIN, "BTC");
        // Fields a newer writer added: one of each kind, ids this version has never heard of.
        int[] unknownAt = new int[7];
        unknownAt[0] = w.length();
        w.putNull(Field.USER);
        unknownAt[1] = w.length();
        w.putBoolean(Field.USER, false);
        unknownAt[2] = w.length();
        w.putBoolean(Field.USER, true);
        unknownAt[3] = w.length();
        w.putLong(Field.USER, 99);
        unknownAt[4] = w.length();
        TestBatches.string(w, Field.USER, "new");
        unknownAt[5] = w.length();
        TestBatches.number(w, Field.USER, "1.5");
        unknownAt[6] = w.length();
        w.putBytes(Field.USER, new byte[] {1, 2, 3}, 0, 3);
        w.putLong(Field.OID, 42);
        w.endRecord();
        TestBatches.orderStatus(w, 0, 6);
        for (int i = 0; i < unknownAt.length; i++) {
            w.buffer()[unknownAt[i]] = (byte) (200 + i);
        }

        BatchView batch = batchOf(w);
        RecordView r = new RecordView();
        assertTrue(batch.next(r));
        assertEquals(2, r.fieldCount());
        assertEquals(Field.COIN, r.fieldAt(0));
        assertEquals(Field.OID, r.fieldAt(1));
        assertEquals(42, r.longValue(Field.OID));
        assertFalse(r.has(Field.USER));
        assertFalse(r.hasUnknownKinds());
        assertTrue(batch.next(r));
        assertEquals(6, r.lineOffset());
        assertEquals("open", r.text(Field.STATUS));
    }

    @Test
    void shouldSkipAKindItDoesNotKnowByItsLengthAndReadTheFieldsAfterIt() {
        RecordWriter w = new RecordWriter(16);
        w.beginRecord(RecordType.BOOK_DIFF, 0, 5);
        TestBatches.string(w, Field.DIFF, "update");
        int unknownKindAt = w.length();
        w.putBytes(Field.RAW, new byte[] {9, 9, 9}, 0, 3);
        TestBatches.string(w, Field.NEW_SZ, "0.18007");
        w.endRecord();
        TestBatches.orderStatus(w, 0, 6);
        w.buffer()[unknownKindAt + 1] = 42; // a future kind: its payload starts with an i32 length

        BatchView batch = batchOf(w);
        RecordView r = new RecordView();
        assertTrue(batch.next(r));
        assertEquals(2, r.fieldCount());
        assertEquals("update", r.text(Field.DIFF));
        assertTrue(r.hasUnknownKinds());
        assertFalse(r.has(Field.RAW), "a field of an unknown kind is skipped");
        assertEquals("0.18007", r.text(Field.NEW_SZ));
        assertTrue(batch.next(r));
        assertEquals(RecordType.ORDER_STATUS, r.type());
        assertEquals(24, r.fieldCount());
    }

    @Test
    void shouldReportAnUnknownRecordTypeAsNull() {
        RecordWriter w = new RecordWriter(16);
        TestBatches.orderStatus(w, 0, 5);
        w.buffer()[RECORD_TYPE_OFFSET] = 77;
        RecordView r = only(w);
        assertNull(r.type());
        assertEquals(77, r.typeCode());
        assertEquals("BTC", r.text(Field.COIN));
    }

    @Test
    void shouldRejectAFieldRunningPastItsRecord() {
        RecordWriter w = new RecordWriter(16);
        w.beginRecord(RecordType.ORDER_STATUS, 0, 5);
        int at = w.length();
        TestBatches.string(w, Field.COIN, "BTC");
        w.endRecord();
        TestBatches.putShort(w.buffer(), at + 2, 4); // the text claims one byte more than it has
        RecordView r = only(w);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::fieldCount);
        assertEquals("record order_status from line offset 5, byte 16 of 23: field id 7 (STRING, 4 bytes)"
                + " runs past the record's end", e.getMessage());
    }

    @Test
    void shouldRejectATruncatedFieldHeaderAndNegativeByteLength() {
        RecordWriter w = new RecordWriter(16);
        w.beginRecord(RecordType.DEAD_LETTER, 0, 5);
        int at = w.length();
        w.putBytes(Field.RAW, new byte[] {1}, 0, 1);
        w.endRecord();
        TestBatches.putInt(w.buffer(), at + 2, -1);
        RecordView r = only(w);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> r.has(Field.RAW));
        assertTrue(e.getMessage().contains("negative byte length -1"), e.getMessage());

        RecordWriter w2 = new RecordWriter(16);
        w2.beginRecord(RecordType.DEAD_LETTER, 0, 5);
        w2.putNull(Field.RAW);
        w2.endRecord();
        TestBatches.putInt(w2.buffer(), RECORD_LENGTH_OFFSET, RECORD_HEADER_LENGTH + 1); // one byte of a field
        byte[] doc = TestBatches.batch(List.of("/s"), new byte[0], w2.buffer(), RECORD_HEADER_LENGTH + 1, 1);
        BatchView batch = new BatchView().wrap(doc, 0, doc.length);
        RecordView r2 = new RecordView();
        assertTrue(batch.next(r2));
        e = assertThrows(IllegalArgumentException.class, r2::fieldCount);
        assertTrue(e.getMessage().contains("field header cut off"), e.getMessage());
    }

    @Test
    void shouldReplaceInvalidUtf8WhenAppendingText() {
        RecordWriter w = new RecordWriter(16);
        w.beginRecord(RecordType.ORDER_STATUS, 0, 5);
        byte[] bad = {'a', (byte) 0xC3, 'b', (byte) 0xED, (byte) 0xA0, (byte) 0x80, 'c', (byte) 0xF0, (byte) 0x9F};
        w.putText(Field.COIN, KIND_STRING, bad, 0, bad.length);
        w.endRecord();
        StringBuilder sb = new StringBuilder();
        assertTrue(only(w).textTo(Field.COIN, sb));
        assertEquals("a\uFFFDb\uFFFD\uFFFD\uFFFDc\uFFFD\uFFFD", sb.toString());
    }

    @Test
    void shouldNotAllocatePerRecordWhenReadingTypedFields() {
        RecordWriter w = new RecordWriter(16);
        for (int i = 0; i < 1000; i++) {
            TestBatches.orderStatus(w, 0, i);
        }
        BatchView batch = batchOf(w);
        RecordView r = new RecordView();
        StringBuilder sb = new StringBuilder(256);
        long sum = readAll(batch, r, sb); // warm up: grows the field index and the builder
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        for (int round = 0; round < 20; round++) {
            sum += readAll(batch, r, sb);
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertTrue(sum != 0);
        // 20,000 records read; a single allocation per record would be hundreds of KB.
        assertTrue(allocated < 20_000, "allocated " + allocated + " bytes reading 20,000 records");
    }

    private static long readAll(BatchView batch, RecordView r, StringBuilder sb) {
        long sum = 0;
        batch.rewind();
        while (batch.next(r)) {
            sb.setLength(0);
            r.textTo(Field.LIMIT_PX, sb);
            r.textTo(Field.USER, sb);
            sum += r.longValue(Field.OID) + sb.length() + (r.booleanValue(Field.REDUCE_ONLY) ? 1 : 0)
                    + r.lineOffset() + r.type().code() + r.source().length();
        }
        return sum;
    }

    // ---- property: any record written is read back field for field ----------------------------

    record Value(Field field, byte kind, long number, String text, byte[] raw) {
    }

    @Provide
    Arbitrary<List<Value>> records() {
        Arbitrary<Field> fields = Arbitraries.of(Field.class);
        Arbitrary<Value> value = Combinators.combine(
                fields,
                Arbitraries.of(KIND_NULL, KIND_FALSE, KIND_TRUE, KIND_LONG, KIND_STRING, KIND_NUMBER, KIND_BYTES),
                Arbitraries.longs(),
                Arbitraries.strings().ofMaxLength(40),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(40))
                .as(Value::new);
        return value.list().ofMaxSize(30);
    }

    @Property(tries = 300)
    void shouldReadBackWhatWasWritten(@ForAll("records") List<Value> values, @ForAll long lineOffset) {
        RecordWriter w = new RecordWriter(16);
        w.beginRecord(RecordType.FILL, 0, lineOffset);
        for (Value v : values) {
            switch (v.kind()) {
                case KIND_NULL -> w.putNull(v.field());
                case KIND_FALSE -> w.putBoolean(v.field(), false);
                case KIND_TRUE -> w.putBoolean(v.field(), true);
                case KIND_LONG -> w.putLong(v.field(), v.number());
                case KIND_STRING -> TestBatches.string(w, v.field(), v.text());
                case KIND_NUMBER -> TestBatches.number(w, v.field(), Long.toString(v.number()));
                default -> w.putBytes(v.field(), v.raw(), 0, v.raw().length);
            }
        }
        w.endRecord();
        RecordView r = only(w);

        assertEquals(lineOffset, r.lineOffset());
        assertEquals(values.size(), r.fieldCount());
        for (int i = 0; i < values.size(); i++) {
            Value v = values.get(i);
            assertEquals(v.field(), r.fieldAt(i));
            assertEquals(v.kind(), r.kindAt(i));
            switch (v.kind()) {
                case KIND_NULL -> assertNull(r.textAt(i));
                case KIND_FALSE -> assertFalse(r.booleanAt(i));
                case KIND_TRUE -> assertTrue(r.booleanAt(i));
                case KIND_LONG -> assertEquals(v.number(), r.longAt(i));
                case KIND_STRING -> {
                    // Lone surrogates cannot be encoded; both sides see what UTF-8 keeps.
                    String expected = new String(v.text().getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
                    assertEquals(expected, r.textAt(i));
                    StringBuilder sb = new StringBuilder();
                    r.textAt(i, sb);
                    assertEquals(expected, sb.toString());
                }
                case KIND_NUMBER -> assertEquals(Long.toString(v.number()), r.textAt(i));
                default -> assertArrayEquals(v.raw(), java.util.Arrays.copyOfRange(r.buffer(),
                        r.valueOffsetAt(i), r.valueOffsetAt(i) + r.valueLengthAt(i)));
            }
        }
    }

    // ---- helpers --------------------------------------------------------------------------------

    private static BatchView batchOf(RecordWriter w) {
        byte[] doc = TestBatches.batch(List.of("/s"), TestBatches.OPAQUE_POSITIONS, w);
        return new BatchView().wrap(doc, 0, doc.length);
    }

    private static RecordView only(RecordWriter w) {
        BatchView batch = batchOf(w);
        RecordView r = new RecordView();
        assertTrue(batch.next(r));
        return r;
    }
}
