package io.snapline.records;

import io.snapline.records.testing.TestBatches;

import static io.snapline.records.RecordLayout.*;
import static io.snapline.records.testing.TestBatches.OPAQUE_POSITIONS;
import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

class BatchViewTest {

    private static final List<String> SOURCES = List.of(
            "/hl/data/node_order_statuses_streaming/hourly/20260505/17",
            "/hl/data/node_fills_by_block/hourly/20260505/9",
            "/tmp/dossier été/ß");

    private static byte[] threeRecords() {
        RecordWriter w = new RecordWriter(64);
        TestBatches.orderStatus(w, 0, 100);
        TestBatches.orderStatus(w, 2, 200);
        TestBatches.deadLetter(w, 1, 300, new byte[] {'{', '"'});
        return TestBatches.batch(SOURCES, OPAQUE_POSITIONS, w);
    }

    @Test
    void shouldExposeHeaderSourcesAndPositions() {
        byte[] doc = threeRecords();
        BatchView batch = new BatchView().wrap(doc, 0, doc.length);

        assertEquals(3, batch.recordCount());
        assertEquals(3, batch.sourceCount());
        for (int i = 0; i < SOURCES.size(); i++) {
            assertEquals(SOURCES.get(i), batch.source(i));
        }
        assertEquals(OPAQUE_POSITIONS.length, batch.positionsLength());
        assertArrayEquals(OPAQUE_POSITIONS, Arrays.copyOfRange(batch.bytes(),
                batch.positionsOffset(), batch.positionsOffset() + batch.positionsLength()));
        assertEquals(doc.length, batch.recordsOffset() + batch.recordsLength());
    }

    @Test
    void shouldDecodeEachSourceOnceAndForgetItOnTheNextWrap() {
        byte[] doc = threeRecords();
        BatchView batch = new BatchView().wrap(doc, 0, doc.length);
        assertSame(batch.source(2), batch.source(2));

        RecordWriter w = new RecordWriter(64);
        TestBatches.orderStatus(w, 0, 1);
        byte[] other = TestBatches.batch(List.of("/other"), new byte[0], w);
        batch.wrap(other, 0, other.length);
        assertEquals(1, batch.sourceCount());
        assertEquals("/other", batch.source(0));
        assertThrows(IndexOutOfBoundsException.class, () -> batch.source(1));
    }

    @Test
    void shouldIterateRecordsInOrderWithNextAndForEach() {
        byte[] doc = threeRecords();
        BatchView batch = new BatchView().wrap(doc, 0, doc.length);
        RecordView view = new RecordView();

        List<String> seen = new ArrayList<>();
        while (batch.next(view)) {
            seen.add(view.type() + "@" + view.source() + ":" + view.lineOffset());
        }
        assertEquals(List.of(
                "ORDER_STATUS@" + SOURCES.get(0) + ":100",
                "ORDER_STATUS@" + SOURCES.get(2) + ":200",
                "DEAD_LETTER@" + SOURCES.get(1) + ":300"), seen);
        assertFalse(batch.next(view));

        List<String> again = new ArrayList<>();
        batch.forEach(r -> again.add(r.type() + "@" + r.source() + ":" + r.lineOffset()));
        assertEquals(seen, again);

        batch.rewind();
        assertTrue(batch.next(view));
        assertEquals(100, view.lineOffset());
    }

    @Test
    void shouldReadADocumentInTheMiddleOfALargerArray() {
        byte[] doc = threeRecords();
        byte[] padded = new byte[doc.length + 13];
        Arrays.fill(padded, (byte) 0x5A);
        System.arraycopy(doc, 0, padded, 7, doc.length);

        BatchView batch = new BatchView().wrap(padded, 7, doc.length);
        List<Long> offsets = new ArrayList<>();
        batch.forEach(r -> offsets.add(r.lineOffset()));
        assertEquals(List.of(100L, 200L, 300L), offsets);
        assertEquals(SOURCES.get(2), batch.source(2));
    }

    @Test
    void shouldReadAnEmptyBatch() {
        byte[] doc = TestBatches.batch(List.of(), OPAQUE_POSITIONS, new byte[0], 0, 0);
        BatchView batch = new BatchView().wrap(doc, 0, doc.length);
        assertEquals(0, batch.recordCount());
        assertEquals(0, batch.sourceCount());
        assertFalse(batch.next(new RecordView()));
    }

    @Test
    void shouldGrowItsSourceTablesForManySources() {
        List<String> many = new ArrayList<>();
        RecordWriter w = new RecordWriter(64);
        for (int i = 0; i < 300; i++) {
            many.add("/f/" + i);
            TestBatches.orderStatus(w, i, i);
        }
        byte[] doc = TestBatches.batch(many, new byte[0], w);
        BatchView batch = new BatchView().wrap(doc, 0, doc.length);
        RecordView view = new RecordView();
        int i = 0;
        while (batch.next(view)) {
            assertEquals("/f/" + i, view.source());
            i++;
        }
        assertEquals(300, i);
    }

    // ---- validation: each broken frame names what is wrong -------------------------------------

    @Test
    void shouldRejectAWrongMagic() {
        byte[] doc = threeRecords();
        TestBatches.putInt(doc, BATCH_MAGIC_OFFSET, 0x12345678);
        assertRejected(doc, "bad magic 0x12345678");
    }

    @Test
    void shouldRejectAnotherVersion() {
        byte[] doc = threeRecords();
        TestBatches.putShort(doc, BATCH_VERSION_OFFSET, 3);
        assertRejected(doc, "version 3, this reader reads versions 1 to 2");
    }

    @Test
    void shouldRejectADocumentShorterThanTheHeader() {
        byte[] doc = Arrays.copyOf(threeRecords(), BATCH_HEADER_LENGTH - 1);
        assertRejected(doc, "shorter than the 20-byte header");
    }

    @Test
    void shouldRejectNegativeLengths() {
        byte[] doc = threeRecords();
        TestBatches.putInt(doc, BATCH_RECORD_COUNT_OFFSET, -1);
        assertRejected(doc, "negative record count");
        doc = threeRecords();
        TestBatches.putInt(doc, BATCH_POSITIONS_LENGTH_OFFSET, -5);
        assertRejected(doc, "negative positions length");
        doc = threeRecords();
        TestBatches.putInt(doc, BATCH_RECORDS_LENGTH_OFFSET, -7);
        assertRejected(doc, "negative records length");
    }

    @Test
    void shouldRejectASourcePathRunningPastTheEnd() {
        byte[] doc = TestBatches.batch(List.of("/a"), new byte[0], new byte[0], 0, 0);
        TestBatches.putShort(doc, BATCH_HEADER_LENGTH, 500);
        assertRejected(doc, "source 0's path (500 bytes) runs past the end");
    }

    @Test
    void shouldRejectMoreSourcesThanTheDocumentHolds() {
        byte[] doc = TestBatches.batch(List.of("/a"), new byte[0], new byte[0], 0, 0);
        TestBatches.putShort(doc, BATCH_SOURCE_COUNT_OFFSET, 2);
        assertRejected(doc, "source 1 of 2 starts past the end");
    }

    @Test
    void shouldRejectPositionsRunningPastTheEnd() {
        byte[] doc = threeRecords();
        TestBatches.putInt(doc, BATCH_POSITIONS_LENGTH_OFFSET, doc.length);
        assertRejected(doc, "positions (" + doc.length + " bytes) run past the end");
    }

    @Test
    void shouldRejectARecordsLengthThatDisagreesWithTheDocument() {
        byte[] doc = threeRecords();
        BatchView probe = new BatchView().wrap(doc, 0, doc.length);
        TestBatches.putInt(doc, BATCH_RECORDS_LENGTH_OFFSET, probe.recordsLength() - 1);
        assertRejected(doc, "header says records are " + (probe.recordsLength() - 1) + " bytes but "
                + probe.recordsLength() + " bytes follow");
        // Trailing bytes after the records are not tolerated either.
        byte[] longer = Arrays.copyOf(threeRecords(), doc.length + 1);
        assertRejected(longer, "bytes follow the positions");
    }

    @Test
    void shouldRejectARecordCountThatDisagreesWithTheRecords() {
        byte[] doc = threeRecords();
        TestBatches.putInt(doc, BATCH_RECORD_COUNT_OFFSET, 2);
        assertRejected(doc, "2 records end at records offset");
        TestBatches.putInt(doc, BATCH_RECORD_COUNT_OFFSET, 4);
        assertRejected(doc, "record 3 of 4");
    }

    @Test
    void shouldRejectARecordLengthOutsideTheRecordsSection() {
        byte[] doc = threeRecords();
        int firstRecord = new BatchView().wrap(doc, 0, doc.length).recordsOffset();
        TestBatches.putInt(doc, firstRecord + RECORD_LENGTH_OFFSET, 3);
        assertRejected(doc, "record 0 at records offset 0 has length 3");
        TestBatches.putInt(doc, firstRecord + RECORD_LENGTH_OFFSET, 1 << 20);
        assertRejected(doc, "has length 1048576");
    }

    @Test
    void shouldRejectARecordNamingAMissingSource() {
        byte[] doc = threeRecords();
        int firstRecord = new BatchView().wrap(doc, 0, doc.length).recordsOffset();
        TestBatches.putShort(doc, firstRecord + RECORD_SOURCE_OFFSET, 3);
        assertRejected(doc, "names source 3 but the batch has 3");
    }

    @Test
    void shouldRejectARangeOutsideTheArray() {
        byte[] doc = threeRecords();
        BatchView batch = new BatchView();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> batch.wrap(doc, 1, doc.length));
        assertTrue(e.getMessage().contains("outside the"), e.getMessage());
    }

    @Test
    void shouldBeEmptyAfterAFailedWrap() {
        byte[] good = threeRecords();
        BatchView batch = new BatchView().wrap(good, 0, good.length);
        byte[] bad = threeRecords();
        TestBatches.putShort(bad, BATCH_VERSION_OFFSET, 9);
        assertThrows(IllegalArgumentException.class, () -> batch.wrap(bad, 0, bad.length));
        assertEquals(0, batch.recordCount());
        assertEquals(0, batch.sourceCount());
        assertFalse(batch.next(new RecordView()));
    }

    private static void assertRejected(byte[] doc, String expected) {
        BatchView batch = new BatchView();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> batch.wrap(doc, 0, doc.length));
        assertTrue(e.getMessage().contains(expected), () -> "expected \"" + expected + "\" in: " + e.getMessage());
    }
}
