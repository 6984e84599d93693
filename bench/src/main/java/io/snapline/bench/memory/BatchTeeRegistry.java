package io.snapline.bench.memory;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.cumulative.CumulativeDistributionSummary;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import java.time.Duration;
import java.util.function.IntConsumer;

/**
 * A plain in-memory registry that also passes every value recorded into the engine's
 * {@code snapline.batch.lines} summary to a {@link BatchSizes}. The engine records that summary
 * once per batch written, on its writer thread; Micrometer's own percentiles and max decay over
 * minutes, while the memory run wants each second's batches exactly.
 */
final class BatchTeeRegistry extends SimpleMeterRegistry {

    static final String BATCH_LINES = "snapline.batch.lines";

    private final IntConsumer batchLines;

    BatchTeeRegistry(IntConsumer batchLines) {
        this.batchLines = batchLines;
    }

    @Override
    protected DistributionSummary newDistributionSummary(Meter.Id id, DistributionStatisticConfig config,
                                                         double scale) {
        if (!BATCH_LINES.equals(id.getName())) {
            return super.newDistributionSummary(id, config, scale);
        }
        // As SimpleMeterRegistry builds its own: the caller's config over a one-minute expiry.
        DistributionStatisticConfig merged = config.merge(
                DistributionStatisticConfig.builder().expiry(Duration.ofMinutes(1)).build());
        IntConsumer tee = batchLines;
        return new CumulativeDistributionSummary(id, clock, merged, scale, false) {
            @Override
            protected void recordNonNegative(double amount) {
                super.recordNonNegative(amount);
                tee.accept((int) amount);
            }
        };
    }
}
