package io.snapline.engine.ring;

import io.snapline.records.RecordWriter;

/**
 * The one buffer for a line bigger than a slot's slab (by-block lines reach MBs), with the one
 * record buffer for that line's records. Both are lent to one slot at a time and come back when
 * the writer releases that slot, so memory stays bounded by the ring plus one
 * maximum-length line and its records however many such lines arrive. Keeping the records here
 * rather than in the slot means a slot's own record buffer never grows for such a line: it
 * would otherwise grow by doubling (old and new copies live at once) and be dropped again at
 * the slot's next claim, for every long line.
 */
final class OversizeLineBuffer {

    private final int maxLength;
    private byte[] bytes = new byte[0];
    private int length;
    private final RecordWriter records = new RecordWriter(64 * 1024);
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
            // Grows to the line with an eighth to spare (doubling would hold up to twice the
            // longest line), up to the maximum line length, and then stays: one buffer, ever.
            bytes = new byte[(int) Math.min(maxLength, lineLength + (long) lineLength / 8)];
        }
        System.arraycopy(source, offset, bytes, 0, lineLength);
        length = lineLength;
        records.reset();
        lent = true;
        return this;
    }

    /** Called by the writer once the slot holding the line is durable. */
    void giveBack() {
        lent = false;
    }

    byte[] bytes() {
        return bytes;
    }

    /** Where the parse worker writes the line's records; kept, grown, from line to line. */
    RecordWriter records() {
        return records;
    }

    int length() {
        return length;
    }

    /** Heap this buffer and its record buffer hold now; both stay as grown. */
    long heldBytes() {
        return bytes.length + (long) records.capacity();
    }
}
