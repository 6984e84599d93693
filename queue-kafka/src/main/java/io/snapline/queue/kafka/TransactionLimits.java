package io.snapline.queue.kafka;

import java.time.Duration;

/**
 * How much one Kafka transaction holds ({@code output.kafka.transaction}): always whole engine
 * batches, committed once any limit is reached or the ring has no further batch waiting. A
 * commit costs milliseconds, so grouping batches is what lets a backlog drain fast; the interval
 * bounds how long a record waits for its commit while batches keep coming.
 */
public record TransactionLimits(int maxRecords, long maxBytes, Duration maxInterval) {

    public static final TransactionLimits DEFAULTS = new TransactionLimits(50_000, 32L << 20, Duration.ofMillis(200));

    public TransactionLimits {
        if (maxRecords < 1) {
            throw new IllegalArgumentException("transaction.max_records must be at least 1; got " + maxRecords);
        }
        if (maxBytes < 1) {
            throw new IllegalArgumentException("transaction.max_bytes must be at least 1; got " + maxBytes);
        }
        if (maxInterval.isNegative()) {
            throw new IllegalArgumentException("transaction.max_interval must not be negative; got " + maxInterval);
        }
    }
}
