package io.snapline.bench.baseline;

import io.snapline.queue.chronicle.QueueStore;
import io.snapline.tailer.HourlyFileSequence;
import io.snapline.tailer.NodeLayout;
import io.snapline.tailer.NodeStream;
import io.snapline.tailer.Tailer;
import io.snapline.tailer.TailerConfig;
import io.snapline.tailer.TailerEvents;
import io.snapline.tailer.TailerLoop;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;

/**
 * The old design, running: a tailer thread appending every line to one list, and a processor
 * thread parsing the list into a Chronicle Queue and clearing what it parsed afterwards. See the
 * package description for what it models and why the comparison with the engine is fair.
 */
public final class ListBufferIngest implements AutoCloseable {

    private final LineList buffer = new LineList();
    private final Failure failure = new Failure();
    private final BufferingLineSink sink = new BufferingLineSink(buffer, failure);
    private final QueueStore store;
    private final ListBatchProcessor processor;
    private final Thread processorThread;
    private final TailerLoop reader;
    private boolean closed;

    private ListBufferIngest(Path nodeDataRoot, NodeStream stream, NodeLayout layout, Path queueDirectory,
                             IntConsumer batchObserver) throws IOException {
        TailerConfig config = TailerConfig.defaults();
        // The same queue settings as the engine: hourly cycles, blocks sized for the largest document.
        this.store = new QueueStore(queueDirectory, Duration.ZERO, 2L * config.maxLineLength() + (4L << 20));
        this.processor = new ListBatchProcessor(buffer, stream, store.queue(), batchObserver, failure);
        this.processorThread = new Thread(processor, "baseline-processor");
        this.processorThread.setDaemon(true);
        Tailer tailer = new Tailer(List.of(new HourlyFileSequence(nodeDataRoot, stream, layout)), config, sink,
                TailerEvents.NONE);
        this.reader = new TailerLoop(tailer, Duration.ofMillis(20), "baseline-reader");
    }

    /**
     * Starts reading {@code stream}'s files in {@code layout} under {@code nodeDataRoot} into a
     * queue at {@code queueDirectory}; {@code batchObserver} hears each batch's line count as the
     * processor takes it, on the processor thread.
     */
    public static ListBufferIngest start(Path nodeDataRoot, NodeStream stream, NodeLayout layout, Path queueDirectory,
                                         IntConsumer batchObserver) throws IOException {
        ListBufferIngest ingest = new ListBufferIngest(nodeDataRoot, stream, layout, queueDirectory, batchObserver);
        ingest.processorThread.start();
        ingest.reader.start();
        return ingest;
    }

    public long linesRead() {
        return sink.linesRead();
    }

    /** Lines whose records are in the queue and which were removed from the list. */
    public long linesWritten() {
        return processor.linesWritten();
    }

    /** Lines in the list: the batch being processed plus everything read since it was taken. */
    public int bufferedLines() {
        return buffer.size();
    }

    public long bufferedBytes() {
        return buffer.bytes();
    }

    public int currentBatchLines() {
        return processor.currentBatch();
    }

    public long deadLetters() {
        return processor.deadLetters();
    }

    public long linesTooLong() {
        return sink.linesTooLong();
    }

    /** What stopped the reader or the processor (an OutOfMemoryError, typically), or null. */
    public Throwable failure() {
        Throwable first = failure.cause();
        if (first != null) {
            return first;
        }
        Throwable read = reader.failure(); // an I/O failure the sink never saw
        return read instanceof Failure.Stopped ? null : read;
    }

    /** The thread that failed first: "baseline-processor", "baseline-reader", or null. */
    public String failedThread() {
        String thread = failure.thread();
        return thread != null ? thread : reader.failure() != null ? "baseline-reader" : null;
    }

    /**
     * Stops both threads, drops the buffered lines and closes the files and the queue. Lines not
     * yet processed are dropped: the old design had no positions to resume from.
     */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        processor.stop();
        buffer.release(); // first: after an OutOfMemoryError the threads need the heap back to stop
        try {
            reader.close();
        } finally {
            try {
                processorThread.join(TimeUnit.SECONDS.toMillis(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            buffer.release(); // what the reader appended while stopping
            if (!processorThread.isAlive()) {
                store.close();
            }
        }
    }
}
