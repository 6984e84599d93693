package io.snapline.engine.parse;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The field names an extractor looks for in one object, each by its index. Looked up by
 * String (Jackson interns names, so the identity check nearly always decides) or by the raw
 * ASCII bytes (the fast cursor). Tables are small (under 30 names), so a scan filtered by
 * length and first byte beats hashing.
 */
public final class NameTable {

    private final String[] names;
    private final byte[][] bytes;
    private final int[] lengths;
    private final byte[] firstBytes;

    private NameTable(String[] names) {
        this.names = names.clone();
        this.bytes = new byte[names.length][];
        this.lengths = new int[names.length];
        this.firstBytes = new byte[names.length];
        for (int i = 0; i < names.length; i++) {
            this.names[i] = names[i].intern();
            bytes[i] = names[i].getBytes(StandardCharsets.US_ASCII);
            lengths[i] = bytes[i].length;
            firstBytes[i] = bytes[i].length > 0 ? bytes[i][0] : 0;
        }
    }

    public static NameTable of(String... names) {
        return new NameTable(names);
    }

    public int size() {
        return names.length;
    }

    public String name(int index) {
        return names[index];
    }

    /** Index of this name, or -1. */
    public int indexOf(String name) {
        for (int i = 0; i < names.length; i++) {
            if (names[i] == name) {
                return i;
            }
        }
        for (int i = 0; i < names.length; i++) {
            if (names[i].equals(name)) {
                return i;
            }
        }
        return -1;
    }

    /** Index of the name spelled by these ASCII bytes, or -1. */
    public int indexOf(byte[] source, int offset, int length) {
        if (length == 0) {
            return indexOfEmpty();
        }
        byte first = source[offset];
        for (int i = 0; i < names.length; i++) {
            if (lengths[i] == length && firstBytes[i] == first
                    && Arrays.equals(bytes[i], 0, length, source, offset, offset + length)) {
                return i;
            }
        }
        return -1;
    }

    private int indexOfEmpty() {
        for (int i = 0; i < names.length; i++) {
            if (lengths[i] == 0) {
                return i;
            }
        }
        return -1;
    }
}
