package io.snapline.engine.parse;

import static io.snapline.records.LittleEndian.LONG;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One {@link NameTable} as an open-addressing hash table on a name's length and first sixteen
 * bytes, for {@link FastJsonCursor#nameIndex}: one probe and two {@code long} compares where the
 * table's own byte lookup scans every name. A cursor builds one per table, the first time it
 * sees the table; tables are immutable, so it stays right. Not thread-safe (it remembers where
 * the last name was found), like the cursor that owns it.
 *
 * <p>It answers as the reference cursor does, which looks names up by {@code String}: the index
 * of the first entry equal to the name, or -1. A table entry with a character outside ASCII can
 * equal no name the fast cursor reads (those are ASCII), so it is left out.
 */
final class NameLookup {

    /** For 0 to 8 bytes: the bits of a word that keep its first (little-endian: lowest) bytes. */
    private static final long[] MASKS = {0, 0xFFL, 0xFFFFL, 0xFF_FFFFL, 0xFFFF_FFFFL, 0xFF_FFFF_FFFFL,
        0xFFFF_FFFF_FFFFL, 0xFF_FFFF_FFFF_FFFFL, -1L};

    final NameTable table;

    private final int shift;
    /** Entry index + 1 per slot; 0 for an empty slot. */
    private final int[] slots;
    private final int[] lengths;
    private final long[] firstWords;
    private final long[] secondWords;
    private final byte[][] names;
    /** False for an entry that repeats an earlier one (or is not ASCII): it is never the answer. */
    private final boolean[] firsts;
    /** The entry after the last one found (the first after the last entry): the likeliest next name. */
    private int next;

    NameLookup(NameTable table) {
        this.table = table;
        int size = table.size();
        int bits = 3;
        while ((1 << bits) < 4 * size) {
            bits++;
        }
        this.shift = 64 - bits;
        this.slots = new int[1 << bits];
        this.lengths = new int[size];
        this.firstWords = new long[size];
        this.secondWords = new long[size];
        this.names = new byte[size][];
        this.firsts = new boolean[size];
        for (int i = 0; i < size; i++) {
            String name = table.name(i);
            if (!isAscii(name)) {
                continue;
            }
            byte[] bytes = name.getBytes(StandardCharsets.US_ASCII);
            names[i] = bytes;
            lengths[i] = bytes.length;
            firstWords[i] = word(bytes, 0, bytes.length);
            secondWords[i] = word(bytes, 8, bytes.length);
            if (find(bytes, 0, bytes.length, firstWords[i], secondWords[i]) < 0) {
                firsts[i] = true;
                int slot = slot(bytes.length, firstWords[i], secondWords[i]);
                while (slots[slot] != 0) {
                    slot = (slot + 1) & (slots.length - 1);
                }
                slots[slot] = i + 1; // the first of equal names wins, as in the table
            }
        }
        next = 0;
    }

    /** Index of the name spelled by these ASCII bytes, or -1. */
    int indexOf(byte[] source, int offset, int length) {
        long first;
        long second;
        if (offset + 2 * Long.BYTES <= source.length) {
            first = (long) LONG.get(source, offset) & MASKS[Math.min(length, Long.BYTES)];
            second = (long) LONG.get(source, offset + Long.BYTES)
                    & MASKS[Math.max(0, Math.min(length - Long.BYTES, Long.BYTES))];
        } else {
            first = word(source, offset, offset + length);
            second = word(source, offset + Long.BYTES, offset + length);
        }
        return find(source, offset, length, first, second);
    }

    private int find(byte[] source, int offset, int length, long first, long second) {
        // Extractors look names up in the order the node writes them, which is mostly the
        // table's order: the entry after the last one found is tried first.
        int guess = next;
        if (guess < lengths.length && matches(guess, source, offset, length, first, second)) {
            next = guess + 1 == lengths.length ? 0 : guess + 1;
            return guess;
        }
        int slot = slot(length, first, second);
        int entry;
        while ((entry = slots[slot]) != 0) {
            int i = entry - 1;
            if (matches(i, source, offset, length, first, second)) {
                next = i + 1 == lengths.length ? 0 : i + 1;
                return i;
            }
            slot = (slot + 1) & (slots.length - 1);
        }
        return -1;
    }

    /** Whether entry {@code i} is the first of the table's entries equal to the name. */
    private boolean matches(int i, byte[] source, int offset, int length, long first, long second) {
        return lengths[i] == length && firstWords[i] == first && secondWords[i] == second && firsts[i]
                && (length <= 2 * Long.BYTES || Arrays.equals(names[i], 2 * Long.BYTES, length,
                        source, offset + 2 * Long.BYTES, offset + length));
    }

    private int slot(int length, long first, long second) {
        long h = (first * 0x9E3779B97F4A7C15L) ^ (second * 0xC2B2AE3D27D4EB4FL) ^ length;
        return (int) ((h * 0x9E3779B97F4A7C15L) >>> shift);
    }


    /** Bytes {@code [from, min(from + 8, to))} as a little-endian word, zero-padded. */
    private static long word(byte[] bytes, int from, int to) {
        long word = 0;
        for (int i = Math.min(to, from + Long.BYTES) - 1; i >= from; i--) {
            word = word << 8 | (bytes[i] & 0xFF);
        }
        return word;
    }

    private static boolean isAscii(String name) {
        for (int i = 0; i < name.length(); i++) {
            if (name.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }
}
