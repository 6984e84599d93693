package io.snapline.bench.baseline;

import io.snapline.engine.parse.FastJsonCursor;
import io.snapline.engine.parse.LineParser;
import io.snapline.records.DeadLetterReason;
import io.snapline.records.RecordWriter;
import io.snapline.tailer.NodeStream;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.wire.DocumentContext;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;

/**
 * The old design's processor, on a thread of its own: takes the list's current length as the
 * batch, parses those lines where they are, appends their records to the queue, and only then
 * removes them from the list. While it works, the reader keeps appending behind the batch.
 */
final class ListBatchProcessor implements Runnable {

    /** Records go to the queue in documents of about this size, as they are parsed. */
    static final int DOCUMENT_BYTES = 2 << 20;
    /** Line references copied out of the list per lock. */
    private static final int CHUNK = 4096;
    /** The wait when the list is empty: the engine's linger. */
    private static final long IDLE_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    private final LineList buffer;
    private final NodeStream stream;
    private final SingleChronicleQueue queue;
    private final IntConsumer batchObserver;
    private final LineParser parser = new LineParser(new FastJsonCursor());
    private final RecordWriter records = new RecordWriter(DOCUMENT_BYTES + (DOCUMENT_BYTES >> 1));
    private final byte[][] chunk = new byte[CHUNK][];
    private final AtomicLong linesWritten = new AtomicLong();
    private final AtomicLong deadLetters = new AtomicLong();
    private volatile int currentBatch;
    private final Failure failure;
    private volatile boolean stopped;
    private ExcerptAppender appender;
    private long lineNumber;

    ListBatchProcessor(LineList buffer, NodeStream stream, SingleChronicleQueue queue, IntConsumer batchObserver,
                       Failure failure) {
        this.buffer = buffer;
        this.failure = failure;
        this.stream = stream;
        this.queue = queue;
        this.batchObserver = batchObserver;
    }

    @Override
    public void run() {
        try {
            appender = queue.createAppender(); // Chronicle appenders belong to one thread
            while (!stopped && !failure.happened()) {
                int batch = buffer.size();
                if (batch == 0) {
                    LockSupport.parkNanos(IDLE_NANOS);
                    continue;
                }
                currentBatch = batch;
                batchObserver.accept(batch);
                process(batch);
                if (stopped || failure.happened()) {
                    break; // a batch cut short is not counted as written
                }
                buffer.removeFirst(batch); // only now: everything appended meanwhile stays
                currentBatch = 0;
                linesWritten.addAndGet(batch);
            }
        } catch (Throwable t) { // OutOfMemoryError above all: the run records it as its end
            failure.record(t); // the reader stops too; close() drops the list
        } finally {
            Arrays.fill(chunk, null);
            if (appender != null) {
                appender.close();
            }
        }
    }

    private void process(int batch) {
        for (int from = 0; from < batch && !stopped && !failure.happened(); ) {
            int count = Math.min(buffer.copy(from, chunk), batch - from);
            if (count == 0) {
                break; // the list was dropped: the design died
            }
            for (int i = 0; i < count; i++) {
                byte[] line = chunk[i];
                chunk[i] = null;
                DeadLetterReason rejected = parser.parse(stream, line, 0, line.length, 0, lineNumber++, records);
                if (rejected != null) {
                    deadLetters.incrementAndGet();
                }
                if (records.length() >= DOCUMENT_BYTES) {
                    append();
                }
            }
            from += count;
        }
        append();
    }

    private void append() {
        if (records.length() == 0) {
            return;
        }
        try (DocumentContext document = appender.writingDocument()) {
            document.wire().bytes().write(records.buffer(), 0, records.length());
        }
        records.reset();
    }

    void stop() {
        stopped = true;
    }

    long linesWritten() {
        return linesWritten.get();
    }

    long deadLetters() {
        return deadLetters.get();
    }

    /** Lines in the batch being processed, 0 between batches. */
    int currentBatch() {
        return currentBatch;
    }
}
