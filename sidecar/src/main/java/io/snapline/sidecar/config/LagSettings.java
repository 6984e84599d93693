package io.snapline.sidecar.config;

import java.time.Duration;
import java.util.Objects;

/**
 * How far behind the reader may fall before data is at risk: the node deletes its files after a
 * while, and a file deleted before it was read is lost.
 *
 * @param pruneAfter  how long the node keeps a file
 * @param warnBefore  warn when the oldest unread file is this close to being pruned; 0 never warns
 */
public record LagSettings(Duration pruneAfter, Duration warnBefore) {

    public static final Duration DEFAULT_PRUNE_AFTER = Duration.ofHours(48);
    public static final Duration DEFAULT_WARN_BEFORE = Duration.ofHours(6);

    public LagSettings {
        Objects.requireNonNull(pruneAfter, "pruneAfter");
        Objects.requireNonNull(warnBefore, "warnBefore");
    }

    public static LagSettings defaults() {
        return new LagSettings(DEFAULT_PRUNE_AFTER, DEFAULT_WARN_BEFORE);
    }
}
