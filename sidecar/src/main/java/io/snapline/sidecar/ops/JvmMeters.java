package io.snapline.sidecar.ops;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Micrometer's JVM and process meters: memory pools and buffers, GC pauses, threads, classes,
 * CPU, uptime and file descriptors. The engine's own meters say what it does; these say what it
 * costs.
 *
 * <p>Micrometer's binders have no unbind. {@link #close()} therefore removes the meters that
 * appeared under the binders' name prefixes since binding, which includes the GC pause timers
 * {@link JvmGcMetrics} registers lazily on the first collection of each kind.
 */
public final class JvmMeters implements AutoCloseable {

    private static final List<String> PREFIXES = List.of("jvm.", "process.", "system.");

    private final MeterRegistry registry;
    private final Set<Meter.Id> before = new HashSet<>();
    private final JvmGcMetrics gc = new JvmGcMetrics();
    private boolean closed;

    public JvmMeters(MeterRegistry registry) {
        this.registry = registry;
        for (Meter meter : registry.getMeters()) {
            before.add(meter.getId());
        }
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
    }

    /** Stops listening for GC notifications and removes the meters bound here. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        gc.close();
        for (Meter meter : registry.getMeters()) {
            if (!before.contains(meter.getId()) && ours(meter.getId().getName())) {
                registry.remove(meter);
            }
        }
    }

    private static boolean ours(String name) {
        for (String prefix : PREFIXES) {
            if (name.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }
}
