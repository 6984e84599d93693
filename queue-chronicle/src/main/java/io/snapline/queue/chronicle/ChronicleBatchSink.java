package io.snapline.queue.chronicle;

import io.snapline.engine.output.BatchSink;
import io.snapline.records.Batch;
import io.snapline.records.BatchDocument;
import io.snapline.records.RecordLayout;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.wire.DocumentContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Appends each batch to a Chronicle Queue as one document in {@link RecordLayout}: header,
 * sources, positions, records. A document is either wholly in the queue or not at all, so the
 * records and the positions they advance to become durable together.
 *
 * <p>Used only from the writer thread (Chronicle appenders are per thread). Does not own the
 * queue; {@link QueueStore} does.
 */
public final class ChronicleBatchSink implements BatchSink {

    private static final Logger LOG = LoggerFactory.getLogger("snapline.queue");

    private final QueueStore store;
    private final QueueSpaceGuard space;
    private final BatchDocument document = new BatchDocument();
    private ExcerptAppender appender;
    private long lastAppended = Long.MIN_VALUE;

    ChronicleBatchSink(QueueStore store, QueueSpaceGuard space) {
        this.store = store;
        this.space = space;
    }

    @Override
    public void write(Batch batch) {
        document.encodeHead(batch);
        long documentLength = document.documentLength(batch);
        if (documentLength > store.maxDocumentBytes()) {
            throw new IllegalStateException("batch of " + documentLength + " bytes exceeds the queue's largest document ("
                    + store.maxDocumentBytes() + " bytes); raise the queue block size or lower the maximum line length");
        }
        // A write into a page the filesystem cannot back is a SIGBUS, not an exception: wait for room first.
        space.awaitRoomFor(documentLength);
        if (appender == null) {
            appender = store.queue().createAppender();
        }
        try (DocumentContext context = appender.writingDocument()) {
            try {
                Bytes<?> bytes = context.wire().bytes();
                bytes.write(document.head(), 0, document.headLength());
                bytes.write(batch.positionsBytes(), 0, batch.positionsLength());
                bytes.write(batch.recordBytes(), 0, batch.recordsLength());
            } catch (Throwable t) {
                // Chronicle commits whatever was written when the context closes; half a batch
                // with its positions would skip lines on restart, so take it all back.
                context.rollbackOnClose();
                throw t;
            }
        }
        // Durable, and so counted by the engine, only once Chronicle has a whole document for it.
        // (lastIndexAppended throws when this appender has appended nothing at all.)
        long index = appender.lastIndexAppended();
        if (index == lastAppended) {
            throw new IllegalStateException("queue " + store.directory() + ": the batch's document was not appended");
        }
        lastAppended = index;
        store.afterWrite(appender);
    }

    /** Ends a wait for free space: the drain ran out of time, and the engine is closing. */
    @Override
    public void abandonWaits() {
        space.close();
    }

    @Override
    public void close() {
        if (appender != null) {
            try {
                if (store.sync().mode() != QueueSync.Mode.NONE) {
                    appender.sync(); // with interval, the last batches may not have had theirs yet
                }
            } catch (RuntimeException e) {
                // Still in the page cache, which the kernel writes back; the close must go on.
                LOG.warn("queue {}: the last sync before closing failed: {}", store.directory(), e.toString());
            } finally {
                appender.close();
            }
            appender = null;
        }
    }
}
