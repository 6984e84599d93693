package io.snapline.engine.blocks;

import io.snapline.records.Field;
import io.snapline.records.RecordLayout;
import io.snapline.records.RecordType;
import io.snapline.records.RecordWriter;

/**
 * Writes the ledger's records (docs/records.md, "Block accounting"). Each names its stream and
 * layout, and points, in its header, at the line that made it known: the line that sealed a
 * block or showed a gap, or for a stall the line of another stream that showed the silence.
 */
final class BlockRecords {

    static final byte[] CERTAIN = SequenceBlocks.utf8("certain");
    static final byte[] POSSIBLE = SequenceBlocks.utf8("possible");
    static final byte[] STARTED = SequenceBlocks.utf8("started");
    static final byte[] ENDED = SequenceBlocks.utf8("ended");

    private BlockRecords() {
    }

    static void seal(RecordWriter out, SequenceBlocks s, long block, long events, int source, long offset) {
        out.beginRecord(RecordType.BLOCK_SEAL, source, offset);
        names(out, s);
        out.putLong(Field.BLOCK_NUMBER, block);
        out.putLong(Field.EVENT_COUNT, events);
        out.endRecord();
    }

    static void gap(RecordWriter out, SequenceBlocks s, long from, long to, boolean certain, byte[] evidence,
                    byte[] fileAfter, int source, long offset) {
        out.beginRecord(RecordType.BLOCK_GAP, source, offset);
        names(out, s);
        out.putLong(Field.FROM_BLOCK, from);
        out.putLong(Field.TO_BLOCK, to);
        text(out, Field.CERTAINTY, certain ? CERTAIN : POSSIBLE);
        if (evidence != null) {
            text(out, Field.EVIDENCE, evidence);
        }
        text(out, Field.FILE_BEFORE, s.lastFileBytes);
        text(out, Field.FILE_AFTER, fileAfter);
        out.endRecord();
    }

    static void stall(RecordWriter out, byte[] stream, boolean started, long silentMillis, long lastBlock,
                      long headBlock, int source, long offset) {
        out.beginRecord(RecordType.STREAM_STALL, source, offset);
        text(out, Field.STREAM, stream);
        text(out, Field.STALL, started ? STARTED : ENDED);
        out.putLong(Field.SILENT_MILLIS, silentMillis);
        if (lastBlock >= 0) {
            out.putLong(Field.LAST_BLOCK, lastBlock);
        }
        if (headBlock >= 0) {
            out.putLong(Field.HEAD_BLOCK, headBlock);
        }
        out.endRecord();
    }

    private static void names(RecordWriter out, SequenceBlocks s) {
        text(out, Field.STREAM, s.streamBytes);
        text(out, Field.LAYOUT, s.layoutBytes);
    }

    private static void text(RecordWriter out, Field field, byte[] utf8) {
        out.putText(field, RecordLayout.KIND_STRING, utf8, 0, Math.min(utf8.length, RecordLayout.MAX_TEXT_LENGTH));
    }
}
