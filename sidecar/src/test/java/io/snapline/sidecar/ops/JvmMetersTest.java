package io.snapline.sidecar.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.snapline.testkit.Resources;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Micrometer's JVM binders on a real registry, and what close leaves behind. */
class JvmMetersTest {

    @Test
    void shouldBindJvmAndProcessMetersAndRemoveThemOnClose() {
        MeterRegistry registry = new SimpleMeterRegistry();
        Counter mine = Counter.builder("snapline.lines.read").register(registry);
        Counter theirs = Counter.builder("jvm.custom.before").register(registry);

        JvmMeters jvm = new JvmMeters(registry);
        assertTrue(registry.get("jvm.memory.used").tag("area", "heap").gauges().size() > 0);
        assertNotNull(registry.get("jvm.threads.live").gauge());
        assertNotNull(registry.get("jvm.classes.loaded").gauge());
        assertNotNull(registry.get("jvm.gc.memory.allocated").counter());
        assertNotNull(registry.get("system.cpu.count").gauge());
        assertNotNull(registry.get("process.uptime").timeGauge());
        assertTrue(registry.get("process.files.open").gauge().value() > 0, "Linux reports open descriptors");
        System.gc();
        assertTrue(Resources.await(() -> registry.find("jvm.gc.pause").timer() != null, Duration.ofSeconds(10)),
                "GC pauses are timed from the JVM's notifications");

        jvm.close();
        jvm.close(); // idempotent
        List<Meter> left = registry.getMeters();
        assertEquals(2, left.size(), "only the meters bound before stay: " + left);
        assertTrue(left.contains(mine) && left.contains(theirs));

        System.gc();
        assertFalse(Resources.await(() -> registry.find("jvm.gc.pause").timer() != null, Duration.ofMillis(500)),
                "the GC listener is gone: a collection after close registers nothing");
    }
}
