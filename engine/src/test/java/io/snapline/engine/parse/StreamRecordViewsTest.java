package io.snapline.engine.parse;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.snapline.engine.testing.ExpectedViews;
import io.snapline.engine.testing.StreamSamples;
import io.snapline.engine.testing.StreamSamples.Sample;
import io.snapline.records.BatchView;
import io.snapline.records.Field;
import io.snapline.records.RecordJson;
import io.snapline.records.RecordLayout;
import io.snapline.records.RecordView;
import io.snapline.records.RecordWriter;
import io.snapline.records.testing.JsonTree;
import io.snapline.records.testing.TestBatches;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The four streams whose events are partly kept whole, differentially: each sample line (every
 * layout, an empty block included), parsed with either cursor, must come back from the record
 * view ({@link RecordJson}) and from the Java reader API ({@link RecordView}) with every field
 * the node wrote, value for value, as Jackson's own reading of the line says (numbers as their
 * exact text, integers beyond 64 bits digit for digit): {@link ExpectedViews} is that reading.
 */
class StreamRecordViewsTest {

    private static final String SOURCE = "/hl/data/some/hourly/20260709/19";
    private static final long OFFSET = 4_096;

    static Stream<Arguments> samplesWithEitherCursor() {
        List<Arguments> all = new ArrayList<>();
        for (Sample sample : StreamSamples.all()) {
            all.add(Arguments.of(sample, "jackson"));
            all.add(Arguments.of(sample, "fast"));
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0}, {1} cursor")
    @MethodSource("samplesWithEitherCursor")
    void shouldGiveBackEveryFieldOfEveryEventAsJacksonReadsTheLine(Sample sample, String cursor) {
        LineParser parser = cursor.equals("fast") ? new LineParser(new FastJsonCursor()) : new LineParser();
        byte[] line = sample.line().getBytes(UTF_8);
        RecordWriter out = new RecordWriter(1 << 12);

        assertNull(parser.parse(sample.stream(), line, 0, line.length, 0, OFFSET, out), "no dead letter");

        List<Map<String, Object>> expected = ExpectedViews.of(sample.stream(), line, SOURCE, OFFSET);
        assertEquals(sample.events(), expected.size());
        byte[] batch = TestBatches.batch(List.of(SOURCE), TestBatches.OPAQUE_POSITIONS, out);
        BatchView view = new BatchView().wrap(batch, 0, batch.length);
        assertEquals(expected.size(), view.recordCount());
        RecordView record = new RecordView();
        RecordJson json = new RecordJson();
        for (Map<String, Object> want : expected) {
            assertTrue(view.next(record));
            assertEquals(want, JsonTree.object(json.toJson(record)), "the record view");
            Map<String, Object> fields = new LinkedHashMap<>(want);
            fields.keySet().removeAll(List.of("type", "source", "offset"));
            assertEquals(fields, readerApiView(record), "the Java reader API");
            assertEquals(want.get("type"), record.type().jsonName());
            assertEquals(SOURCE, record.source());
            assertEquals(OFFSET, record.lineOffset());
            assertFalse(record.hasUnknownKinds());
        }
        assertFalse(view.next(record));
    }

    /**
     * The record as a program reads it with {@link RecordView}: each known field by its kind
     * (JSON and NUMBER text read back with Jackson), each member by its name and exact JSON.
     */
    static Map<String, Object> readerApiView(RecordView record) {
        Map<String, Object> fields = new LinkedHashMap<>();
        for (int i = 0; i < record.fieldCount(); i++) {
            Field field = record.fieldAt(i);
            Object value = switch (record.kindAt(i)) {
                case RecordLayout.KIND_NULL -> null;
                case RecordLayout.KIND_TRUE, RecordLayout.KIND_FALSE -> record.booleanAt(i);
                case RecordLayout.KIND_LONG -> record.longAt(i);
                case RecordLayout.KIND_STRING -> record.textAt(i);
                case RecordLayout.KIND_NUMBER -> JsonTree.parse(record.textAt(i).getBytes(UTF_8));
                case RecordLayout.KIND_JSON -> JsonTree.parse(record.json(field).getBytes(UTF_8));
                default -> throw new AssertionError("kind " + record.kindAt(i) + " of " + field);
            };
            fields.put(field.jsonName(), value);
        }
        for (int i = 0; i < record.memberCount(); i++) {
            fields.put(record.memberName(i), JsonTree.parse(record.memberJson(i).getBytes(UTF_8)));
        }
        return fields;
    }
}
