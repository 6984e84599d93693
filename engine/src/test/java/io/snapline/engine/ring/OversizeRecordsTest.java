package io.snapline.engine.ring;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * By-block lines longer than a slab, each with more records than a slot's record buffer holds:
 * their records go into the buffer lent with the oversize line, so every record arrives, the
 * batch observer counts them, and no slot's own record buffer grows.
 */
class OversizeRecordsTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    /** 64 KiB slabs, so a slot's own record buffer is 96 KiB. */
    private static final RingConfig RING = new RingConfig(4, 64 * 1024, 64, 8, Duration.ofMillis(2), 2);
    private static final int BLOCKS = 12;
    private static final int EVENTS_PER_BLOCK = 600;

    @TempDir
    Path dir;

    @Test
    void shouldWriteEveryRecordOfLinesLongerThanTheSlabWithoutGrowingAnySlotsOwnRecordBuffer() throws Exception {
        NodeFile file = NodeFile.at(dir, NodeStream.ORDER_STATUSES, NodeLayout.BY_BLOCK, "20260505", 17);
        List<String> lines = new ArrayList<>();
        long oid = 1;
        for (int block = 0; block < BLOCKS; block++) {
            long[] oids = new long[EVENTS_PER_BLOCK];
            for (int i = 0; i < oids.length; i++) {
                oids[i] = oid++;
            }
            String line = NodeLines.byBlockOrderStatuses(1000 + block, oids);
            assertTrue(line.length() > RING.slabBytes(), "a by-block line of " + line.length() + " bytes");
            lines.add(line);
        }
        file.append(lines.toArray(String[]::new));
        CollectingSink sink = new CollectingSink();
        List<long[]> batches = new CopyOnWriteArrayList<>();
        BatchObserver observer = (batchLines, bytes, records, parseNanos, writeNanos) ->
                batches.add(new long[] {batchLines, records});
        List<EngineSource> sources = List.of(new EngineSource(
                new HourlyFileSequence(dir, NodeStream.ORDER_STATUSES, NodeLayout.BY_BLOCK), NodeStream.ORDER_STATUSES));
        TailerConfig tailer = TailerConfig.defaults().withDiscoveryInterval(Duration.ofMillis(20)).withMaxLineLength(1 << 20);

        try (RingRig rig = new RingRig(RING, tailer, sources, sink, observer)) {
            rig.startReader(Duration.ofMillis(10));
            assertTrue(Resources.await(() -> rig.pipeline().counters().linesWritten() == BLOCKS, WAIT),
                    "lines written: " + rig.pipeline().counters().linesWritten() + " of " + BLOCKS);
            assertTrue(Resources.await(() -> batches.size() == BLOCKS, WAIT), "batches observed: " + batches.size());
            for (int i = 0; i < RING.slots(); i++) {
                assertEquals(RING.recordBufferBytes(), rig.pipeline().slotAt(i).ownRecordsCapacity(),
                        "slot " + i + "'s own record buffer");
            }
        }

        List<Rec> records = sink.records().stream().filter(r -> !r.isBlockAccounting()).toList();
        assertEquals(BLOCKS * EVENTS_PER_BLOCK, records.size(), "one record per event");
        assertEquals((long) BLOCKS * EVENTS_PER_BLOCK, records.stream().filter(r -> r.type() == RecordType.ORDER_STATUS).count());
        for (int i = 0; i < records.size(); i++) {
            assertEquals(i + 1, records.get(i).longValue(Field.OID), "record " + i + " in line order");
        }
        for (long[] batch : batches) {
            assertEquals(1, batch[0], "each line longer than the slab travels alone");
            assertEquals(EVENTS_PER_BLOCK + 1, batch[1], "the observer counts the lent buffer's records, the block's seal too");
        }
    }
}
