package io.snapline.engine.queue;

import io.snapline.engine.record.PositionsCodec;
import io.snapline.engine.record.RecordLayout;
import io.snapline.tailer.TailerPositions;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.TailerDirection;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.wire.DocumentContext;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * Owns the Chronicle Queue directory: opens it with hourly cycles, reads the last batch's
 * positions back for a restart, and deletes cycle files older than the retention.
 */
public final class QueueStore implements AutoCloseable {

    private static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long RETENTION_CHECK_NANOS = TimeUnit.MINUTES.toNanos(1);

    private final Path directory;
    private final Duration retention;
    private final SingleChronicleQueue queue;
    private long nextRetentionCheck = System.nanoTime();

    /** @param retention how long cycle files are kept; zero keeps them forever */
    public QueueStore(Path directory, Duration retention) {
        this.directory = directory;
        this.retention = retention;
        this.queue = ChronicleQueue.singleBuilder(directory).rollCycle(RollCycles.FAST_HOURLY).build();
    }

    public SingleChronicleQueue queue() {
        return queue;
    }

    public Path directory() {
        return directory;
    }

    /**
     * The positions stored with the last batch in the queue, or {@link TailerPositions#EMPTY} for
     * a new queue. This is where a restart resumes.
     */
    public TailerPositions lastPositions() {
        try (ExcerptTailer tailer = queue.createTailer()) {
            tailer.direction(TailerDirection.BACKWARD).toEnd();
            try (DocumentContext document = tailer.readingDocument()) {
                if (!document.isPresent()) {
                    return TailerPositions.EMPTY;
                }
                Bytes<?> bytes = document.wire().bytes();
                byte[] header = new byte[RecordLayout.BATCH_HEADER_LENGTH];
                bytes.read(header);
                if ((int) INT.get(header, RecordLayout.BATCH_MAGIC_OFFSET) != RecordLayout.BATCH_MAGIC) {
                    throw new IllegalStateException("the last document in queue " + directory
                            + " is not a Snapline batch; refusing to guess where to resume");
                }
                int sourcesCount = Short.toUnsignedInt((short) SHORT.get(header, RecordLayout.BATCH_SOURCE_COUNT_OFFSET));
                for (int i = 0; i < sourcesCount; i++) {
                    int length = bytes.readUnsignedByte() | bytes.readUnsignedByte() << 8;
                    bytes.readSkip(length);
                }
                int positionsLength = (int) INT.get(header, RecordLayout.BATCH_POSITIONS_LENGTH_OFFSET);
                byte[] positions = new byte[positionsLength];
                bytes.read(positions);
                return PositionsCodec.decode(positions, 0, positionsLength);
            }
        }
    }

    /** Called by the writer after each batch: at most once a minute, applies the retention. */
    void afterWrite() {
        if (retention.isZero() || System.nanoTime() - nextRetentionCheck < 0) {
            return;
        }
        nextRetentionCheck = System.nanoTime() + RETENTION_CHECK_NANOS;
        deleteExpiredCycles();
    }

    /** Deletes cycle files last written longer ago than the retention, never the newest one. */
    public int deleteExpiredCycles() {
        File[] cycles = directory.toFile().listFiles((dir, name) -> name.endsWith(".cq4"));
        if (cycles == null || cycles.length < 2) {
            return 0;
        }
        Arrays.sort(cycles);
        long cutoff = System.currentTimeMillis() - retention.toMillis();
        int deleted = 0;
        for (int i = 0; i < cycles.length - 1; i++) {
            if (cycles[i].lastModified() < cutoff) {
                try {
                    Files.deleteIfExists(cycles[i].toPath());
                    deleted++;
                } catch (IOException e) {
                    throw new UncheckedIOException("could not delete expired queue cycle " + cycles[i], e);
                }
            }
        }
        if (deleted > 0) {
            queue.refreshDirectoryListing();
        }
        return deleted;
    }

    @Override
    public void close() {
        queue.close();
    }
}
