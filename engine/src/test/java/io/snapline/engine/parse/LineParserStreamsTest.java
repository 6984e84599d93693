package io.snapline.engine.parse;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.snapline.engine.parse.DecodedRecords.Decoded;
import io.snapline.records.RecordType;
import io.snapline.engine.testing.StreamSamples;
import io.snapline.records.RecordWriter;
import io.snapline.tailer.NodeStream;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

/**
 * The stream-to-parser table of {@link LineParser#extractorFor}: every record type but the dead
 * letter is what some stream's events become, so a type added without its parser fails here, and
 * every stream's lines are parsed by that stream's own extractor with both cursors.
 */
class LineParserStreamsTest {

    @Test
    void shouldParseSomeStreamIntoEveryRecordTypeButTheDeadLetter() {
        Set<RecordType> parsed = EnumSet.noneOf(RecordType.class);
        for (NodeStream stream : NodeStream.values()) {
            parsed.add(LineParser.extractorFor(stream).type());
        }
        // Dead letters and the writer's block accounting come from no stream's parser.
        assertEquals(EnumSet.complementOf(EnumSet.of(RecordType.DEAD_LETTER, RecordType.BLOCK_SEAL, RecordType.BLOCK_GAP,
                RecordType.STREAM_STALL)), parsed,
                "the record types some stream's parser writes");
    }

    @Test
    void shouldWriteEachStreamsLinesAsItsExtractorsTypeWithEitherCursor() {
        for (LineParser parser : List.of(new LineParser(), new LineParser(new FastJsonCursor()))) {
            for (NodeStream stream : NodeStream.values()) {
                RecordWriter out = new RecordWriter(1 << 12);
                byte[] line = sample(stream).getBytes(UTF_8);

                assertNull(parser.parse(stream, line, 0, line.length, 0, 0, out), stream.name());

                List<Decoded> records = DecodedRecords.decode(out);
                assertFalse(records.isEmpty(), stream.name());
                for (Decoded record : records) {
                    assertEquals(LineParser.extractorFor(stream).type(), record.type, stream.name());
                }
            }
        }
    }

    /** A good line of each stream; no default, so a new stream does not compile without one. */
    private static String sample(NodeStream stream) {
        return switch (stream) {
            case ORDER_STATUSES -> LineParserTest.STREAMING_ORDER_STATUS;
            case FILLS -> LineParserTest.FILL;
            case TRADES -> LineParserTest.TRADE;
            case RAW_BOOK_DIFFS -> LineParserTest.BOOK_DIFFS;
            case TWAP_STATUSES, MISC_EVENTS, HIP3_ORACLE_UPDATES, SYSTEM_ACTIONS ->
                    StreamSamples.of(stream).get(2).line(); // by-block, two events
        };
    }
}
