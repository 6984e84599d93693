package io.snapline.engine.blocks;

import static io.snapline.records.LittleEndian.INT;
import static io.snapline.records.LittleEndian.LONG;
import static io.snapline.records.LittleEndian.SHORT;

import io.snapline.records.PositionsCodec;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The ledger's state after the file entries of a batch's positions, so it is durable in the same
 * step as the records it accounts for, and a restart resumes counting where the last durable batch
 * stopped. Readers of positions stop after the entries, so older ones never see it. Little-endian:
 *
 * <pre>
 *  [i32 magic "SNBL"] [u16 version 1] [u16 count] then count x
 *  [u16 n][sequence UTF-8] [i64 last block] [i64 events so far in it]
 *  [i32 lines without a block since it (dead letters)] [u16 n][file of the last block UTF-8]
 * </pre>
 */
public final class LedgerCodec {

    static final int MAGIC = 0x4C424E53; // "SNBL" read little-endian
    static final int VERSION = 1;
    static final int HEAD_BYTES = 8;
    /** Last block, events in it, unreadable lines since. */
    private static final int FIXED = 20;

    /** What a restart needs of one sequence. */
    public record Entry(long lastBlock, long eventsInBlock, int unreadableSinceBlock, String lastFile) {
    }

    private LedgerCodec() {
    }

    /** Bytes {@code sequences}' state takes. */
    static int length(SequenceBlocks[] sequences, int count) {
        int length = HEAD_BYTES;
        for (int i = 0; i < count; i++) {
            SequenceBlocks s = sequences[i];
            if (s.lastBlock >= 0) {
                length += 2 + s.sequenceBytes.length + FIXED + 2 + s.lastFileBytes.length;
            }
        }
        return length;
    }

    /** Writes the state of every sequence with a block at {@code out[0]} (an array: no iterator per batch); returns the length. */
    static int encode(SequenceBlocks[] sequences, int sequenceCount, byte[] out) {
        INT.set(out, 0, MAGIC);
        SHORT.set(out, 4, (short) VERSION);
        int count = 0;
        int at = HEAD_BYTES;
        for (int i = 0; i < sequenceCount; i++) {
            SequenceBlocks s = sequences[i];
            if (s.lastBlock < 0) {
                continue;
            }
            at = putText(out, at, s.sequenceBytes);
            LONG.set(out, at, s.lastBlock);
            LONG.set(out, at + 8, s.eventsInBlock);
            INT.set(out, at + 16, s.unreadableSinceBlock);
            at = putText(out, at + FIXED, s.lastFileBytes);
            count++;
        }
        SHORT.set(out, 6, (short) count);
        return at;
    }

    /**
     * The state stored after the entries of a positions blob, by sequence; empty when there is none
     * (a batch written before the ledger, or no positions at all).
     *
     * @throws IllegalArgumentException when the state is there but cut short
     */
    public static Map<String, Entry> decode(byte[] positions, int offset, int length) {
        Map<String, Entry> entries = new LinkedHashMap<>();
        if (positions == null || length < PositionsCodec.COUNT_BYTES) {
            return entries;
        }
        int end = offset + length;
        int at = PositionsCodec.entriesEnd(positions, offset, length);
        if (end - at < HEAD_BYTES || (int) INT.get(positions, at) != MAGIC) {
            return entries;
        }
        int version = Short.toUnsignedInt((short) SHORT.get(positions, at + 4));
        if (version != VERSION) {
            throw new IllegalArgumentException("block ledger version " + version + ", this reader reads " + VERSION);
        }
        int count = Short.toUnsignedInt((short) SHORT.get(positions, at + 6));
        at += HEAD_BYTES;
        for (int i = 0; i < count; i++) {
            String sequence = text(positions, at, end, i);
            at += 2 + Short.toUnsignedInt((short) SHORT.get(positions, at));
            if (at + FIXED > end) {
                throw new IllegalArgumentException("block ledger truncated in entry " + i + " of " + count);
            }
            long lastBlock = (long) LONG.get(positions, at);
            long events = (long) LONG.get(positions, at + 8);
            int unreadable = (int) INT.get(positions, at + 16);
            at += FIXED;
            String file = text(positions, at, end, i);
            at += 2 + Short.toUnsignedInt((short) SHORT.get(positions, at));
            entries.put(sequence, new Entry(lastBlock, events, unreadable, file));
        }
        return entries;
    }

    private static String text(byte[] bytes, int at, int end, int entry) {
        if (at + 2 > end || at + 2 + Short.toUnsignedInt((short) SHORT.get(bytes, at)) > end) {
            throw new IllegalArgumentException("block ledger truncated in entry " + entry);
        }
        return new String(bytes, at + 2, Short.toUnsignedInt((short) SHORT.get(bytes, at)), StandardCharsets.UTF_8);
    }

    private static int putText(byte[] out, int at, byte[] text) {
        SHORT.set(out, at, (short) text.length);
        System.arraycopy(text, 0, out, at + 2, text.length);
        return at + 2 + text.length;
    }
}
