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
 *
 * <p>Both are kept from line to line up to a floor ({@link #KEPT_LINE_BYTES},
 * {@link #KEPT_RECORD_BYTES}: a by-block backlog of 3.7 MB lines reuses them, allocating nothing
 * a line) and given back when the writer returns them grown past it: one 64 MiB line must not
 * hold its 72 MiB copy and its records for the life of the process, where the memory watchdog
 * would count them as load that pausing intake cannot free.
 */
final class OversizeLineBuffer {

    /** The line copy kept for the next long line: a 3.7 MB by-block line and its eighth to spare fit. */
    static final int KEPT_LINE_BYTES = 5 << 20;
    /**
     * The record buffer kept: such a line's records, for which it doubles from
     * {@link #INITIAL_RECORD_BYTES} to a little over 8 MiB.
     */
    static final int KEPT_RECORD_BYTES = 10 << 20;
    static final int INITIAL_RECORD_BYTES = 64 * 1024;
    private static final byte[] NONE = new byte[0];

    private final int maxLength;
    private byte[] bytes = NONE;
    private int length;
    private final RecordWriter records = new RecordWriter(INITIAL_RECORD_BYTES);
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
            // longest line), up to the maximum line length; kept up to KEPT_LINE_BYTES.
            bytes = new byte[(int) Math.min(maxLength, lineLength + (long) lineLength / 8)];
        }
        System.arraycopy(source, offset, bytes, 0, lineLength);
        length = lineLength;
        records.reset();
        lent = true;
        return this;
    }

    /**
     * Called by the writer once the slot holding the line is durable (or released unwritten).
     * Gives back what grew past the floors before the buffer is free again, so the reader's next
     * {@link #lend} sees the smaller buffers (the volatile write publishes them).
     */
    void giveBack() {
        if (bytes.length > KEPT_LINE_BYTES) {
            bytes = NONE;
        }
        if (records.capacity() > KEPT_RECORD_BYTES) {
            records.reset(INITIAL_RECORD_BYTES);
        }
        lent = false;
    }

    /**
     * Bytes held now: the line copy and the record buffer. Read by the reader thread for the
     * memory watchdog while the writer may be giving them back: a sample, never a decision.
     */
    long retainedBytes() {
        return (long) bytes.length + records.capacity();
    }

    byte[] bytes() {
        return bytes;
    }

    /** Where the parse worker writes the line's records; kept, grown, from line to line up to its floor. */
    RecordWriter records() {
        return records;
    }

    int length() {
        return length;
    }
}
