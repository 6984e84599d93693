package io.snapline.engine.ring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.snapline.engine.metrics.EngineMetrics;
import io.snapline.engine.parse.LineParser;
import io.snapline.engine.testing.InMemoryOutput;
import io.snapline.records.RecordType;
import io.snapline.records.RecordWriter;

import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * Every {@link RecordType}, one added later included, is counted by the writer and has its
 * {@code snapline.records.written} meter, with no edit to the counters or the meters: a batch
 * holding a different number of records of each type must read back as exactly those numbers.
 */
class RecordTypeCountsTest {

    @Test
    void shouldCountAndMeterEveryRecordTypeWithItsOwnCount() {
        RingConfig config = RingConfig.defaults();
        try (InMemoryOutput output = new InMemoryOutput()) {
            Pipeline pipeline = new Pipeline(config, 1024, Map.of(), LineParser::new, output.openSink(),
                    BatchObserver.NONE); // never started: no threads, only its counters are used
            SimpleMeterRegistry registry = new SimpleMeterRegistry(); // the test's own: dropped with it
            new EngineMetrics(registry).bind(pipeline);
            Slot slot = new Slot(config);
            RecordWriter records = slot.records();
            for (RecordType type : RecordType.values()) {
                for (int i = 0; i < expected(type); i++) {
                    records.beginRecord(type, 0, i);
                    records.endRecord();
                }
            }

            pipeline.counters().countWritten(slot);

            for (RecordType type : RecordType.values()) {
                assertEquals(expected(type), pipeline.counters().records(type), type.name());
                FunctionCounter meter = registry.find("snapline.records.written").tag("type", type.jsonName())
                        .functionCounter();
                assertNotNull(meter, "snapline.records.written{type=" + type.jsonName() + "}");
                assertEquals(expected(type), meter.count(), type.name());
            }
        }
    }

    /** A count of its own per type, so a record counted under another type shows. */
    private static int expected(RecordType type) {
        return type.ordinal() + 1;
    }
}
