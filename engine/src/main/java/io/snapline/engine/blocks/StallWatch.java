package io.snapline.engine.blocks;

import io.snapline.records.RecordWriter;
import io.snapline.tailer.NodeStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Finds a stream that is silent while others advance: no line of it for longer than the stall
 * time while batches bring lines of other streams. Judged by stream, not by file sequence, so an
 * operator's switch of layout is not a stall; and only for streams that have spoken (in this run or
 * before the restart), so a stream the node is not asked to write never stalls. A whole node gone
 * quiet is no stall: nothing advances, no batch comes.
 *
 * <p>Writer thread, by batch: a line costs a few array writes ({@link #spoke}); the decision is made
 * once a batch ({@link #endBatch}). The start and the end are each a record, a log line and a change
 * of {@link #stalledCount()} and {@link #stalledReason()}, which other threads read.
 */
final class StallWatch {

    private static final Logger LOG = LoggerFactory.getLogger("snapline.blocks");
    private static final int STREAMS = NodeStream.values().length;
    private static final byte[][] NAMES = new byte[STREAMS][];

    static {
        for (NodeStream stream : NodeStream.values()) {
            NAMES[stream.ordinal()] = SequenceBlocks.utf8(stream.directoryName());
        }
    }

    private final long stallAfterNanos;
    private final boolean[] spoken = new boolean[STREAMS];
    private final long[] lastSpokeNanos = new long[STREAMS];
    private final long[] lastBlock = new long[STREAMS];
    private final boolean[] stalled = new boolean[STREAMS];
    private final boolean[] inBatch = new boolean[STREAMS];
    private final int[] firstSource = new int[STREAMS];
    private final long[] firstOffset = new long[STREAMS];
    private volatile int stalledCount;
    private volatile String stalledReason;

    /** {@code stallAfter} zero: never a stall. */
    StallWatch(Duration stallAfter) {
        this.stallAfterNanos = stallAfter.toNanos();
        java.util.Arrays.fill(lastBlock, -1);
    }

    /** The stream had spoken before a restart: its silence is timed from {@code now}. */
    void restored(NodeStream stream, long block, long now) {
        int s = stream.ordinal();
        spoken[s] = true;
        lastSpokeNanos[s] = now;
        lastBlock[s] = Math.max(lastBlock[s], block);
    }

    /** A line of {@code stream} in this batch (block -1 when it has none). */
    void spoke(NodeStream stream, long block, int source, long offset) {
        int s = stream.ordinal();
        if (!inBatch[s]) {
            inBatch[s] = true;
            firstSource[s] = source;
            firstOffset[s] = offset;
        }
        if (block > lastBlock[s]) {
            lastBlock[s] = block;
        }
    }

    /** Once a batch, after its lines: starts and ends stalls, writing their records into {@code out}. */
    void endBatch(RecordWriter out, long now) {
        int evidence = -1;
        for (int s = 0; s < STREAMS; s++) {
            if (inBatch[s]) {
                evidence = s;
                break;
            }
        }
        if (evidence < 0) {
            return;
        }
        boolean changed = false;
        for (int s = 0; s < STREAMS; s++) {
            if (inBatch[s]) {
                if (stalled[s]) {
                    stalled[s] = false;
                    changed = true;
                    long silent = TimeUnit.NANOSECONDS.toMillis(now - lastSpokeNanos[s]);
                    BlockRecords.stall(out, NAMES[s], false, silent, lastBlock[s], head(s), firstSource[s],
                            firstOffset[s]);
                    LOG.info("stream {} speaks again after {} ms of silence", NodeStream.values()[s].directoryName(),
                            silent);
                }
                spoken[s] = true;
                lastSpokeNanos[s] = now;
            } else if (spoken[s] && !stalled[s] && stallAfterNanos > 0 && now - lastSpokeNanos[s] > stallAfterNanos) {
                stalled[s] = true;
                changed = true;
                long silent = TimeUnit.NANOSECONDS.toMillis(now - lastSpokeNanos[s]);
                int other = evidence;
                BlockRecords.stall(out, NAMES[s], true, silent, lastBlock[s], head(s), firstSource[other],
                        firstOffset[other]);
                LOG.warn("stream {} stalled: no line for {} ms while other streams advance (last block {}, others at {})",
                        NodeStream.values()[s].directoryName(), silent, lastBlock[s], head(s));
            }
        }
        java.util.Arrays.fill(inBatch, false);
        if (changed) {
            publish();
        }
    }

    /** The highest block the other streams have reached, or -1. */
    private long head(int except) {
        long head = -1;
        for (int s = 0; s < STREAMS; s++) {
            if (s != except && lastBlock[s] > head) {
                head = lastBlock[s];
            }
        }
        return head;
    }

    private void publish() {
        List<String> names = new ArrayList<>();
        for (int s = 0; s < STREAMS; s++) {
            if (stalled[s]) {
                names.add(NodeStream.values()[s].directoryName());
            }
        }
        stalledReason = names.isEmpty() ? null : "stalled stream(s): " + String.join(", ", names)
                + " (no line for over " + Duration.ofNanos(stallAfterNanos) + " while others advance)";
        stalledCount = names.size();
    }

    int stalledCount() {
        return stalledCount;
    }

    /** Null when no stream is stalled. */
    String stalledReason() {
        return stalledReason;
    }
}
