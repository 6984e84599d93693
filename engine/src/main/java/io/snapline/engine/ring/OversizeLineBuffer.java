package io.snapline.engine.ring;

/**
 * The one buffer for a line bigger than a slot's slab (by-block lines reach MBs). It is lent to
 * one slot at a time and comes back when the queue writer releases that slot, so memory stays
 * bounded by the ring plus one maximum-length line however many such lines arrive.
 */
final class OversizeLineBuffer {

    private final int maxLength;
    private byte[] bytes = new byte[0];
    private int length;
    private volatile boolean lent;

    OversizeLineBuffer(int maxLength) {
        this.maxLength = maxLength;
    }

    boolean isLent() {
        return lent;
    }

    /** Copies a line in and lends the buffer out. Reader thread only, and only when not lent. */
    OversizeLineBuffer lend(byte[] source, int offset, int lineLength) {
        if (lent) {
            throw new IllegalStateException("oversize buffer already lent");
        }
        if (lineLength > maxLength) {
            throw new IllegalArgumentException("line of " + lineLength + " bytes over the maximum " + maxLength);
        }
        if (bytes.length < lineLength) {
            // Grows by doubling up to the maximum line length, and then stays: one buffer, ever.
            bytes = new byte[(int) Math.min(maxLength, Math.max(lineLength, 2L * bytes.length))];
        }
        System.arraycopy(source, offset, bytes, 0, lineLength);
        length = lineLength;
        lent = true;
        return this;
    }

    /** Called by the queue writer once the slot holding the line is durable. */
    void giveBack() {
        lent = false;
    }

    byte[] bytes() {
        return bytes;
    }

    int length() {
        return length;
    }

    int capacity() {
        return bytes.length;
    }
}
