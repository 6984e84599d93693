package io.snapline.records;

import java.util.Arrays;

/**
 * The keys one record's JSON line has used, as decoded names, so that a member (an unknown field)
 * never prints under a key the line already has: the record view's own keys and every
 * {@link Field#jsonName()} are taken from the start, and each member takes its name, or that
 * name with {@code _} in front as many times as it takes to be new. Reused from record to record;
 * allocation-free once grown to the most members a record has had. Not thread-safe.
 */
final class MemberKeys {

    private static final String[] RESERVED = reserved();

    private char[] chars = new char[1024];
    private int used;
    private int[] starts = new int[128];
    private int[] lengths = new int[128];
    private int size;
    /** Entry index + 1 per slot, 0 for empty; at most half full. */
    private int[] slots = new int[256];

    /** Forgets the previous record's keys; only the reserved ones are taken. */
    void reset() {
        used = 0;
        size = 0;
        Arrays.fill(slots, 0);
        for (String key : RESERVED) {
            addIfNew(key);
        }
    }

    /**
     * Makes {@code name} a key the line does not have yet, prepending {@code _} while it is
     * taken, and takes it.
     *
     * @return how many {@code _} were prepended
     */
    int claim(StringBuilder name) {
        int prefixes = 0;
        while (!addIfNew(name)) {
            name.insert(0, '_');
            prefixes++;
        }
        return prefixes;
    }

    private boolean addIfNew(CharSequence name) {
        int hash = hash(name);
        int mask = slots.length - 1;
        for (int slot = hash & mask; ; slot = (slot + 1) & mask) {
            int entry = slots[slot];
            if (entry == 0) {
                add(name, slot);
                return true;
            }
            if (equals(entry - 1, name)) {
                return false;
            }
        }
    }

    private void add(CharSequence name, int slot) {
        int length = name.length();
        if (used + length > chars.length) {
            chars = Arrays.copyOf(chars, Math.max(2 * chars.length, used + length));
        }
        for (int i = 0; i < length; i++) {
            chars[used + i] = name.charAt(i);
        }
        if (size == starts.length) {
            starts = Arrays.copyOf(starts, 2 * size);
            lengths = Arrays.copyOf(lengths, 2 * size);
        }
        starts[size] = used;
        lengths[size] = length;
        used += length;
        slots[slot] = ++size;
        if (2 * size > slots.length) {
            rehash();
        }
    }

    private void rehash() {
        slots = new int[2 * slots.length];
        int mask = slots.length - 1;
        for (int i = 0; i < size; i++) {
            int slot = hash(i) & mask;
            while (slots[slot] != 0) {
                slot = (slot + 1) & mask;
            }
            slots[slot] = i + 1;
        }
    }

    private boolean equals(int entry, CharSequence name) {
        int length = lengths[entry];
        if (length != name.length()) {
            return false;
        }
        int start = starts[entry];
        for (int i = 0; i < length; i++) {
            if (chars[start + i] != name.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static int hash(CharSequence name) {
        int h = 0;
        for (int i = 0; i < name.length(); i++) {
            h = 31 * h + name.charAt(i);
        }
        return mix(h);
    }

    private int hash(int entry) {
        int h = 0;
        for (int i = starts[entry], end = i + lengths[entry]; i < end; i++) {
            h = 31 * h + chars[i];
        }
        return mix(h);
    }

    private static int mix(int h) {
        return (h ^ (h >>> 16)) * 0x45d9f3b;
    }

    private static String[] reserved() {
        Field[] fields = Field.values();
        String[] keys = new String[4 + 2 * fields.length];
        keys[0] = "type";
        keys[1] = "typeCode";
        keys[2] = "source";
        keys[3] = "offset";
        for (int i = 0; i < fields.length; i++) {
            keys[4 + 2 * i] = fields[i].jsonName();
            keys[5 + 2 * i] = fields[i].jsonName() + "Base64";
        }
        return keys;
    }
}
