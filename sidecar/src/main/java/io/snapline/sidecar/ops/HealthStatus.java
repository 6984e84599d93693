package io.snapline.sidecar.ops;

import java.util.Objects;

/**
 * The answer of {@code /healthz}: healthy, or not and why, in words a person can act on. A healthy
 * status may still carry a reason: it is degraded (the stream flows, but something needs a look).
 */
public record HealthStatus(boolean healthy, String reason) {

    public static final HealthStatus OK = new HealthStatus(true, "ok");

    public HealthStatus {
        Objects.requireNonNull(reason, "reason");
    }

    public static HealthStatus unhealthy(String reason) {
        return new HealthStatus(false, reason);
    }

    /** Healthy, with something an operator should look at. */
    public static HealthStatus degraded(String reason) {
        return new HealthStatus(true, "degraded: " + reason);
    }
}
