package io.snapline.records;

import io.snapline.records.testing.TestBatches;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

/**
 * Every {@link RecordType}, the ones to come included, can be looked up, read back and printed:
 * the lookups are derived from {@link RecordType#values()}, and these tests keep them so.
 */
class RecordTypeTest {

    @Test
    void shouldKeepTheCodesTheQueueAlreadyHolds() {
        // The format: these bytes are in queues on disk, so no change may move them.
        Map<RecordType, Integer> stored = Map.of(RecordType.ORDER_STATUS, 1, RecordType.FILL, 2, RecordType.TRADE, 3,
                RecordType.BOOK_DIFF, 4, RecordType.DEAD_LETTER, 5);
        stored.forEach((type, code) -> assertEquals(code.intValue(), type.code(), type.name()));
    }

    @Test
    void shouldFindEveryTypeByItsCodeAndItsJsonName() {
        Set<Integer> codes = new HashSet<>();
        Set<String> names = new HashSet<>();
        for (RecordType type : RecordType.values()) {
            assertTrue(codes.add(type.code() & 0xFF), "one type per code: " + type);
            assertTrue(names.add(type.jsonName()), "one type per JSON name: " + type);
            assertSame(type, RecordType.ofCode(type.code() & 0xFF));
            assertSame(type, RecordType.ofJsonName(type.jsonName()));
        }
        assertNull(RecordType.ofCode(0), "0 is no type");
        assertNull(RecordType.ofCode(200), "a newer writer's type");
        assertNull(RecordType.ofCode(-1));
        assertNull(RecordType.ofJsonName("candle"));
    }

    @Test
    void shouldReadBackAndPrintARecordOfEveryType() {
        RecordWriter w = new RecordWriter(16);
        RecordType[] types = RecordType.values();
        for (int i = 0; i < types.length; i++) {
            w.beginRecord(types[i], 0, i);
            TestBatches.string(w, Field.COIN, "BTC");
            w.endRecord();
        }
        byte[] doc = TestBatches.batch(List.of("/s"), TestBatches.OPAQUE_POSITIONS, w);
        BatchView batch = new BatchView().wrap(doc, 0, doc.length);
        RecordView record = new RecordView();
        RecordJson json = new RecordJson();
        for (RecordType type : types) {
            assertTrue(batch.next(record), type.name());
            assertSame(type, record.type());
            String printed = new String(json.buffer(), 0, json.encode(record), StandardCharsets.UTF_8);
            assertTrue(printed.startsWith("{\"type\":\"" + type.jsonName() + "\","), printed);
        }
    }
}
