package io.snapline.engine.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.snapline.records.RecordType;
import io.snapline.tailer.NodeStream;
import org.junit.jupiter.api.Test;

/** RecordType.stream(), the first part of a record's identity, is the stream-to-parser table read backwards. */
class RecordTypeStreamTest {

    @Test
    void everyStreamsTypeNamesThatStreamAndNoOtherTypeNamesOne() {
        for (NodeStream stream : NodeStream.values()) {
            assertEquals(stream, LineParser.extractorFor(stream).type().stream(), stream.toString());
        }
        long withStream = java.util.Arrays.stream(RecordType.values()).filter(t -> t.stream() != null).count();
        assertEquals(NodeStream.values().length, withStream, "only the streams' own types name a stream");
    }
}
