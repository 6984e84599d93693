package io.snapline.engine.filter;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collection;

/**
 * A fixed set of UTF-8 strings, asked about bytes in place: {@code contains(bytes, offset,
 * length)} hashes and compares the bytes where they are, so a lookup allocates nothing. Built
 * once at start, read by every parse worker; open addressing in a table at most half full.
 */
final class ByteStringSet {

    private final byte[][] table;
    private final int mask;
    private final int size;

    ByteStringSet(Collection<String> values) {
        int capacity = Integer.highestOneBit(Math.max(2, values.size()) * 2 - 1) << 1;
        table = new byte[capacity][];
        mask = capacity - 1;
        int count = 0;
        for (String value : values) {
            byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
            int slot = hash(utf8, 0, utf8.length) & mask;
            while (table[slot] != null && !Arrays.equals(table[slot], utf8)) {
                slot = (slot + 1) & mask;
            }
            if (table[slot] == null) {
                table[slot] = utf8;
                count++;
            }
        }
        size = count;
    }

    boolean contains(byte[] bytes, int offset, int length) {
        for (int slot = hash(bytes, offset, length) & mask; ; slot = (slot + 1) & mask) {
            byte[] entry = table[slot];
            if (entry == null) {
                return false;
            }
            if (entry.length == length && Arrays.equals(entry, 0, length, bytes, offset, offset + length)) {
                return true;
            }
        }
    }

    int size() {
        return size;
    }

    private static int hash(byte[] bytes, int offset, int length) {
        int h = 0x811C9DC5; // FNV-1a: addresses share their "0x" and coins their length, so mix every byte
        for (int i = offset; i < offset + length; i++) {
            h = (h ^ bytes[i]) * 0x01000193;
        }
        return h ^ (h >>> 16);
    }
}
