package io.snapline.records;

/**
 * The one home of UTF-8 (RFC 3629) in Snapline: what well-formed is, checked and encoded without
 * allocating. The parsers check a line before its first token and encode decoded JSON text
 * straight into a record's buffer; the record view decodes and prints with the same rule.
 */
public final class Utf8 {

    private static final long HIGH_BITS = 0x8080808080808080L;

    private Utf8() {
    }

    /**
     * Whether the bytes are well-formed UTF-8: no overlong forms, no encoded surrogates, nothing
     * above U+10FFFF, no sequence cut short. Lines are nearly all ASCII, so a leading ASCII run is
     * checked 8 bytes a step; the rest goes sequence by sequence.
     */
    public static boolean isValid(byte[] bytes, int offset, int length) {
        int i = offset;
        int end = offset + length;
        while (i + 8 <= end && ((long) LittleEndian.LONG.get(bytes, i) & HIGH_BITS) == 0) {
            i += 8;
        }
        while (i < end) {
            int n = sequenceLength(bytes, i, end);
            if (n == 0) {
                return false;
            }
            i += n;
        }
        return true;
    }

    /**
     * Length (1 to 4) of the well-formed UTF-8 sequence at {@code b[i]}, or 0 if the bytes there,
     * before {@code end}, are not one (no overlongs, no surrogates, nothing above U+10FFFF).
     */
    static int sequenceLength(byte[] b, int i, int end) {
        int b0 = b[i] & 0xFF;
        if (b0 < 0x80) {
            return 1;
        }
        if (b0 < 0xC2) {
            return 0; // a continuation byte, or the lead of an overlong 2-byte form
        }
        if (b0 < 0xE0) {
            return end - i >= 2 && isContinuation(b[i + 1]) ? 2 : 0;
        }
        if (b0 < 0xF0) {
            if (end - i < 3) {
                return 0;
            }
            int b1 = b[i + 1] & 0xFF;
            int low = b0 == 0xE0 ? 0xA0 : 0x80;  // below is overlong
            int high = b0 == 0xED ? 0x9F : 0xBF; // above are surrogates
            return b1 >= low && b1 <= high && isContinuation(b[i + 2]) ? 3 : 0;
        }
        if (b0 < 0xF5) {
            if (end - i < 4) {
                return 0;
            }
            int b1 = b[i + 1] & 0xFF;
            int low = b0 == 0xF0 ? 0x90 : 0x80;  // below is overlong
            int high = b0 == 0xF4 ? 0x8F : 0xBF; // above is past U+10FFFF
            return b1 >= low && b1 <= high && isContinuation(b[i + 2]) && isContinuation(b[i + 3]) ? 4 : 0;
        }
        return 0;
    }

    private static boolean isContinuation(byte b) {
        return (b & 0xC0) == 0x80;
    }

    /** UTF-8 length of the chars, or -1 if they hold a surrogate without its other half. */
    public static int encodedLength(char[] chars, int offset, int length) {
        int bytes = 0;
        int end = offset + length;
        for (int i = offset; i < end; i++) {
            char c = chars[i];
            if (c < 0x80) {
                bytes++;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (!Character.isSurrogate(c)) {
                bytes += 3;
            } else if (Character.isHighSurrogate(c) && i + 1 < end && Character.isLowSurrogate(chars[i + 1])) {
                bytes += 4;
                i++;
            } else {
                return -1;
            }
        }
        return bytes;
    }

    /** Encodes chars already measured by {@link #encodedLength}; returns the bytes written. */
    public static int encode(char[] chars, int offset, int length, byte[] target, int at) {
        int start = at;
        int end = offset + length;
        for (int i = offset; i < end; i++) {
            char c = chars[i];
            if (c < 0x80) {
                target[at++] = (byte) c;
            } else if (c < 0x800) {
                target[at++] = (byte) (0xC0 | (c >> 6));
                target[at++] = (byte) (0x80 | (c & 0x3F));
            } else if (!Character.isSurrogate(c)) {
                target[at++] = (byte) (0xE0 | (c >> 12));
                target[at++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                target[at++] = (byte) (0x80 | (c & 0x3F));
            } else {
                int cp = Character.toCodePoint(c, chars[++i]);
                target[at++] = (byte) (0xF0 | (cp >> 18));
                target[at++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
                target[at++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                target[at++] = (byte) (0x80 | (cp & 0x3F));
            }
        }
        return at - start;
    }
}
