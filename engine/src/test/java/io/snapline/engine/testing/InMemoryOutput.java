package io.snapline.engine.testing;

import io.snapline.engine.output.BatchSink;
import io.snapline.engine.output.Output;
import io.snapline.records.Batch;
import io.snapline.records.BatchDocument;
import io.snapline.records.BatchView;
import io.snapline.tailer.TailerPositions;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A second output behind the engine's seam, for tests only: every batch becomes one document in a
 * list, which is as atomic as an append can be. A restart is a {@link #reopen()} over the same list,
 * so a test can stop and start engines on it like on a queue directory and check that the seam alone
 * carries the exactly-once promise. {@link #failWritesFrom} makes the sink throw, like an output
 * whose disk or broker went away.
 */
public final class InMemoryOutput implements Output {

    private final List<byte[]> documents;
    private final AtomicInteger sinksOpened = new AtomicInteger();
    private final AtomicInteger sinksClosed = new AtomicInteger();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile int failFromWrite = Integer.MAX_VALUE;
    private final AtomicInteger writes = new AtomicInteger();
    private volatile long largestDocument = Long.MAX_VALUE;

    public InMemoryOutput() {
        this(new ArrayList<>());
    }

    private InMemoryOutput(List<byte[]> documents) {
        this.documents = documents;
    }

    /** A fresh output over the same documents, as a restarted process would open the same queue. */
    public InMemoryOutput reopen() {
        return new InMemoryOutput(documents);
    }

    /** The write numbered {@code write} (from 1) and every later one throw instead of storing. */
    public InMemoryOutput failWritesFrom(int write) {
        failFromWrite = write;
        return this;
    }

    /**
     * Refuses, as a queue writer does, any document over {@code bytes}: a test hands it the
     * engine's {@code largestBatchBytes()} to prove no batch passes it.
     */
    public InMemoryOutput largestDocument(long bytes) {
        largestDocument = bytes;
        return this;
    }

    @Override
    public TailerPositions lastDurablePositions() {
        synchronized (documents) {
            if (documents.isEmpty()) {
                return TailerPositions.EMPTY;
            }
            byte[] last = documents.get(documents.size() - 1);
            return new BatchView().wrap(last, 0, last.length).positions();
        }
    }

    @Override
    public byte[] lastDurablePositionsBytes() {
        synchronized (documents) {
            if (documents.isEmpty()) {
                return null;
            }
            byte[] last = documents.get(documents.size() - 1);
            BatchView view = new BatchView().wrap(last, 0, last.length);
            return java.util.Arrays.copyOfRange(last, view.positionsOffset(), view.positionsOffset() + view.positionsLength());
        }
    }

    @Override
    public BatchSink openSink() {
        sinksOpened.incrementAndGet();
        return new BatchSink() {
            @Override
            public void write(Batch batch) {
                if (writes.incrementAndGet() >= failFromWrite) {
                    throw new IllegalStateException("in-memory output: write " + writes.get() + " fails, as asked");
                }
                byte[] document = BatchDocument.copyOf(batch);
                if (document.length > largestDocument) {
                    throw new IllegalStateException("in-memory output: a document of " + document.length
                            + " bytes, over the largest of " + largestDocument);
                }
                synchronized (documents) {
                    documents.add(document);
                }
            }

            @Override
            public void close() {
                sinksClosed.incrementAndGet();
            }
        };
    }

    @Override
    public String describe() {
        return "in-memory output";
    }

    @Override
    public void close() {
        closed.set(true);
    }

    public boolean isClosed() {
        return closed.get();
    }

    public int sinksOpened() {
        return sinksOpened.get();
    }

    /** Calls of a sink's close, which may come more than once (it is idempotent). */
    public int sinkCloses() {
        return sinksClosed.get();
    }

    /** What the output holds now, decoded. */
    public StoredBatches contents() {
        synchronized (documents) {
            return StoredBatches.of(new ArrayList<>(documents));
        }
    }
}
