package io.snapline.engine;

import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Embedding the engine brings no command line, config format, metrics endpoint or output with
 * it: those live in the sidecar and the queue modules. Run on the engine's test classpath, which
 * holds its compile classpath (logback is there for test logs only, so it is not checked here;
 * {@code mvn compile dependency:tree -pl engine -am} shows it is test-scoped).
 */
class EngineClasspathTest {

    @ParameterizedTest
    @ValueSource(strings = {
            "picocli.CommandLine",                                      // the sidecar's CLI
            "org.snakeyaml.engine.v2.api.Load",                         // the sidecar's config file
            "io.micrometer.prometheusmetrics.PrometheusMeterRegistry",  // the sidecar's /metrics
            "net.openhft.chronicle.queue.ChronicleQueue",               // the queue-chronicle output
            // Not on any classpath yet: here so that the Kafka output, when it comes, stays in its module.
            "org.apache.kafka.clients.producer.KafkaProducer"})
    void shouldNotCarryTheLibrariesOfTheSidecarOrOfAnOutput(String className) {
        assertThrows(ClassNotFoundException.class,
                () -> Class.forName(className, false, EngineClasspathTest.class.getClassLoader()));
    }
}
