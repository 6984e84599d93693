package io.snapline.sidecar.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

class LagGuardTest {

    private static final long HOUR = Duration.ofHours(1).toMillis();
    private static final long NOW = 1_800_000_000_000L;
    private final Path file = Path.of("/hl/data/node_fills_streaming/hourly/20261121/3");

    @Test
    void publishesTheOldestUnreadFilesAgeAndWarnsOnlyNearThePruning() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (LogCapture log = new LogCapture("snapline.lag");
             LagGuard guard = new LagGuard(Duration.ofHours(48), Duration.ofHours(6), registry, Clock.systemUTC())) {
            guard.check(NOW, file, NOW - 41 * HOUR);
            assertEquals(41 * 3600.0, registry.get("snapline.lag.oldest.unread.age").gauge().value());
            assertEquals(List.of(), log.lines(), "41 h old is not yet within 6 h of the 48 h pruning");

            guard.check(NOW, file, NOW - 43 * HOUR);
            assertEquals(1, log.lines().size());
            String warning = log.lines().get(0);
            assertTrue(warning.startsWith("WARN") && warning.contains(file.toString()) && warning.contains("in 300 min"), warning);

            guard.check(NOW + 60_000, file, NOW - 43 * HOUR);
            assertEquals(1, log.lines().size(), "not repeated every check");
            guard.check(NOW + 11 * 60_000, file, NOW - 43 * HOUR);
            assertEquals(2, log.lines().size(), "repeated every 10 minutes while it lasts");

            guard.check(NOW + 12 * 60_000, null, 0);
            assertEquals(0.0, registry.get("snapline.lag.oldest.unread.age").gauge().value(), "all read: age 0");
        }
        assertTrue(registry.find("snapline.lag.oldest.unread.age").gauges().isEmpty(), "close removes the gauge");
    }
}
