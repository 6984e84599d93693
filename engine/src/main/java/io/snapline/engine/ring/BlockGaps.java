package io.snapline.engine.ring;

import io.snapline.engine.parse.LineParser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts jumps in block_number within a file sequence: a block the node should have written a
 * line for and did not, or lines lost upstream of Snapline. The parse workers find the jumps
 * inside a batch ({@link Slot#noteBlock}); this finds those between batches, in ring order, on the
 * writer thread, once per batch and source (never per line).
 *
 * <p>Only block_number going up by more than one counts. In the streaming layout a block without
 * events of that stream has no line, so for sparse streams (fills, trades) a gap can be an empty
 * block; in the by-block layout and for order statuses it is a real hole. Logged at most once a
 * minute, as a summary.
 */
final class BlockGaps {

    private static final Logger LOG = LoggerFactory.getLogger("snapline.blocks");
    private static final long LOG_EVERY_NANOS = TimeUnit.MINUTES.toNanos(1);

    private final Map<String, long[]> lastBySequence = new HashMap<>();
    private final AtomicLong total = new AtomicLong();
    private long unlogged;
    private String lastSequence;
    private long lastFrom;
    private long lastTo;
    private long nextLog = System.nanoTime();

    /** Writer thread: the batch was made durable. */
    void count(Slot slot) {
        long gaps = slot.blockGaps;
        for (int s = 0; s < slot.sourceCount; s++) {
            long first = slot.firstBlock[s];
            if (first == LineParser.NO_BLOCK) {
                continue;
            }
            String sequence = slot.sourceFiles[s].sequence();
            long[] last = lastBySequence.get(sequence);
            if (last == null) {
                lastBySequence.put(sequence, new long[] {slot.lastBlock[s]});
                continue;
            }
            if (first > last[0] + 1) {
                gaps++;
                lastSequence = sequence;
                lastFrom = last[0];
                lastTo = first;
            }
            last[0] = Math.max(last[0], slot.lastBlock[s]);
        }
        if (gaps > 0) {
            total.addAndGet(gaps);
            unlogged += gaps;
        }
        if (unlogged > 0 && System.nanoTime() - nextLog >= 0) {
            nextLog = System.nanoTime() + LOG_EVERY_NANOS;
            LOG.warn("block_number gaps: {} since the last report, {} in all{}", unlogged, total.get(),
                    lastSequence == null ? "" : "; last between batches in " + lastSequence + ": " + lastFrom
                            + " then " + lastTo);
            unlogged = 0;
        }
    }

    long total() {
        return total.get();
    }
}
