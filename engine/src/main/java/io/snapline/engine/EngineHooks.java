package io.snapline.engine;

import io.micrometer.core.instrument.MeterRegistry;
import io.snapline.tailer.Tailer;
import io.snapline.tailer.TailerEvents;

import java.util.function.Consumer;

/**
 * What the sidecar hangs onto a running engine; every part is optional.
 *
 * @param registry     where the engine's meters go; null for none
 * @param events       file events (added, rotated, …), on the reader thread
 * @param intake       may hold the reader back between polls (the memory watchdog)
 * @param readerSample called on the reader thread about once a second, with the tailer, whose
 *                     files may only be walked there (lag and age checks)
 */
public record EngineHooks(MeterRegistry registry, TailerEvents events, IntakeGate intake, Consumer<Tailer> readerSample) {

    public static final EngineHooks NONE = new EngineHooks(null, TailerEvents.NONE, IntakeGate.ALWAYS_OPEN, tailer -> { });

    public EngineHooks {
        events = events == null ? TailerEvents.NONE : events;
        intake = intake == null ? IntakeGate.ALWAYS_OPEN : intake;
        readerSample = readerSample == null ? tailer -> { } : readerSample;
    }

    public EngineHooks withRegistry(MeterRegistry value) {
        return new EngineHooks(value, events, intake, readerSample);
    }

    public EngineHooks withEvents(TailerEvents value) {
        return new EngineHooks(registry, value, intake, readerSample);
    }

    public EngineHooks withIntake(IntakeGate value) {
        return new EngineHooks(registry, events, value, readerSample);
    }

    public EngineHooks withReaderSample(Consumer<Tailer> value) {
        return new EngineHooks(registry, events, intake, value);
    }
}
