package io.snapline.engine.parse;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Strict UTF-8 (RFC 3629) checks and encoding without allocating: decoded JSON text goes into a
 * record's buffer directly, never through a String.
 */
final class Utf8 {

    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long HIGH_BITS = 0x8080808080808080L;

    private Utf8() {
    }

    /**
     * Whether the bytes are well-formed UTF-8: no overlong forms, no encoded surrogates, nothing
     * above U+10FFFF, no sequence cut short. Lines are nearly all ASCII, checked 8 bytes a step.
     */
    static boolean isValid(byte[] bytes, int offset, int length) {
        int i = offset;
        int end = offset + length;
        while (i + 8 <= end && ((long) LONG.get(bytes, i) & HIGH_BITS) == 0) {
            i += 8;
        }
        while (i < end) {
            int b = bytes[i];
            if (b >= 0) {
                i++;
                continue;
            }
            b &= 0xFF;
            int need;
            int min2 = 0x80;
            int max2 = 0xBF;
            if (b >= 0xC2 && b <= 0xDF) {
                need = 1;
            } else if (b >= 0xE0 && b <= 0xEF) {
                need = 2;
                if (b == 0xE0) {
                    min2 = 0xA0; // below is overlong
                } else if (b == 0xED) {
                    max2 = 0x9F; // above are surrogates
                }
            } else if (b >= 0xF0 && b <= 0xF4) {
                need = 3;
                if (b == 0xF0) {
                    min2 = 0x90; // below is overlong
                } else if (b == 0xF4) {
                    max2 = 0x8F; // above is past U+10FFFF
                }
            } else {
                return false;
            }
            if (i + need >= end) { // cut short by the end of the line
                return false;
            }
            int second = bytes[i + 1] & 0xFF;
            if (second < min2 || second > max2) {
                return false;
            }
            for (int k = 2; k <= need; k++) {
                if ((bytes[i + k] & 0xC0) != 0x80) {
                    return false;
                }
            }
            i += need + 1;
        }
        return true;
    }

    /** UTF-8 length of the chars, or -1 if they hold a surrogate without its other half. */
    static int encodedLength(char[] chars, int offset, int length) {
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
    static int encode(char[] chars, int offset, int length, byte[] target, int at) {
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
