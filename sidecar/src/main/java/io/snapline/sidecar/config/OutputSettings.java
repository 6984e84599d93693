package io.snapline.sidecar.config;

import io.snapline.engine.EngineConfig;
import io.snapline.engine.output.Output;
import io.snapline.queue.chronicle.ChronicleOutput;

import java.nio.file.Path;
import java.time.Duration;

/**
 * {@code output}: where the records go, as the file says it, and how that becomes the engine's
 * {@link Output}. One implementation per {@code output.*} key; Kafka is next.
 */
public sealed interface OutputSettings {

    /** Opens the output for an engine run with {@code engine}; the engine takes it over. */
    Output open(EngineConfig engine);

    /** Where the records go, for {@code check} and the start-up log line. */
    String describe();

    /**
     * {@code output.chronicle}: a Chronicle Queue directory on this host.
     *
     * @param path       the queue directory, absolute
     * @param retention  how long its hourly cycle files are kept; zero keeps them forever
     */
    record Chronicle(Path path, Duration retention) implements OutputSettings {

        @Override
        public Output open(EngineConfig engine) {
            return ChronicleOutput.open(path, retention, engine.largestBatchBytes());
        }

        @Override
        public String describe() {
            return ChronicleOutput.describe(path);
        }
    }
}
