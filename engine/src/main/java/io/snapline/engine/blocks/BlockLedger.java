package io.snapline.engine.blocks;

import static io.snapline.records.LittleEndian.INT;
import static io.snapline.records.LittleEndian.LONG;
import static io.snapline.records.LittleEndian.SHORT;
import static io.snapline.records.RecordLayout.RECORD_HEADER_LENGTH;
import static io.snapline.records.RecordLayout.RECORD_LENGTH_OFFSET;
import static io.snapline.records.RecordLayout.RECORD_LINE_OFFSET_OFFSET;
import static io.snapline.records.RecordLayout.RECORD_SOURCE_OFFSET;

import io.snapline.engine.parse.LineParser;
import io.snapline.records.Field;
import io.snapline.records.RecordLayout;
import io.snapline.records.RecordWriter;
import io.snapline.tailer.NodeStream;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Block accounting on the writer thread, once a batch before it is written (docs/operations.md,
 * "Blocks"): gives every event its index within its block, seals complete blocks, records gaps in
 * block numbers and stalls of streams, and stores what a restart needs after the batch's positions.
 *
 * <p>It runs in ring order, so it sees each sequence's lines in file order whatever parse worker
 * read them. A parse worker writes each event's index within its line; this adds the events the
 * block had in earlier lines (a streaming block spans many lines and batches), which only an
 * in-order pass can know. By layout:
 * <ul>
 *   <li>by-block: each line is a whole block (empty ones too), sealed as it comes; a jump in block
 *       numbers is a {@code certain} gap;</li>
 *   <li>streaming: a block is sealed when a later block's line appears; a jump is only a
 *       {@code possible} gap, since a block without events of the stream writes no line, and names
 *       as {@code evidence} another sequence that showed events in the missing blocks;</li>
 *   <li>plain: no block number, nothing is counted or invented (its lines still count for stalls).</li>
 * </ul>
 * A block number lower than the sequence's last is counted as out of order and changes nothing. A
 * by-block gap with dead letters between its two lines is only {@code possible}: the dead letters
 * may be the missing blocks' lines.
 */
public final class BlockLedger {

    private static final int SEALS = 0;
    private static final int CERTAIN_GAPS = 1;
    private static final int POSSIBLE_GAPS = 2;
    private static final int CERTAIN_MISSING = 3;
    private static final int POSSIBLE_MISSING = 4;
    private static final int OUT_OF_ORDER = 5;

    private final Map<String, SequenceBlocks> sequences = new LinkedHashMap<>();
    /** The same sequences in an array, walked once a batch without an iterator. */
    private SequenceBlocks[] all = new SequenceBlocks[16];
    private int allCount;
    private final StallWatch stalls;
    private final AtomicLongArray counts = new AtomicLongArray(6);
    private long seals;
    private SequenceBlocks[] bySource = new SequenceBlocks[64];
    private byte[] state = new byte[1024];

    /**
     * @param stallAfter how long a stream may be silent while others advance (zero: never a stall)
     * @param resumed    the state the last durable batch stored ({@link LedgerCodec#decode})
     * @param streams    the engine's sequences and their streams, for the restored state
     */
    public BlockLedger(Duration stallAfter, Map<String, LedgerCodec.Entry> resumed, Map<String, NodeStream> streams) {
        this.stalls = new StallWatch(stallAfter);
        long now = System.nanoTime();
        for (Map.Entry<String, LedgerCodec.Entry> e : resumed.entrySet()) {
            NodeStream stream = streams.get(e.getKey());
            if (stream == null) {
                continue; // a sequence this run does not read: its state is not carried on
            }
            SequenceBlocks s = new SequenceBlocks(e.getKey(), stream);
            s.lastBlock = e.getValue().lastBlock();
            s.eventsInBlock = e.getValue().eventsInBlock();
            s.unreadableSinceBlock = e.getValue().unreadableSinceBlock();
            s.lastFile(e.getValue().lastFile());
            add(s);
            stalls.restored(stream, s.lastBlock, now);
        }
    }

    /** No state before: a first start, with stalls after {@code stallAfter}. */
    public static BlockLedger fresh(Duration stallAfter) {
        return new BlockLedger(stallAfter, Map.of(), Map.of());
    }

    /** Writer thread: accounts for one parsed batch, before it is written. */
    public void account(BlockLines batch) {
        RecordWriter out = batch.records();
        int sourceCount = batch.sourceCount();
        if (bySource.length < sourceCount) {
            bySource = new SequenceBlocks[Math.max(sourceCount, 2 * bySource.length)];
        }
        for (int s = 0; s < sourceCount; s++) {
            SequenceBlocks known = sequences.get(batch.sourceSequence(s));
            if (known == null) { // once per sequence and run
                known = new SequenceBlocks(batch.sourceSequence(s), batch.sourceStream(s));
                add(known);
            }
            bySource[s] = known;
        }
        int end = out.length();
        int at = 0;
        for (int i = 0; i < batch.lineCount(); i++) {
            int source = batch.lineSource(i);
            long lineOffset = batch.lineOffset(i);
            long block = batch.lineBlock(i);
            SequenceBlocks s = bySource[source];
            stalls.spoke(s.stream, block, source, lineOffset);
            long base = 0;
            if (block == LineParser.NO_BLOCK) {
                s.unreadableSinceBlock++;
            } else {
                base = step(out, s, block, batch.lineEvents(i), batch, source, lineOffset);
                s.unreadableSinceBlock = 0;
            }
            byte[] records = out.buffer(); // after step: an appended record may have grown it
            while (at < end && (short) SHORT.get(records, at + RECORD_SOURCE_OFFSET) == (short) source
                    && (long) LONG.get(records, at + RECORD_LINE_OFFSET_OFFSET) == lineOffset) {
                if (base != 0 && records[at + RECORD_HEADER_LENGTH] == Field.EVENT_INDEX.id()
                        && records[at + RECORD_HEADER_LENGTH + 1] == RecordLayout.KIND_LONG) {
                    int value = at + RECORD_HEADER_LENGTH + 2;
                    LONG.set(records, value, (long) LONG.get(records, value) + base);
                }
                at += (int) INT.get(records, at + RECORD_LENGTH_OFFSET);
            }
        }
        stalls.endBatch(out, System.nanoTime());
        counts.set(SEALS, seals);
        int length = LedgerCodec.length(all, allCount);
        if (state.length < length) {
            state = new byte[Math.max(length, 2 * state.length)];
        }
        batch.appendToPositions(state, 0, LedgerCodec.encode(all, allCount, state));
    }

    private void add(SequenceBlocks s) {
        sequences.put(s.sequence, s);
        if (allCount == all.length) {
            all = java.util.Arrays.copyOf(all, 2 * allCount);
        }
        all[allCount++] = s;
    }

    /** One line with a block: returns what to add to its events' indexes. */
    private long step(RecordWriter out, SequenceBlocks s, long block, int events, BlockLines batch, int source,
                      long lineOffset) {
        if (events > 0) {
            s.sawEvents(block);
        }
        long last = s.lastBlock;
        if (last != LineParser.NO_BLOCK && block < last) {
            counts.incrementAndGet(OUT_OF_ORDER);
            if (s.byBlock) {
                seal(out, s, block, events, source, lineOffset); // still a whole block
            }
            return 0;
        }
        if (s.byBlock) {
            if (last != LineParser.NO_BLOCK && block > last + 1) {
                // Certain, unless unreadable lines (dead letters) came between: those may be the blocks.
                gap(out, s, last + 1, block - 1, s.unreadableSinceBlock == 0, batch.sourcePath(source), source,
                        lineOffset);
            }
            seal(out, s, block, events, source, lineOffset);
            s.lastBlock = block;
            s.eventsInBlock = events;
            s.lastFile(batch.sourcePath(source));
            return 0;
        }
        if (block == last) {
            long base = s.eventsInBlock;
            s.eventsInBlock += events;
            s.lastFile(batch.sourcePath(source));
            return base;
        }
        if (last != LineParser.NO_BLOCK) {
            seal(out, s, last, s.eventsInBlock, source, lineOffset);
            if (block > last + 1) {
                gap(out, s, last + 1, block - 1, false, batch.sourcePath(source), source, lineOffset);
            }
        }
        s.lastBlock = block;
        s.eventsInBlock = events;
        s.lastFile(batch.sourcePath(source));
        return 0;
    }

    private void seal(RecordWriter out, SequenceBlocks s, long block, long events, int source, long lineOffset) {
        BlockRecords.seal(out, s, block, events, source, lineOffset);
        seals++;
    }

    private void gap(RecordWriter out, SequenceBlocks s, long from, long to, boolean certain, String fileAfter,
                     int source, long lineOffset) {
        byte[] evidence = null;
        if (!certain) {
            for (int i = 0; i < allCount; i++) {
                SequenceBlocks other = all[i];
                if (other != s && other.sawEventsIn(from, to)) {
                    evidence = other.sequenceBytes;
                    break;
                }
            }
        }
        BlockRecords.gap(out, s, from, to, certain, evidence, SequenceBlocks.utf8(fileAfter), source, lineOffset);
        counts.incrementAndGet(certain ? CERTAIN_GAPS : POSSIBLE_GAPS);
        counts.addAndGet(certain ? CERTAIN_MISSING : POSSIBLE_MISSING, to - from + 1);
    }

    /** Blocks sealed since this start. */
    public long seals() {
        return counts.get(SEALS);
    }

    /** Gaps recorded since this start: by-block ({@code certain}) or streaming ({@code possible}). */
    public long gaps(boolean certain) {
        return counts.get(certain ? CERTAIN_GAPS : POSSIBLE_GAPS);
    }

    /** Blocks inside the gaps recorded since this start. */
    public long missingBlocks(boolean certain) {
        return counts.get(certain ? CERTAIN_MISSING : POSSIBLE_MISSING);
    }

    /** Lines whose block number was below their sequence's last. */
    public long outOfOrder() {
        return counts.get(OUT_OF_ORDER);
    }

    /** Streams stalled now. */
    public int stalledStreams() {
        return stalls.stalledCount();
    }

    /** Why streams are stalled, for /healthz; null when none is. */
    public String stalledReason() {
        return stalls.stalledReason();
    }
}
