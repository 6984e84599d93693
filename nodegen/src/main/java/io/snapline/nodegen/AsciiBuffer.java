package io.snapline.nodegen;

import java.util.SplittableRandom;

/**
 * The growable byte array lines are composed in, as ASCII: numbers, decimals and hex are written
 * digit by digit, so composing a line creates no String and no JSON library object. The
 * generator writes gigabytes; a String per value would be most of its time.
 */
final class AsciiBuffer {

    private static final byte[] HEX = {'0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'a', 'b', 'c', 'd', 'e', 'f'};
    private static final long[] POWERS_OF_TEN = new long[19];

    static {
        long power = 1;
        for (int i = 0; i < POWERS_OF_TEN.length; i++) {
            POWERS_OF_TEN[i] = power;
            power *= 10;
        }
    }

    private byte[] bytes;
    private int length;

    AsciiBuffer(int capacity) {
        this.bytes = new byte[Math.max(64, capacity)];
    }

    int length() {
        return length;
    }

    /** Cuts the content back to {@code newLength} bytes (never grows it). */
    void setLength(int newLength) {
        if (newLength < 0 || newLength > length) {
            throw new IndexOutOfBoundsException("length " + newLength + " of " + length);
        }
        length = newLength;
    }

    /** The backing array; {@code [0, length())} is the content. Valid until the next append. */
    byte[] array() {
        return bytes;
    }

    void set(int index, byte value) {
        if (index < 0 || index >= length) {
            throw new IndexOutOfBoundsException("index " + index + " of " + length);
        }
        bytes[index] = value;
    }

    /** Where {@code ascii} first occurs at or after {@code from}, or -1. */
    int indexOf(String ascii, int from) {
        int n = ascii.length();
        outer:
        for (int i = Math.max(0, from); i <= length - n; i++) {
            for (int j = 0; j < n; j++) {
                if (bytes[i + j] != (byte) ascii.charAt(j)) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    AsciiBuffer append(char c) {
        ensure(1);
        bytes[length++] = (byte) c;
        return this;
    }

    /** {@code ascii} must hold only ASCII characters: each char becomes one byte. */
    AsciiBuffer append(String ascii) {
        int n = ascii.length();
        ensure(n);
        byte[] b = bytes;
        int at = length;
        for (int i = 0; i < n; i++) {
            b[at + i] = (byte) ascii.charAt(i);
        }
        length = at + n;
        return this;
    }

    AsciiBuffer append(byte[] b) {
        return append(b, b.length);
    }

    /** The first {@code count} bytes of {@code b}. */
    AsciiBuffer append(byte[] b, int count) {
        ensure(count);
        System.arraycopy(b, 0, bytes, length, count);
        length += count;
        return this;
    }

    AsciiBuffer append(boolean value) {
        return append(value ? "true" : "false");
    }

    AsciiBuffer append(long value) {
        if (value < 0) {
            if (value == Long.MIN_VALUE) {
                return append(Long.toString(value));
            }
            append('-');
            value = -value;
        }
        return appendDigits(value, digitCount(value));
    }

    /** {@code value} (not negative) with leading zeros up to {@code width} digits. */
    AsciiBuffer appendPadded(long value, int width) {
        return appendDigits(value, Math.max(width, digitCount(value)));
    }

    /**
     * {@code mantissa / 10^scale} as the node writes decimals: no trailing zeros, but always at
     * least one digit after the point ({@code 81295.0}, {@code 0.00965}, {@code -162.6}).
     */
    AsciiBuffer appendDecimal(long mantissa, int scale) {
        if (mantissa < 0) {
            append('-');
            mantissa = -mantissa;
        }
        long unit = POWERS_OF_TEN[scale];
        long whole = mantissa / unit;
        long fraction = mantissa % unit;
        append(whole).append('.');
        if (fraction == 0) {
            return append('0');
        }
        int digits = scale;
        while (fraction % 10 == 0) {
            fraction /= 10;
            digits--;
        }
        return appendPadded(fraction, digits);
    }

    /** Like {@link #appendDecimal} but a whole number has no point: {@code 60000}, {@code 0.2183}. */
    AsciiBuffer appendNumber(long mantissa, int scale) {
        long unit = POWERS_OF_TEN[scale];
        return mantissa % unit == 0 ? append(mantissa / unit) : appendDecimal(mantissa, scale);
    }

    /** {@code 0x} and {@code byteCount} random bytes as lower-case hex, as the node writes addresses and hashes. */
    AsciiBuffer appendHex(SplittableRandom random, int byteCount) {
        ensure(2 + 2 * byteCount);
        byte[] b = bytes;
        int at = length;
        b[at++] = '0';
        b[at++] = 'x';
        for (int i = 0; i < byteCount; i += 8) {
            long bits = random.nextLong();
            for (int j = 0; j < 8 && i + j < byteCount; j++) {
                int v = (int) (bits >>> (8 * j)) & 0xFF;
                b[at++] = HEX[v >>> 4];
                b[at++] = HEX[v & 0xF];
            }
        }
        length = at;
        return this;
    }

    private AsciiBuffer appendDigits(long value, int width) {
        ensure(width);
        int at = length + width;
        length = at;
        for (int i = 0; i < width; i++) {
            bytes[--at] = (byte) ('0' + (int) (value % 10));
            value /= 10;
        }
        return this;
    }

    private static int digitCount(long value) {
        int digits = 1;
        while (digits < POWERS_OF_TEN.length && value >= POWERS_OF_TEN[digits]) {
            digits++;
        }
        return digits;
    }

    private void ensure(int more) {
        if (length + more > bytes.length) {
            long wanted = Math.max(2L * bytes.length, (long) length + more);
            if (wanted > Integer.MAX_VALUE - 8) {
                throw new IllegalStateException("a generated line would exceed 2 GiB");
            }
            bytes = java.util.Arrays.copyOf(bytes, (int) wanted);
        }
    }
}
