package io.snapline.engine.output;

import io.snapline.engine.IntakeGate;

/**
 * One durable output of the engine (a Chronicle Queue, a Kafka cluster, a list in a test): the
 * {@link ResumeSource} a start reads its positions from, and the {@link BatchSink} the writer
 * appends with. The engine is given an output and never builds one; the sidecar's config maps
 * {@code output.*} to one.
 *
 * <p>Ownership: {@code Engine.start} takes the output over, whether it starts or fails to. The
 * engine closes it after the writer's last batch, and leaves it open if the writer thread did not
 * stop in time (an append still under way must not have its output closed underneath it; what it
 * had not finished is read again on the next start).
 */
public interface Output extends ResumeSource, AutoCloseable {

    /**
     * The sink for the engine's writer thread; called once, before the first batch. The output
     * still owns what the sink writes to.
     */
    BatchSink openSink();

    /**
     * Holds the reader back while the output cannot take more (the Chronicle queue's filesystem
     * running out of space). The engine combines it with {@code EngineHooks.intake()}; the
     * default never closes.
     */
    default IntakeGate intakeGate() {
        return IntakeGate.ALWAYS_OPEN;
    }

    /** Where the output is, for messages and the start-up log line: a directory, a topic. */
    String describe();

    @Override
    void close();
}
