package io.snapline.queue.kafka;

import io.snapline.records.Batch;
import io.snapline.records.BatchDocument;
import io.snapline.records.BatchView;
import io.snapline.records.DeadLetterReason;
import io.snapline.records.Field;
import io.snapline.records.RecordLayout;
import io.snapline.records.RecordType;
import io.snapline.records.RecordView;
import io.snapline.records.RecordWriter;

import java.nio.charset.StandardCharsets;

/**
 * A record too large for one Kafka message, made into a dead letter that fits: its raw bytes cut
 * to {@code rawCap}, its full length, reason and place kept. A dead letter keeps its own reason
 * and line; any other record becomes a {@code records_too_large} dead letter whose bytes are the
 * start of the record's encoded value. Built as a one-record batch document so the value is
 * encoded exactly as every other record is (RecordJson or the queue layout).
 *
 * <p>Rare (a line of megabytes), so it allocates freely.
 */
final class CappedDeadLetter {

    private CappedDeadLetter() {
    }

    /**
     * @param record   the record that does not fit
     * @param start    the start of its encoded value, {@code start[0, startLength)}
     * @param encodedLength the whole encoded value's length
     * @param rawCap   how many raw bytes the dead letter may keep
     * @param limit    the message size it did not fit, for the detail
     * @return a view of the capped dead letter, valid for the caller to encode
     */
    static RecordView of(RecordView record, byte[] start, int encodedLength, int startLength, int rawCap, int limit) {
        RecordWriter writer = new RecordWriter(rawCap + 512);
        writer.beginRecord(RecordType.DEAD_LETTER, 0, record.lineOffset());
        String detail;
        long fullLength;
        byte[] raw;
        int rawOffset;
        int rawLength;
        String reason;
        if (record.type() == RecordType.DEAD_LETTER) {
            reason = record.has(Field.REASON) ? record.text(Field.REASON) : DeadLetterReason.RECORDS_TOO_LARGE.label();
            String original = record.has(Field.DETAIL) ? record.text(Field.DETAIL) + "; " : "";
            detail = original + "line cut to " + rawCap + " bytes to fit a Kafka message of " + limit + " bytes";
            fullLength = record.has(Field.LINE_LENGTH) ? record.longValue(Field.LINE_LENGTH) : -1;
            int at = record.indexOf(Field.RAW);
            raw = record.buffer();
            rawOffset = at < 0 ? 0 : record.valueOffsetAt(at);
            rawLength = at < 0 ? 0 : record.valueLengthAt(at);
        } else {
            reason = DeadLetterReason.RECORDS_TOO_LARGE.label();
            String type = record.type() == null ? "unknown" : record.type().jsonName();
            detail = "a " + type + " record of " + encodedLength + " bytes does not fit a Kafka message of " + limit
                    + " bytes; line holds the start of its value";
            fullLength = encodedLength;
            raw = start;
            rawOffset = 0;
            rawLength = startLength;
        }
        byte[] reasonBytes = reason.getBytes(StandardCharsets.UTF_8);
        writer.putText(Field.REASON, RecordLayout.KIND_STRING, reasonBytes, 0, Math.min(reasonBytes.length, 0xFFFF));
        byte[] detailBytes = detail.getBytes(StandardCharsets.UTF_8);
        writer.putText(Field.DETAIL, RecordLayout.KIND_STRING, detailBytes, 0, Math.min(detailBytes.length, 0xFFFF));
        writer.putLong(Field.LINE_LENGTH, fullLength);
        writer.putBytes(Field.RAW, raw, rawOffset, Math.min(rawLength, rawCap));
        writer.endRecord();
        byte[] document = BatchDocument.copyOf(new OneRecord(record.source(), writer));
        BatchView view = new BatchView().wrap(document, 0, document.length);
        RecordView capped = new RecordView();
        view.next(capped);
        return capped;
    }

    /** A batch of one record from one source, with no positions (it is never a resume point). */
    private record OneRecord(String source, RecordWriter writer) implements Batch {
        private static final byte[] NO_POSITIONS = new byte[4]; // a count of zero

        @Override
        public int sourceCount() {
            return 1;
        }

        @Override
        public String sourcePath(int index) {
            return source;
        }

        @Override
        public byte[] positionsBytes() {
            return NO_POSITIONS;
        }

        @Override
        public int positionsLength() {
            return NO_POSITIONS.length;
        }

        @Override
        public byte[] recordBytes() {
            return writer.buffer();
        }

        @Override
        public int recordsLength() {
            return writer.length();
        }

        @Override
        public int recordCount() {
            return writer.recordCount();
        }
    }
}
