package io.snapline.records;

import static io.snapline.records.RecordLayout.RECORD_HEADER_LENGTH;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.snapline.records.testing.TestBatches;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

/** FieldScan walks a begun record's fields as RecordView reads the ended one; abandonRecord takes one back. */
class FieldScanTest {

    @Test
    void shouldStepOverEveryKindAsRecordViewReadsIt() {
        RecordWriter w = new RecordWriter(16);
        w.beginRecord(RecordType.FILL, 0, 7);
        w.putNull(Field.CLOID);
        w.putBoolean(Field.CROSSED, false);
        w.putBoolean(Field.IS_TRIGGER, true);
        w.putLong(Field.TID, -3);
        TestBatches.string(w, Field.COIN, "é@151");
        TestBatches.number(w, Field.PX, "1.25");
        w.putBytes(Field.RAW, new byte[] {1, 2, 3}, 0, 3);
        byte[] children = "[{\"oid\":1}]".getBytes(StandardCharsets.UTF_8);
        w.putJson(Field.CHILDREN, children, 0, children.length);
        byte[] member = "\"priorityGas\":0.5".getBytes(StandardCharsets.UTF_8);
        w.putMember(member, 1, 11, 14, 3);
        TestBatches.string(w, Field.USER, "0xabc");

        List<String> scanned = new ArrayList<>();
        int members = 0;
        for (int at = RECORD_HEADER_LENGTH; at < w.length(); at = FieldScan.next(w.buffer(), at)) {
            if (FieldScan.kind(w.buffer(), at) == RecordLayout.KIND_MEMBER) {
                members++; // RecordView lists members apart from the known fields
                continue;
            }
            scanned.add(Field.ofId(FieldScan.id(w.buffer(), at)) + ":" + FieldScan.kind(w.buffer(), at));
        }
        assertEquals(1, members);
        w.endRecord();
        RecordView view = new RecordView();
        batchOf(w).next(view);
        List<String> read = new ArrayList<>();
        for (int i = 0; i < view.fieldCount(); i++) {
            read.add(view.fieldAt(i) + ":" + view.kindAt(i));
        }
        assertEquals(read, scanned);
    }

    @Test
    void shouldGiveTheTextOfAStringField() {
        RecordWriter w = new RecordWriter(16);
        w.beginRecord(RecordType.ORDER_STATUS, 0, 0);
        int at = w.length();
        TestBatches.string(w, Field.STATUS, "badAloPxRejected");

        byte[] text = Arrays.copyOfRange(w.buffer(), FieldScan.textOffset(at),
                FieldScan.textOffset(at) + FieldScan.textLength(w.buffer(), at));
        assertArrayEquals("badAloPxRejected".getBytes(StandardCharsets.UTF_8), text);
    }

    @Test
    void shouldTakeBackOnlyTheAbandonedRecord() {
        RecordWriter w = new RecordWriter(16);
        w.markLine();
        w.beginRecord(RecordType.ORDER_STATUS, 0, 0);
        TestBatches.string(w, Field.STATUS, "open");
        w.endRecord();
        int kept = w.length();
        w.beginRecord(RecordType.ORDER_STATUS, 0, 0);
        TestBatches.string(w, Field.STATUS, "badAloPxRejected");
        w.abandonRecord();
        w.beginRecord(RecordType.ORDER_STATUS, 0, 0);
        TestBatches.string(w, Field.STATUS, "filled");
        w.endRecord();

        assertEquals(2, w.recordCount());
        assertEquals(2 * kept + 2, w.length()); // nothing of the abandoned one; "filled" is "open" + 2 bytes
        List<String> statuses = new ArrayList<>();
        batchOf(w).forEach(r -> statuses.add(r.text(Field.STATUS)));
        assertEquals(List.of("open", "filled"), statuses);
    }

    private static BatchView batchOf(RecordWriter w) {
        byte[] doc = TestBatches.batch(List.of("/s"), TestBatches.OPAQUE_POSITIONS, w);
        return new BatchView().wrap(doc, 0, doc.length);
    }
}
