package io.snapline.engine.parse;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.snapline.engine.testing.ExpectedViews;
import io.snapline.engine.testing.StreamSamples;
import io.snapline.records.BatchView;
import io.snapline.records.DeadLetterReason;
import io.snapline.records.Field;
import io.snapline.records.RecordJson;
import io.snapline.records.RecordView;
import io.snapline.records.RecordWriter;
import io.snapline.records.testing.JsonTree;
import io.snapline.records.testing.TestBatches;
import io.snapline.tailer.NodeStream;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * The four newer streams' events in shapes beside the documented ones: what each requires is a
 * dead letter naming the field when absent; any other shape, a new status, a new inner kind, an
 * inner or action that is not an object, unknown fields, is kept (as Jackson reads it), never
 * rejected. Both cursors give the same answer.
 */
class StreamShapesTest {

    private static final String SOURCE = "/hl/data/x/hourly/20260709/19";

    @Test
    void shouldRejectAnEventLackingWhatItsStreamRequiresNamingTheField() {
        assertRejected(NodeStream.TWAP_STATUSES, StreamSamples.TWAP_ACTIVATED.replace("\"twap_id\":1544034,", ""),
                DeadLetterReason.MISSING_FIELD, "twap_id");
        assertRejected(NodeStream.TWAP_STATUSES, StreamSamples.TWAP_ACTIVATED.replace("\"coin\":\"ETH\",", ""),
                DeadLetterReason.MISSING_FIELD, "state.coin");
        assertRejected(NodeStream.TWAP_STATUSES, StreamSamples.TWAP_ACTIVATED.replace("\"activated\"", "null"),
                DeadLetterReason.MISSING_FIELD, "status");
        assertRejected(NodeStream.TWAP_STATUSES, StreamSamples.TWAP_ACTIVATED.replaceFirst("\"state\":\\{[^}]*}", "\"state\":7"),
                DeadLetterReason.UNEXPECTED_SHAPE, "state is not an object");
        assertRejected(NodeStream.MISC_EVENTS, StreamSamples.MISC_LEDGER.replaceFirst("\"time\":\"[^\"]*\",", ""),
                DeadLetterReason.MISSING_FIELD, "time");
        assertRejected(NodeStream.MISC_EVENTS, "{\"time\":\"t\",\"hash\":null,\"inner\":null}",
                DeadLetterReason.MISSING_FIELD, "inner");
        assertRejected(NodeStream.HIP3_ORACLE_UPDATES, StreamSamples.HIP3_FALLBACK.replace("\"update_class\":\"Fallback\",", ""),
                DeadLetterReason.MISSING_FIELD, "update_class");
        assertRejected(NodeStream.HIP3_ORACLE_UPDATES, StreamSamples.HIP3_FALLBACK.replace("\"Fallback\"", "[\"Fallback\"]"),
                DeadLetterReason.UNEXPECTED_SHAPE, null);
        assertRejected(NodeStream.SYSTEM_ACTIONS, StreamSamples.SYSTEM_ORDER.replaceFirst("\"user\":\"[^\"]*\",", ""),
                DeadLetterReason.MISSING_FIELD, "user");
        assertRejected(NodeStream.SYSTEM_ACTIONS, StreamSamples.SYSTEM_ORDER.replaceFirst("\"action\":.*", "\"action\":null}"),
                DeadLetterReason.MISSING_FIELD, "action");
    }

    @Test
    void shouldKeepEveryOtherShapeAsJacksonReadsIt() {
        String[][] lines = {
            {"TWAP_STATUSES", StreamSamples.TWAP_ACTIVATED.replace("\"activated\"", "\"waitingForTrigger\"")},
            {"TWAP_STATUSES", StreamSamples.TWAP_ACTIVATED.replace("\"activated\"",
                    "{\"stopped\":{\"px\":\"1.5\"},\"error\":\"e\",\"description\":\"why\"}")},
            {"TWAP_STATUSES", StreamSamples.TWAP_ACTIVATED.replace("\"activated\"", "123456789012345678901234567890")},
            {"TWAP_STATUSES", StreamSamples.TWAP_ACTIVATED.replace("\"activated\"", "{\"error\":{\"code\":7}}")},
            {"TWAP_STATUSES", StreamSamples.TWAP_ACTIVATED.replace("\"randomize\":false,",
                    "\"randomize\":false,\"stopPx\":\"3.1\",\"trigger\":{\"px\":\"2\",\"above\":true},")
                    .replace("\"twap_id\"", "\"dex\":\"xyz\",\"twap_id\"")},
            {"MISC_EVENTS", "{\"time\":\"t\",\"hash\":\"0x00\",\"inner\":{\"SomeKind2027\":[1,{\"a_b\":null}]}}"},
            {"MISC_EVENTS", "{\"time\":\"t\",\"hash\":\"0x00\",\"inner\":{\"Funding\":{},\"LedgerUpdate\":{}}}"},
            {"MISC_EVENTS", "{\"time\":\"t\",\"hash\":\"0x00\",\"inner\":{}}"},
            {"MISC_EVENTS", "{\"time\":\"t\",\"hash\":\"0x00\",\"inner\":[\"CDeposit\",{\"amount\":99999999999999999999}]}"},
            {"MISC_EVENTS", "{\"time\":\"t\",\"hash\":\"0x00\",\"inner\":\"GossipPriorityAuctionRestart\",\"extra\":1.50}"},
            {"MISC_EVENTS", "{\"time\":\"t\",\"inner\":{\"Cafe\\u00e9\" : { \"x\" : [ ] } } }"},
            {"HIP3_ORACLE_UPDATES", "{\"update_class\":\"SomethingNew\",\"oracle_pxs\":null,\"dex\":\"km\","
                    + "\"mark_px_inputs\":{\"km:X\":\"1.0\"}}"},
            {"SYSTEM_ACTIONS", StreamSamples.SYSTEM_SEND.replace("\"type\":\"SystemSendAssetAction\",", "")},
            {"SYSTEM_ACTIONS", StreamSamples.SYSTEM_SEND.replace("\"type\":\"SystemSendAssetAction\"", "\"type\":{\"t\":1}")},
            {"SYSTEM_ACTIONS", StreamSamples.SYSTEM_ORDER.replaceFirst("\"action\":.*", "\"action\":[1,-2e400]}")},
            {"SYSTEM_ACTIONS", StreamSamples.SYSTEM_ORDER.replace("\"nonce\"", "\"isCoreWriter\":true,\"nonce\"")},
        };
        for (String[] line : lines) {
            for (LineParser parser : List.of(new LineParser(), new LineParser(new FastJsonCursor()))) {
                NodeStream stream = NodeStream.valueOf(line[0]);
                byte[] bytes = line[1].getBytes(UTF_8);
                RecordWriter out = new RecordWriter(1 << 12);

                assertNull(parser.parse(stream, bytes, 0, bytes.length, 0, 0, out), line[1]);

                byte[] batch = TestBatches.batch(List.of(SOURCE), TestBatches.OPAQUE_POSITIONS, out);
                BatchView view = new BatchView().wrap(batch, 0, batch.length);
                RecordView record = new RecordView();
                assertTrue(view.next(record));
                Map<String, Object> want = ExpectedViews.of(stream, bytes, SOURCE, 0).get(0);
                assertEquals(want, JsonTree.object(new RecordJson().toJson(record)), line[1]);
            }
        }
    }

    @Test
    void shouldKeepAWeiBeyond64BitsAsTheVeryDigitsWritten() {
        byte[] line = StreamSamples.SYSTEM_SEND.getBytes(UTF_8);
        RecordWriter out = new RecordWriter(1 << 12);
        assertNull(new LineParser(new FastJsonCursor()).parse(NodeStream.SYSTEM_ACTIONS, line, 0, line.length, 0, 0, out));
        byte[] batch = TestBatches.batch(List.of(SOURCE), TestBatches.OPAQUE_POSITIONS, out);
        RecordView record = new RecordView();
        new BatchView().wrap(batch, 0, batch.length).next(record);

        String action = record.json(Field.ACTION);
        assertTrue(action.endsWith(",\"wei\":123456789012345678901234567}"), action);
        assertEquals("SystemSendAssetAction", record.text(Field.ACTION_TYPE));
        assertEquals(2153263L, record.longValue(Field.NONCE));
    }

    private static void assertRejected(NodeStream stream, String text, DeadLetterReason reason, String detail) {
        for (LineParser parser : List.of(new LineParser(), new LineParser(new FastJsonCursor()))) {
            byte[] line = text.getBytes(UTF_8);
            RecordWriter out = new RecordWriter(1 << 12);
            assertEquals(reason, parser.parse(stream, line, 0, line.length, 0, 0, out), text);
            DecodedRecords.Decoded letter = DecodedRecords.decode(out).get(0);
            if (detail != null) {
                assertEquals(detail, letter.string(Field.DETAIL), text);
            }
        }
    }
}
