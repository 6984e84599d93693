package io.snapline.sidecar.ops;

import java.util.Objects;

/** The answer of {@code /healthz}: healthy, or not and why, in words a person can act on. */
public record HealthStatus(boolean healthy, String reason) {

    public static final HealthStatus OK = new HealthStatus(true, "ok");

    public HealthStatus {
        Objects.requireNonNull(reason, "reason");
    }

    public static HealthStatus unhealthy(String reason) {
        return new HealthStatus(false, reason);
    }
}
