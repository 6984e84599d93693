package io.snapline.queue.chronicle.examples;

import static org.junit.jupiter.api.Assertions.*;

import io.snapline.records.RecordWriter;
import io.snapline.records.testing.TestBatches;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.wire.DocumentContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the example of docs/records.md on a queue written here, so the documentation cannot rot. */
class ReadQueueExampleTest {

    private static final String SOURCE = "/hl/data/node_order_statuses_streaming/hourly/20260505/17";

    @TempDir
    Path dir;

    @Test
    void shouldPrintEveryRecordOfTheQueueAsOneJsonLine() throws Exception {
        Path queueDir = dir.resolve("queue");
        byte[] raw = {'{', '"', (byte) 0xFF};
        try (ChronicleQueue queue = ChronicleQueue.singleBuilder(queueDir).rollCycle(RollCycles.FAST_HOURLY).build();
             ExcerptAppender appender = queue.createAppender()) {
            RecordWriter w = new RecordWriter(256);
            TestBatches.orderStatus(w, 0, 0);
            TestBatches.orderStatus(w, 0, 612);
            append(appender, TestBatches.batch(List.of(SOURCE), TestBatches.OPAQUE_POSITIONS, w));
            w.reset();
            TestBatches.deadLetter(w, 0, 1224, raw);
            append(appender, TestBatches.batch(List.of(SOURCE), TestBatches.OPAQUE_POSITIONS, w));
        }

        String expected = TestBatches.ORDER_STATUS_JSON_FIELDS + ",\"source\":\"" + SOURCE + "\",\"offset\":0}\n"
                + TestBatches.ORDER_STATUS_JSON_FIELDS + ",\"source\":\"" + SOURCE + "\",\"offset\":612}\n"
                + "{\"type\":\"dead_letter\",\"reason\":\"malformed_json\",\"detail\":\"unexpected end of input\","
                + "\"length\":3,\"lineBase64\":\"eyL/\",\"source\":\"" + SOURCE + "\",\"offset\":1224}\n";

        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        assertEquals(3, ReadQueueExample.print(queueDir, printed));
        assertEquals(expected, printed.toString(StandardCharsets.UTF_8));

        // main itself, as docs/records.md runs it.
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        PrintStream original = System.out;
        System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
        try {
            ReadQueueExample.main(new String[] {queueDir.toString()});
        } finally {
            System.setOut(original);
        }
        assertEquals(expected, stdout.toString(StandardCharsets.UTF_8));
    }

    private static void append(ExcerptAppender appender, byte[] batch) {
        try (DocumentContext dc = appender.writingDocument()) {
            dc.wire().bytes().write(batch, 0, batch.length);
        }
    }
}
