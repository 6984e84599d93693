package io.snapline.engine.parse;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.snapline.records.BatchView;
import io.snapline.records.Field;
import io.snapline.records.RecordType;
import io.snapline.records.RecordView;
import io.snapline.records.RecordWriter;
import io.snapline.records.testing.JsonTree;
import io.snapline.records.testing.TestBatches;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link Values#keepUnknown} and {@link Values#copyRawNext} through both cursors, against Jackson's parse of the line. */
class ValuesRawTest {

    private static final String LINE = "{\"s\":\"a\\\"b\",\"i\":-12,\"big\":123456789012345678901234567890,"
            + "\"d\":1.5E-7,\"t\":true,\"f\":false,\"n\":null,\"o\":{ \"x\" : [1, {\"y\":null}] },\"a\":[],"
            + "\"w\\u0061\":\"x\",\"whole\" : [ {\"coin\":\"BTC\"}, 2 ] }";

    @Test
    void shouldKeepEveryValueExactlyWithEitherCursor() {
        for (JsonCursor cursor : List.of(new JacksonCursor(), new FastJsonCursor())) {
            for (String line : List.of(LINE, LINE.replace("\\\"", "").replace("\\u0061", "a"))) {
                if (cursor instanceof FastJsonCursor && line.equals(LINE)) {
                    continue; // escapes: the fast cursor defers them
                }
                check(cursor, line);
            }
        }
    }

    private static void check(JsonCursor cursor, String text) {
        byte[] line = ("xx" + text + "yy").getBytes(UTF_8);
        cursor.begin(line, 2, line.length - 4);
        RecordWriter w = new RecordWriter(16);
        w.beginRecord(RecordType.FILL, 0, 0);
        cursor.next();
        for (int token = cursor.next(); token != JsonCursor.END_OBJECT; token = cursor.next()) {
            if (cursor.nameIndex(NameTable.of("whole")) == 0) {
                Values.copyRawNext(cursor, w, Field.CHILDREN);
            } else {
                Values.keepUnknown(cursor, w);
            }
        }
        cursor.finish();
        w.endRecord();
        byte[] doc = TestBatches.batch(List.of("/s"), new byte[0], w);
        RecordView r = new RecordView();
        assertTrue(new BatchView().wrap(doc, 0, doc.length).next(r));
        Map<String, Object> kept = new LinkedHashMap<>();
        for (int i = 0; i < r.memberCount(); i++) {
            kept.put(r.memberName(i), JsonTree.parse(r.memberJson(i).getBytes(UTF_8)));
        }
        Map<String, Object> expected = new LinkedHashMap<>(JsonTree.object(text));
        Object whole = expected.remove("whole");
        assertEquals(expected, kept, cursor.getClass().getSimpleName());
        assertEquals(whole, JsonTree.parse(r.json(Field.CHILDREN).getBytes(UTF_8)));
        assertEquals("[ {\"coin\":\"BTC\"}, 2 ]", r.json(Field.CHILDREN), "the text as written");
        assertEquals("{ \"x\" : [1, {\"y\":null}] }", r.memberJson(r.indexOfMember("o")));
    }
}
