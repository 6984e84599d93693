package io.snapline.sidecar.cli;

import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.snapline.engine.Engine;
import io.snapline.engine.EngineHooks;
import io.snapline.engine.IntakeGate;
import io.snapline.engine.output.Output;
import io.snapline.sidecar.config.SnaplineConfig;
import io.snapline.sidecar.ops.EngineHeldMemory;
import io.snapline.sidecar.ops.FileEventLog;
import io.snapline.sidecar.ops.Health;
import io.snapline.sidecar.ops.HealthStatus;
import io.snapline.sidecar.ops.JvmMeters;
import io.snapline.sidecar.ops.LagGuard;
import io.snapline.sidecar.ops.MemoryWatchdog;
import io.snapline.sidecar.ops.MetricsServer;
import io.snapline.sidecar.ops.ProgressReporter;
import io.snapline.sidecar.ops.StatusLogger;

import java.io.IOException;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * The engine with everything an operator needs around it: meters and the HTTP endpoint, the
 * memory watchdog, the lag guard, the periodic status line and the progress display. Started in
 * dependency order; {@link #close()} closes in reverse, the engine's drain first among them.
 */
final class Sidecar implements AutoCloseable {

    private final Deque<AutoCloseable> opened = new ArrayDeque<>();
    private final Engine engine;
    private final MetricsServer server;

    private Sidecar(SnaplineConfig config) throws IOException {
        boolean started = false;
        try {
            PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            opened.push(registry::close);
            opened.push(new JvmMeters(registry));
            EngineHeldMemory held = new EngineHeldMemory(config.engine().tailer().readBufferSize());
            MemoryWatchdog watchdog = own(new MemoryWatchdog(registry, new MemoryWatchdog.Limits(
                    config.memory().heapWarningBytes(), config.memory().heapCriticalBytes(),
                    config.memory().rssWarningBytes(), config.memory().rssCriticalBytes()), held));
            LagGuard lag = own(new LagGuard(config.lag().pruneAfter(), config.lag().warnBefore(), registry,
                    Clock.systemUTC()));
            FileEventLog files = new FileEventLog().registerMeters(registry);
            EngineHooks hooks = EngineHooks.NONE.withRegistry(registry).withEvents(files)
                    .withIntake(gate(watchdog)).withReaderSample(lag.andThen(held));
            Output output = config.output().open(config.engine());
            IntakeGate outputGate = output.intakeGate(); // the engine holds the reader on it too
            if (outputGate instanceof MeterBinder meters) {
                try {
                    meters.bindTo(registry);
                } catch (RuntimeException e) {
                    output.close(); // not the engine's yet: its lock on the queue must not outlive this
                    throw e;
                }
            }
            this.engine = own(Engine.start(config.engine(), output, hooks));
            held.attach(engine.pipeline().publisher());
            if (config.metrics().enabled()) {
                Health health = new Health(engine::isRunning, engine::failure,
                        () -> engine.counters().linesWritten(), engine::lagBytes, config.metrics().stallAfter(),
                        List.of(() -> heldBack(outputGate), watchdog::health, files, () -> streamStall(engine)));
                this.server = own(MetricsServer.start(config.metrics().host(), config.metrics().port(), registry,
                        health::check));
            } else {
                this.server = null;
            }
            own(new StatusLogger(registry, config.statusInterval()));
            own(new ProgressReporter(() -> engine.pipeline().publisher().bytesRead(), engine::lagBytes,
                    () -> engine.pipeline().publisher().linesRead()));
            started = true;
        } finally {
            if (!started) {
                close();
            }
        }
    }

    static Sidecar start(SnaplineConfig config) throws IOException {
        return new Sidecar(config);
    }

    /**
     * Degraded (200, with the reason) while a stream is silent and others advance: the node's writer
     * for it has stopped, which restarting Snapline would not mend (docs/operations.md, "Blocks").
     */
    private static HealthStatus streamStall(Engine engine) {
        String reason = engine.counters().blocks().stalledReason();
        return reason == null ? null : HealthStatus.degraded(reason);
    }

    /** Unhealthy while the output holds intake back (the queue's filesystem nearly full), with its reason. */
    private static HealthStatus heldBack(IntakeGate gate) {
        String reason = gate.closedReason();
        return reason == null ? null : HealthStatus.unhealthy(reason);
    }

    private static IntakeGate gate(MemoryWatchdog watchdog) {
        return new IntakeGate() {
            @Override
            public boolean isOpen() {
                return !watchdog.critical();
            }

            @Override
            public void awaitOpen(BooleanSupplier stopping) {
                watchdog.awaitIntake(stopping);
            }
        };
    }

    private <T extends AutoCloseable> T own(T resource) {
        opened.push(resource);
        return resource;
    }

    Engine engine() {
        return engine;
    }

    /** The metrics endpoint, or null when it is disabled. */
    MetricsServer metricsServer() {
        return server;
    }

    /** Closes everything, the last opened first; the engine's drain happens on the way. */
    @Override
    public void close() throws IOException {
        Exception first = null;
        while (!opened.isEmpty()) {
            try {
                opened.pop().close();
            } catch (Exception e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first instanceof IOException io) {
            throw io;
        }
        if (first != null) {
            throw new IOException("closing the sidecar failed", first);
        }
    }
}
