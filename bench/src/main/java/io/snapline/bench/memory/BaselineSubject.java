package io.snapline.bench.memory;

import io.snapline.bench.baseline.ListBufferIngest;
import io.snapline.tailer.NodeStream;

import java.io.IOException;
import java.nio.file.Path;
import java.util.function.IntConsumer;

/** The old design ({@link ListBufferIngest}) on the backlog's one file sequence. */
final class BaselineSubject implements Subject {

    private final ListBufferIngest ingest;

    private BaselineSubject(ListBufferIngest ingest) {
        this.ingest = ingest;
    }

    static BaselineSubject start(Backlog backlog, Path queue, IntConsumer batchLines) throws IOException {
        return new BaselineSubject(ListBufferIngest.start(backlog.root(), NodeStream.ORDER_STATUSES, backlog.layout(),
                queue, batchLines));
    }

    @Override
    public long linesRead() {
        return ingest.linesRead();
    }

    @Override
    public long linesWritten() {
        return ingest.linesWritten();
    }

    @Override
    public long heldLines() {
        return ingest.bufferedLines();
    }

    @Override
    public long heldBytes() {
        return ingest.bufferedBytes();
    }

    @Override
    public long ringOccupied() {
        return -1;
    }

    @Override
    public long batchInProgress() {
        return ingest.currentBatchLines();
    }

    @Override
    public long batchCap() {
        return -1;
    }

    @Override
    public Throwable failure() {
        return ingest.failure();
    }

    @Override
    public String failedThread() {
        return ingest.failedThread();
    }

    @Override
    public void close() throws IOException {
        ingest.close();
    }
}
