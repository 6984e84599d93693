package io.snapline.queue.chronicle.crash;

import net.openhft.chronicle.core.time.TimeProvider;

/**
 * The queue's clock for {@link KillNineExactlyOnceTest}: from a fixed epoch, one queue hour passes
 * every {@code hourMillis} of real time, so the queue rolls to a new hourly cycle file every few
 * seconds while engines are killed and restarted. Every child JVM gets the same epoch and rate, so
 * the clock runs on across restarts and never goes back.
 */
final class FastQueueClock implements TimeProvider {

    private static final long HOUR_MILLIS = 3_600_000L;

    private final long epochMillis;
    private final long hourMillis;

    FastQueueClock(long epochMillis, long hourMillis) {
        this.epochMillis = epochMillis;
        this.hourMillis = hourMillis;
    }

    @Override
    public long currentTimeMillis() {
        long real = System.currentTimeMillis() - epochMillis;
        return epochMillis + real / hourMillis * HOUR_MILLIS + real % hourMillis * HOUR_MILLIS / hourMillis;
    }
}
