package io.snapline.bench.baseline;

import io.snapline.tailer.LineSink;
import io.snapline.tailer.TailedFile;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The old design's reader side: every line the tailer hands on is copied into an array of its
 * own and appended to the shared list. It never waits: however far behind the processor is, the
 * reader keeps taking lines in.
 */
final class BufferingLineSink implements LineSink {

    private final LineList buffer;
    private final Failure failure;
    private final AtomicLong linesRead = new AtomicLong();
    private final AtomicLong linesTooLong = new AtomicLong();

    BufferingLineSink(LineList buffer, Failure failure) {
        this.buffer = buffer;
        this.failure = failure;
    }

    @Override
    public void onLine(TailedFile file, byte[] bytes, int offset, int length, long startOffset, long endOffset) {
        if (failure.happened()) {
            throw new Failure.Stopped();
        }
        try {
            buffer.append(Arrays.copyOfRange(bytes, offset, offset + length));
        } catch (OutOfMemoryError e) {
            failure.record(e); // the processor stops too; close() drops the list
            throw e;
        }
        linesRead.lazySet(linesRead.get() + 1); // only this thread writes it
    }

    @Override
    public void onLineTooLong(TailedFile file, long startOffset, long length, byte[] head, int headOffset,
                              int headLength, long endOffset) {
        linesTooLong.incrementAndGet();
    }

    long linesRead() {
        return linesRead.get();
    }

    long linesTooLong() {
        return linesTooLong.get();
    }
}
