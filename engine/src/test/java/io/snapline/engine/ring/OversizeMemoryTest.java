package io.snapline.engine.ring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.snapline.engine.EngineSource;
import io.snapline.engine.testing.CollectingSink;
import io.snapline.engine.testing.NodeFile;
import io.snapline.engine.testing.NodeLines;
import io.snapline.engine.testing.RingRig;
import io.snapline.records.Field;
import io.snapline.records.RecordType;
import io.snapline.records.testing.Rec;
import io.snapline.tailer.HourlyFileSequence;
import io.snapline.tailer.NodeLayout;
import io.snapline.tailer.NodeStream;
import io.snapline.tailer.TailerConfig;
import io.snapline.testkit.Resources;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12, item 5, the engine's part: the oversize line buffer gives back what one long line
 * grew it to once that line is released, and keeps (reuses, allocating nothing) buffers the size
 * of an ordinary by-block line. Before, it kept the longest line's copy and records for good.
 */
@Tag("faults")
class OversizeMemoryTest {

    private static final int MAX_LINE = 64 << 20;

    @TempDir
    Path dir;

    @Test
    void shouldGiveBackTheBuffersALongLineGrewOnceItIsReleased() {
        OversizeLineBuffer buffer = new OversizeLineBuffer(MAX_LINE);
        byte[] line = new byte[20 << 20];
        OversizeLineBuffer lent = buffer.lend(line, 0, line.length);
        fillRecords(lent, 40 << 20);
        assertTrue(buffer.retainedBytes() > 60 << 20, "lent: " + buffer.retainedBytes());

        buffer.giveBack();

        assertEquals(OversizeLineBuffer.INITIAL_RECORD_BYTES, buffer.retainedBytes(), "back to the floor");
        // And it still takes the next long line.
        byte[] next = new byte[7 << 20];
        next[next.length - 1] = 42;
        OversizeLineBuffer again = buffer.lend(next, 0, next.length);
        assertEquals(42, again.bytes()[next.length - 1]);
        assertEquals(next.length, again.length());
    }

    @Test
    void shouldKeepAndReuseBuffersTheSizeOfAnOrdinaryByBlockLine() {
        OversizeLineBuffer buffer = new OversizeLineBuffer(MAX_LINE);
        byte[] line = new byte[3_700_000];
        fillRecords(buffer.lend(line, 0, line.length), 4_500_000);
        byte[] copy = buffer.bytes();
        long kept = buffer.retainedBytes();
        buffer.giveBack();
        assertEquals(kept, buffer.retainedBytes());

        buffer.lend(line, 0, line.length);

        assertSame(copy, buffer.bytes(), "the same line copy, not a new one");
        buffer.giveBack();
    }

    @Test
    void shouldHoldNoMoreThanTheFloorOnceALongLineIsDurable() throws Exception {
        NodeFile file = NodeFile.at(dir, NodeStream.ORDER_STATUSES, NodeLayout.BY_BLOCK, "20260505", 17);
        String line = NodeLines.byBlockOrderStatuses(1000, LongStream.rangeClosed(1, 20_000).toArray());
        assertTrue(line.length() > OversizeLineBuffer.KEPT_LINE_BYTES, "a line of " + line.length());
        file.append(line);
        CollectingSink sink = new CollectingSink();
        List<EngineSource> sources = List.of(new EngineSource(
                new HourlyFileSequence(dir, NodeStream.ORDER_STATUSES, NodeLayout.BY_BLOCK), NodeStream.ORDER_STATUSES));
        TailerConfig tailer = TailerConfig.defaults().withDiscoveryInterval(Duration.ofMillis(20)).withMaxLineLength(16 << 20);

        try (RingRig rig = new RingRig(RingConfig.defaults(), tailer, sources, sink, (l, b, r, p, w) -> { })) {
            rig.startReader(Duration.ofMillis(10));
            assertTrue(Resources.await(() -> rig.pipeline().counters().linesWritten() == 1, Duration.ofSeconds(30)),
                    "lines written: " + rig.pipeline().counters().linesWritten());
            // The line's copy went (over its floor); its records' buffer, at its floor, stays.
            assertTrue(Resources.await(() -> rig.publisher().oversizeRetainedBytes()
                    <= OversizeLineBuffer.KEPT_RECORD_BYTES, Duration.ofSeconds(10)),
                    "held after the line: " + rig.publisher().oversizeRetainedBytes());
        }
        List<Rec> events = sink.records().stream().filter(r -> !r.isBlockAccounting()).toList();
        assertEquals(20_000, events.size());
        assertEquals(RecordType.ORDER_STATUS, events.get(19_999).type());
        assertEquals(20_000, events.get(19_999).longValue(Field.OID));
        assertEquals(19_999, events.get(19_999).longValue(Field.EVENT_INDEX));
    }

    /** Writes records of about {@code bytes} into the lent buffer's record writer, as a parse would. */
    private static void fillRecords(OversizeLineBuffer lent, int bytes) {
        byte[] chunk = new byte[1 << 20];
        for (int written = 0; written < bytes; written += chunk.length) {
            lent.records().beginRecord(RecordType.DEAD_LETTER, 0, 0);
            lent.records().putBytes(Field.RAW, chunk, 0, chunk.length);
            lent.records().endRecord();
        }
    }
}
