package io.snapline.engine.testing;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.snapline.engine.record.BatchView;
import io.snapline.engine.record.RecordLayout;
import io.snapline.engine.record.RecordWriter;
import io.snapline.engine.ring.Slot;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.List;

/**
 * A parsed slot as the batch document {@link RecordLayout} describes, built from the slot's public
 * accessors, so a test sink reads its records through {@link BatchView} like any queue reader.
 */
public final class SlotDocuments {

    private static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

    private SlotDocuments() {
    }

    /** A fresh copy: it stays as it is whatever later happens to the slot. */
    public static byte[] copy(Slot slot) {
        byte[][] paths = new byte[slot.sourceCount()][];
        int sourcesLength = 0;
        for (int i = 0; i < paths.length; i++) {
            paths[i] = slot.sourcePath(i).getBytes(UTF_8);
            sourcesLength += 2 + paths[i].length;
        }
        RecordWriter records = slot.records();
        byte[] out = new byte[RecordLayout.BATCH_HEADER_LENGTH + sourcesLength + slot.positionsLength() + records.length()];
        INT.set(out, RecordLayout.BATCH_MAGIC_OFFSET, RecordLayout.BATCH_MAGIC);
        SHORT.set(out, RecordLayout.BATCH_VERSION_OFFSET, (short) RecordLayout.VERSION);
        SHORT.set(out, RecordLayout.BATCH_SOURCE_COUNT_OFFSET, (short) paths.length);
        INT.set(out, RecordLayout.BATCH_RECORD_COUNT_OFFSET, records.recordCount());
        INT.set(out, RecordLayout.BATCH_POSITIONS_LENGTH_OFFSET, slot.positionsLength());
        INT.set(out, RecordLayout.BATCH_RECORDS_LENGTH_OFFSET, records.length());
        int at = RecordLayout.BATCH_HEADER_LENGTH;
        for (byte[] path : paths) {
            SHORT.set(out, at, (short) path.length);
            System.arraycopy(path, 0, out, at + 2, path.length);
            at += 2 + path.length;
        }
        System.arraycopy(slot.positionsBytes(), 0, out, at, slot.positionsLength());
        at += slot.positionsLength();
        System.arraycopy(records.buffer(), 0, out, at, records.length());
        return out;
    }

    /** The slot's records, decoded and copied. */
    public static List<Rec> records(Slot slot) {
        byte[] document = copy(slot);
        return Rec.allOf(new BatchView().wrap(document, 0, document.length));
    }
}
