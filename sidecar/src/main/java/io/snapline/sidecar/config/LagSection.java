package io.snapline.sidecar.config;

import io.snapline.sidecar.Units;

import java.time.Duration;
import java.util.List;

/** {@code lag}: when falling behind the node's file pruning is worth a warning. */
final class LagSection {

    static final List<String> KEYS = List.of("prune_after", "warn_before");

    private LagSection() {
    }

    static LagSettings read(YamlMap lag) {
        lag.allowOnly(KEYS);
        Duration pruneAfter = lag.get("prune_after").flatMap(value -> value.duration(EngineSection.POSITIVE))
                .orElse(LagSettings.DEFAULT_PRUNE_AFTER);
        Duration warnBefore = lag.get("warn_before").flatMap(value -> value.duration(Duration.ZERO))
                .orElse(LagSettings.DEFAULT_WARN_BEFORE);
        // A warning window as long as the files live would warn about every file, always.
        if (!lag.hasError("prune_after") && !lag.hasError("warn_before") && warnBefore.compareTo(pruneAfter) >= 0) {
            lag.error("warn_before", "expected less than prune_after (" + Units.exactDuration(pruneAfter)
                    + "), got " + Units.exactDuration(warnBefore));
        }
        return new LagSettings(pruneAfter, warnBefore);
    }
}
