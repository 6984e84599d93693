package io.snapline.sidecar.config;

import io.snapline.engine.EngineConfig;
import io.snapline.engine.output.Output;
import io.snapline.queue.chronicle.ChronicleOptions;
import io.snapline.queue.chronicle.ChronicleOutput;
import io.snapline.queue.kafka.KafkaOptions;
import io.snapline.queue.kafka.KafkaOutput;

import java.io.IOException;
import java.io.UncheckedIOException;

import java.nio.file.Path;
import java.time.Duration;

/**
 * {@code output}: where the records go, as the file says it, and how that becomes the engine's
 * {@link Output}. One implementation per {@code output.*} key.
 */
public sealed interface OutputSettings {

    /** Opens the output for an engine run with {@code engine}; the engine takes it over. */
    Output open(EngineConfig engine);

    /** Where the records go, for {@code check} and the start-up log line. */
    String describe();

    /**
     * {@code output.chronicle}: a Chronicle Queue directory on this host.
     *
     * @param path     the queue directory, absolute
     * @param options  retention, sync, min_free_space and on_unreadable
     */
    record Chronicle(Path path, ChronicleOptions options) implements OutputSettings {

        /** Retention only, the other options at their defaults. */
        public Chronicle(Path path, Duration retention) {
            this(path, ChronicleOptions.DEFAULTS.withRetention(retention));
        }

        public Duration retention() {
            return options.retention();
        }

        /**
         * @throws io.snapline.engine.output.OutputInUseException when another engine holds the queue
         */
        @Override
        public Output open(EngineConfig engine) {
            try {
                return ChronicleOutput.open(path, options, engine.largestBatchBytes());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("output.chronicle." + e.getMessage(), e);
            }
        }

        @Override
        public String describe() {
            return ChronicleOutput.describe(path);
        }
    }

    /**
     * {@code output.kafka}: a Kafka cluster, exactly once through transactions (docs/kafka.md).
     *
     * @param options every output.kafka key
     */
    record Kafka(KafkaOptions options) implements OutputSettings {

        /**
         * @throws java.io.UncheckedIOException when the broker does not answer in time
         * @throws io.snapline.queue.kafka.KafkaFencedException when another process holds the instance
         */
        @Override
        public Output open(EngineConfig engine) {
            try {
                return KafkaOutput.open(options);
            } catch (IOException e) {
                throw new UncheckedIOException(e.getMessage(), e);
            }
        }

        @Override
        public String describe() {
            return KafkaOutput.describe(options);
        }
    }
}
