package io.snapline.engine.parse;

import io.snapline.records.DeadLetterReason;
import io.snapline.records.Field;
import io.snapline.records.RecordLayout;
import io.snapline.records.RecordType;
import io.snapline.records.RecordWriter;

/** Writes the one record a rejected line becomes: reason, detail, length and the raw bytes. */
final class DeadLetters {

    /** Longest detail kept, in characters, so a dead letter stays within its line's record bound. */
    static final int MAX_DETAIL_LENGTH = 128;

    private DeadLetters() {
    }

    static void write(RecordWriter out, DeadLetterReason reason, String detail, int sourceIndex, long lineOffset,
            long lineLength, byte[] raw, int rawOffset, int rawLength) {
        out.beginRecord(RecordType.DEAD_LETTER, sourceIndex, lineOffset);
        byte[] label = reason.labelBytes();
        out.putText(Field.REASON, RecordLayout.KIND_STRING, label, 0, label.length);
        if (detail != null) {
            putDetail(out, detail);
        }
        out.putLong(Field.LINE_LENGTH, lineLength);
        out.putBytes(Field.RAW, raw, rawOffset, rawLength);
        out.endRecord();
    }

    /**
     * Details are constants or class names, ASCII in practice: written char by char without a
     * byte[] copy, at most {@link #MAX_DETAIL_LENGTH} of them, any other character as '?' so the
     * detail is one byte a character.
     */
    private static void putDetail(RecordWriter out, String detail) {
        int length = Math.min(detail.length(), MAX_DETAIL_LENGTH);
        out.beginText(Field.DETAIL, RecordLayout.KIND_STRING, length);
        byte[] target = out.textTarget();
        int at = out.textTargetOffset();
        for (int i = 0; i < length; i++) {
            char c = detail.charAt(i);
            target[at + i] = c < 0x80 ? (byte) c : (byte) '?';
        }
        out.advance(length);
    }
}
