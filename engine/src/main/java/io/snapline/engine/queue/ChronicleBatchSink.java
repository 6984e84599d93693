package io.snapline.engine.queue;

import io.snapline.engine.record.RecordLayout;
import io.snapline.engine.record.RecordWriter;
import io.snapline.engine.ring.BatchSink;
import io.snapline.engine.ring.Slot;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.wire.DocumentContext;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Appends each batch to a Chronicle Queue as one document in {@link RecordLayout}: header,
 * sources, positions, records. A document is either wholly in the queue or not at all, so the
 * records and the positions they advance to become durable together.
 *
 * <p>Used only from the writer thread (Chronicle appenders are per thread). Does not own the
 * queue; {@link QueueStore} does.
 */
public final class ChronicleBatchSink implements BatchSink {

    private static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

    private final QueueStore store;
    private final byte[] header = new byte[RecordLayout.BATCH_HEADER_LENGTH];
    private byte[] sources = new byte[1024];
    private ExcerptAppender appender;

    public ChronicleBatchSink(QueueStore store) {
        this.store = store;
    }

    @Override
    public void write(Slot batch) {
        int sourcesLength = encodeSources(batch);
        RecordWriter records = batch.records();
        INT.set(header, RecordLayout.BATCH_MAGIC_OFFSET, RecordLayout.BATCH_MAGIC);
        SHORT.set(header, RecordLayout.BATCH_VERSION_OFFSET, (short) RecordLayout.VERSION);
        SHORT.set(header, RecordLayout.BATCH_SOURCE_COUNT_OFFSET, (short) batch.sourceCount());
        INT.set(header, RecordLayout.BATCH_RECORD_COUNT_OFFSET, records.recordCount());
        INT.set(header, RecordLayout.BATCH_POSITIONS_LENGTH_OFFSET, batch.positionsLength());
        INT.set(header, RecordLayout.BATCH_RECORDS_LENGTH_OFFSET, records.length());
        if (appender == null) {
            appender = store.queue().createAppender();
        }
        long documentLength = (long) header.length + sourcesLength + batch.positionsLength() + records.length();
        if (documentLength > store.maxDocumentBytes()) {
            throw new IllegalStateException("batch of " + documentLength + " bytes exceeds the queue's largest document ("
                    + store.maxDocumentBytes() + " bytes); raise the queue block size or lower the maximum line length");
        }
        try (DocumentContext document = appender.writingDocument()) {
            try {
                Bytes<?> bytes = document.wire().bytes();
                bytes.write(header, 0, header.length);
                bytes.write(sources, 0, sourcesLength);
                bytes.write(batch.positionsBytes(), 0, batch.positionsLength());
                bytes.write(records.buffer(), 0, records.length());
            } catch (Throwable t) {
                // Chronicle commits whatever was written when the context closes; half a batch
                // with its positions would skip lines on restart, so take it all back.
                document.rollbackOnClose();
                throw t;
            }
        }
        store.afterWrite();
    }

    private int encodeSources(Slot batch) {
        int at = 0;
        for (int i = 0; i < batch.sourceCount(); i++) {
            // One small array per source per batch, never per line.
            byte[] path = batch.sourcePath(i).getBytes(StandardCharsets.UTF_8);
            if (at + 2 + path.length > sources.length) {
                sources = java.util.Arrays.copyOf(sources, Math.max(2 * sources.length, at + 2 + path.length));
            }
            SHORT.set(sources, at, (short) path.length);
            System.arraycopy(path, 0, sources, at + 2, path.length);
            at += 2 + path.length;
        }
        return at;
    }

    @Override
    public void close() {
        if (appender != null) {
            appender.close();
            appender = null;
        }
    }

    /** The queue this sink appends to, e.g. to read the last positions back. */
    public SingleChronicleQueue queue() {
        return store.queue();
    }
}
