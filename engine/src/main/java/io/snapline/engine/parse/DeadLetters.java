package io.snapline.engine.parse;

import io.snapline.records.DeadLetterReason;
import io.snapline.records.Field;
import io.snapline.records.RecordLayout;
import io.snapline.records.RecordType;
import io.snapline.records.RecordWriter;
import java.nio.charset.StandardCharsets;

/** Writes the one record a rejected line becomes: reason, detail, length and the raw bytes. */
final class DeadLetters {

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

    /** Details are constants and ASCII in practice: written char by char, without a byte[] copy. */
    private static void putDetail(RecordWriter out, String detail) {
        int length = Math.min(detail.length(), RecordLayout.MAX_TEXT_LENGTH);
        for (int i = 0; i < length; i++) {
            if (detail.charAt(i) >= 0x80) {
                byte[] utf8 = detail.getBytes(StandardCharsets.UTF_8);
                out.putText(Field.DETAIL, RecordLayout.KIND_STRING, utf8, 0,
                        Math.min(utf8.length, RecordLayout.MAX_TEXT_LENGTH));
                return;
            }
        }
        out.beginText(Field.DETAIL, RecordLayout.KIND_STRING, length);
        byte[] target = out.textTarget();
        int at = out.textTargetOffset();
        for (int i = 0; i < length; i++) {
            target[at + i] = (byte) detail.charAt(i);
        }
        out.advance(length);
    }
}
