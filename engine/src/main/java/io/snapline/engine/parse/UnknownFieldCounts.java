package io.snapline.engine.parse;

import io.snapline.records.RecordWriter;
import io.snapline.tailer.NodeStream;
import java.util.Arrays;

/**
 * One parse worker's counts of unknown fields, by name, in plain longs, published to the shared
 * {@link UnknownFields} once per batch. A name is found by a hash of its bytes in a table of at
 * most {@link UnknownFields#MAX_NAMES_PER_STREAM} names per stream; only a name new to this worker
 * goes to the shared names (a lock, a copy of the name), so counting a known name allocates
 * nothing. Once the shared names are full, every name not among them counts as
 * {@link UnknownFields#OTHER} without asking. Not thread-safe: one per worker.
 */
final class UnknownFieldCounts {

    /** Four times the names a stream can have (a power of two): a table never more than a quarter full. */
    private static final int SLOTS = 256;

    private final UnknownFields shared;
    private final int streams = NodeStream.values().length;
    /** Per stream and slot: the name's bytes, or null; its index in the shared names. */
    private final byte[][][] names = new byte[streams][SLOTS][];
    private final int[][] indexes = new int[streams][SLOTS];
    private final boolean[] full = new boolean[streams];
    private final long[][] pending = new long[streams][UnknownFields.MAX_NAMES_PER_STREAM + 1];
    private boolean anyPending;

    UnknownFieldCounts(UnknownFields shared) {
        this.shared = shared;
    }

    /** Counts the members {@code records} holds for its current line (see {@link RecordWriter#lineMemberCount()}). */
    void countLine(NodeStream stream, RecordWriter records) {
        int members = records.lineMemberCount();
        for (int i = 0; i < members; i++) {
            count(stream, records.buffer(), records.lineMemberNameOffset(i), records.lineMemberNameLength(i));
        }
    }

    void count(NodeStream stream, byte[] bytes, int offset, int length) {
        int s = stream.ordinal();
        int slot = find(s, bytes, offset, length);
        int index;
        if (names[s][slot] != null) {
            index = indexes[s][slot];
        } else if (full[s]) {
            index = UnknownFields.OTHER_INDEX;
        } else {
            index = shared.register(stream, bytes, offset, length);
            if (index == UnknownFields.OTHER_INDEX) {
                // The shared names are full, for good: learn them all, then never ask again.
                full[s] = true;
                byte[][] all = shared.namesOf(stream);
                for (int i = 0; i < all.length; i++) {
                    int at = find(s, all[i], 0, all[i].length);
                    if (names[s][at] == null) {
                        put(s, at, all[i], i);
                    }
                }
            } else {
                put(s, slot, Arrays.copyOfRange(bytes, offset, offset + length), index);
            }
        }
        pending[s][index]++;
        anyPending = true;
    }

    /** Adds what was counted since the last call to the shared counts: once per batch. */
    void publish() {
        if (!anyPending) {
            return;
        }
        for (NodeStream stream : NodeStream.values()) {
            long[] counts = pending[stream.ordinal()];
            for (int i = 0; i < counts.length; i++) {
                if (counts[i] != 0) {
                    shared.add(stream, i, counts[i]);
                    counts[i] = 0;
                }
            }
        }
        anyPending = false;
    }

    private void put(int stream, int slot, byte[] name, int index) {
        names[stream][slot] = name;
        indexes[stream][slot] = index;
    }

    /** The slot holding this name, or the empty slot where it would go (the table is never more than half full). */
    private int find(int stream, byte[] bytes, int offset, int length) {
        int h = 0x811C9DC5;
        for (int i = offset, end = offset + length; i < end; i++) {
            h = (h ^ bytes[i]) * 0x01000193;
        }
        byte[][] table = names[stream];
        for (int slot = (h ^ h >>> 16) & (SLOTS - 1); ; slot = (slot + 1) & (SLOTS - 1)) {
            byte[] name = table[slot];
            if (name == null || Arrays.equals(name, 0, name.length, bytes, offset, offset + length)) {
                return slot;
            }
        }
    }
}
