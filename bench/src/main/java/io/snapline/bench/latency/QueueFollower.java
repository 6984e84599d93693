package io.snapline.bench.latency;

import io.snapline.queue.chronicle.QueueRecords;
import io.snapline.records.RecordView;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

/**
 * The downstream program: follows the queue with {@link QueueRecords} on a thread of its own and,
 * for each record, looks its line up in the {@link AppendLog} by byte offset and records append
 * to visible in a histogram, for lines appended at or after {@link #measureFrom}. Between empty
 * reads it parks 20 us, about 60 us in practice (not a spin: on two cores a spinning reader would
 * take the engine's CPU), which is part of every number measured.
 *
 * <p>Owns its thread and the queue reader; {@link #close()} stops and closes both.
 */
final class QueueFollower implements AutoCloseable {

    private static final long IDLE_PARK_NANOS = TimeUnit.MICROSECONDS.toNanos(20);
    private static final long HIGHEST_NANOS = TimeUnit.SECONDS.toNanos(600);

    private final Path queue;
    private final String source;
    private final AppendLog log;
    private final Histogram histogram = new Histogram(HIGHEST_NANOS, 3);
    private final Thread thread;
    private volatile boolean running = true;
    private volatile long measureFrom = Long.MAX_VALUE;
    private volatile int seen;
    private volatile long unmatched;
    private volatile Throwable failure;
    private int hint;

    QueueFollower(Path queue, Path source, AppendLog log) {
        this.queue = queue;
        this.source = source.toString();
        this.log = log;
        this.thread = new Thread(this::run, "latency-queue-reader");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** Lines appended at or after this {@link System#nanoTime()} are measured; earlier ones are warm-up. */
    void measureFrom(long nanos) {
        measureFrom = nanos;
    }

    /** Lines up to and including the last one whose record was seen (records come in file order). */
    int seen() {
        return seen;
    }

    /** Records of another file or of no published line: a broken run if not 0. */
    long unmatched() {
        return unmatched;
    }

    Throwable failure() {
        return failure;
    }

    /** The measured latencies, in nanoseconds; read after {@link #stop()}. */
    Histogram histogram() {
        return histogram;
    }

    private void run() {
        try {
            while (running && !hasQueueFile()) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
            }
            if (!running) {
                return;
            }
            try (QueueRecords records = QueueRecords.open(queue)) {
                while (running) {
                    if (records.forEachRecord(this::onRecord) == 0) {
                        LockSupport.parkNanos(IDLE_PARK_NANOS);
                    }
                }
            }
        } catch (Throwable t) {
            failure = t;
        }
    }

    private void onRecord(RecordView record) {
        long now = System.nanoTime();
        int line = log.lineAt(record.lineOffset(), hint);
        if (line < 0 || !source.equals(record.source())) {
            unmatched++;
            return;
        }
        hint = line + 1;
        long appended = log.appendNanos(line);
        if (appended >= measureFrom) {
            histogram.recordValue(Math.min(HIGHEST_NANOS, Math.max(0, now - appended)));
        }
        seen = line + 1;
    }

    private boolean hasQueueFile() throws IOException {
        if (!Files.isDirectory(queue)) {
            return false;
        }
        try (Stream<Path> files = Files.list(queue)) {
            return files.anyMatch(p -> p.getFileName().toString().endsWith(".cq4"));
        }
    }

    /** Stops reading and waits for the thread; the numbers are final after this. Idempotent. */
    void stop() {
        running = false;
        try {
            thread.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stop();
    }
}
