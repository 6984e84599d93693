package io.snapline.engine.blocks;

import io.snapline.engine.parse.LineParser;
import io.snapline.tailer.NodeLayout;
import io.snapline.tailer.NodeStream;

import java.nio.charset.StandardCharsets;

/**
 * The block accounting of one file sequence (one stream in one layout), writer thread only: the
 * block its last line was in, how many events that block has had so far, and the file it was in.
 * That is all a restart needs to go on counting ({@link LedgerCodec}). Names are kept encoded so a
 * seal or the ledger's state costs no allocation.
 */
final class SequenceBlocks {

    /** How many recent blocks with events are remembered as evidence for another sequence's gap. */
    private static final int RECENT = 64;

    final String sequence;
    final byte[] sequenceBytes;
    final NodeStream stream;
    final byte[] streamBytes;
    /** By-block lines are whole blocks (empty ones too); anything else is counted as streaming. */
    final boolean byBlock;
    final byte[] layoutBytes;

    long lastBlock = LineParser.NO_BLOCK;
    /** Lines without a block (dead letters) since the last line with one: a jump over them may be those lines. */
    int unreadableSinceBlock;
    long eventsInBlock;
    String lastFile = "";
    byte[] lastFileBytes = new byte[0];

    private final long[] recent = new long[RECENT];
    private int recentCount;
    private int recentNext;

    SequenceBlocks(String sequence, NodeStream stream) {
        this.sequence = sequence;
        this.sequenceBytes = utf8(sequence);
        this.stream = stream;
        this.streamBytes = utf8(stream.directoryName());
        NodeLayout layout = layoutOf(sequence, stream);
        this.byBlock = layout == NodeLayout.BY_BLOCK;
        this.layoutBytes = utf8(layout.configName());
    }

    /** The layout the sequence's name says (HourlyFileSequence names it after the node's directory). */
    static NodeLayout layoutOf(String sequence, NodeStream stream) {
        if (sequence.equals(NodeLayout.BY_BLOCK.directoryName(stream)) || sequence.endsWith("_by_block")) {
            return NodeLayout.BY_BLOCK;
        }
        if (sequence.equals(NodeLayout.PLAIN.directoryName(stream))) {
            return NodeLayout.PLAIN;
        }
        return NodeLayout.STREAMING;
    }

    /** The last block's file; encoded again only when it changes (once an hour). */
    void lastFile(String path) {
        if (!path.equals(lastFile)) {
            lastFile = path;
            lastFileBytes = utf8(path);
        }
    }

    /** A block with events was seen here: evidence that the node made it. */
    void sawEvents(long block) {
        int newest = (recentNext + RECENT - 1) % RECENT;
        if (recentCount > 0 && recent[newest] == block) {
            return;
        }
        recent[recentNext] = block;
        recentNext = (recentNext + 1) % RECENT;
        recentCount = Math.min(RECENT, recentCount + 1);
    }

    /** Whether one of the recent blocks with events is in {@code [from, to]}. */
    boolean sawEventsIn(long from, long to) {
        for (int i = 0; i < recentCount; i++) {
            if (recent[i] >= from && recent[i] <= to) {
                return true;
            }
        }
        return false;
    }

    static byte[] utf8(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return bytes.length <= 0xFFFF ? bytes : java.util.Arrays.copyOf(bytes, 0xFFFF);
    }
}
