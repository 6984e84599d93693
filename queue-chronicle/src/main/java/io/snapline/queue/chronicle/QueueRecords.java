package io.snapline.queue.chronicle;

import io.snapline.records.BatchView;
import io.snapline.records.RecordView;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.wire.DocumentContext;

/**
 * Reads Snapline's batch documents back from a Chronicle Queue directory, for programs
 * downstream of the engine: no knowledge of the layout needed beyond {@link BatchView} and
 * {@link RecordView}.
 *
 * <p>A document's content is exactly one batch ({@code RecordLayout}): the writer appends the
 * batch bytes and nothing else. Each document is copied into one reused array (grown to the
 * largest batch seen), because Chronicle's view of it ends when its document context closes.
 *
 * <p>The queue is opened read-only: a reader never creates files in the writer's directory and
 * can follow a queue the engine is writing. Not thread-safe (Chronicle binds a tailer to the
 * thread that uses it): one instance per reading thread. {@link #close()} closes the tailer and
 * the queue.
 */
public final class QueueRecords implements AutoCloseable {

    private final Path directory;
    private final ChronicleQueue queue;
    private final ExcerptTailer tailer;
    private final BatchView batch = new BatchView();
    private final RecordView record = new RecordView();
    private byte[] buffer = new byte[64 * 1024];
    private long lastIndex = -1;
    private long skippedDocuments;

    private QueueRecords(Path directory, ChronicleQueue queue) {
        this.directory = directory;
        this.queue = queue;
        ExcerptTailer created = null;
        try {
            created = queue.createTailer();
            created.toStart();
        } catch (RuntimeException | Error e) {
            if (created != null) {
                created.close();
            }
            queue.close();
            throw e;
        }
        this.tailer = created;
    }

    /**
     * Opens the queue in {@code directory} read-only, positioned at its first batch.
     *
     * @throws IllegalArgumentException if {@code directory} is not an existing directory
     */
    public static QueueRecords open(Path directory) {
        if (!Files.isDirectory(directory)) {
            throw new IllegalArgumentException("no Chronicle Queue directory at " + directory);
        }
        // The writer's roll cycle: a reader opening with the default one makes Chronicle warn that
        // it overrides it from the queue's metadata.
        return new QueueRecords(directory, ChronicleQueue.singleBuilder(directory).rollCycle(QueueStore.ROLL_CYCLE)
                .readOnly(true).build());
    }

    /**
     * Moves to the batch with this Chronicle index (one from {@link #lastIndex()}), so the next
     * {@link #nextBatch} reads it.
     *
     * @return false, without moving, if the queue holds no such index
     */
    public boolean moveToIndex(long index) {
        return tailer.moveToIndex(index);
    }

    /** Moves back to the first batch. */
    public void toStart() {
        tailer.toStart();
    }

    /**
     * Reads the next batch document into {@code into}, which stays valid until the next call
     * (the bytes are in this reader's reused array).
     *
     * @return false if no batch follows yet (call again later to follow a live queue)
     * @throws IllegalArgumentException if the document is not a well-framed batch; the reader
     *     has moved past it, so a caller may log it and go on
     */
    public boolean nextBatch(BatchView into) {
        int length;
        try (DocumentContext document = tailer.readingDocument()) {
            if (!document.isPresent()) {
                return false;
            }
            lastIndex = document.index();
            Bytes<?> bytes = document.wire().bytes();
            long remaining = bytes.readRemaining();
            if (remaining > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("queue " + directory + " document at index "
                        + Long.toHexString(lastIndex) + " is " + remaining + " bytes, too large for a batch");
            }
            length = (int) remaining;
            if (length > buffer.length) {
                buffer = new byte[Math.max(length, (int) Math.min(Integer.MAX_VALUE - 8, buffer.length * 2L))];
            }
            int read = bytes.read(buffer, 0, length);
            if (read != length) {
                throw new IllegalStateException("queue " + directory + ": read " + read + " of the "
                        + length + " bytes of the document at index " + Long.toHexString(lastIndex));
            }
        }
        try {
            into.wrap(buffer, 0, length);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("queue " + directory + ", document at index "
                    + Long.toHexString(lastIndex) + ": " + e.getMessage(), e);
        }
        return true;
    }

    /**
     * Hands every record of every batch from here to the current end of the queue to
     * {@code action}, through one reused view valid only during the call. A document that is not a
     * whole batch (what a host crash or a full disk can leave) is skipped and counted in
     * {@link #skippedDocuments()}: its write never returned, the engine resumed before it, and its
     * lines are in a later batch.
     *
     * @return how many records were handed over
     */
    public long forEachRecord(Consumer<? super RecordView> action) {
        long count = 0;
        while (true) {
            try {
                if (!nextBatch(batch)) {
                    return count;
                }
            } catch (IllegalArgumentException notWhole) {
                skippedDocuments++;
                continue;
            }
            while (batch.next(record)) {
                action.accept(record);
                count++;
            }
        }
    }

    /** Documents {@link #forEachRecord} skipped because they were not whole batches. */
    public long skippedDocuments() {
        return skippedDocuments;
    }

    /** The Chronicle index of the batch {@link #nextBatch} returned last, or -1 before any. */
    public long lastIndex() {
        return lastIndex;
    }

    public Path directory() {
        return directory;
    }

    @Override
    public void close() {
        try {
            tailer.close();
        } finally {
            queue.close();
        }
    }
}
