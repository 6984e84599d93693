package io.snapline.queue.chronicle;

import io.snapline.engine.testing.StoredBatches;
import io.snapline.records.BatchView;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Everything a Chronicle Queue directory holds, read back through the public reader
 * ({@link QueueRecords}) and decoded like any output's documents ({@link StoredBatches}).
 */
public final class QueueContents {

    private QueueContents() {
    }

    /** Reads the whole queue and closes the reader. */
    public static StoredBatches read(Path queueDirectory) {
        List<byte[]> documents = new ArrayList<>();
        try (QueueRecords reader = QueueRecords.open(queueDirectory)) {
            BatchView batch = new BatchView();
            while (reader.nextBatch(batch)) {
                documents.add(Arrays.copyOfRange(batch.bytes(), batch.offset(), batch.offset() + batch.length()));
            }
        }
        return StoredBatches.of(documents);
    }
}
