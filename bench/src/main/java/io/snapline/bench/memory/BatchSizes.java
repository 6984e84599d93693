package io.snapline.bench.memory;

import java.util.Arrays;
import java.util.function.IntConsumer;

/**
 * The line counts of the batches seen since the last {@link #drain()}: the sampler drains it once
 * a second for that second's largest and median batch. Recorded once per batch (never per line),
 * from the thread that finishes or takes the batch.
 */
final class BatchSizes implements IntConsumer {

    /** One second's batches: how many, the largest and the median line count; -1 when none. */
    record Window(int batches, long max, long p50) {
        static final Window NONE = new Window(0, -1, -1);
    }

    private int[] sizes = new int[1024];
    private int count;
    private long largest;

    @Override
    public synchronized void accept(int lines) {
        if (count == sizes.length) {
            sizes = Arrays.copyOf(sizes, 2 * count);
        }
        sizes[count++] = lines;
        largest = Math.max(largest, lines);
    }

    synchronized Window drain() {
        if (count == 0) {
            return Window.NONE;
        }
        Arrays.sort(sizes, 0, count);
        Window window = new Window(count, sizes[count - 1], sizes[(count - 1) / 2]);
        count = 0;
        return window;
    }

    /** The largest batch over the whole run. */
    synchronized long largest() {
        return largest;
    }
}
