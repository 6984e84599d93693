package io.snapline.sidecar.ops;

/**
 * One thing {@code /healthz} should mention besides the engine's own state: intake paused for
 * free disk space, a file that cannot be read, … Each part of the sidecar that can hold the stream
 * back or lose sight of a source registers one with {@link Health}.
 *
 * <p>Called on the HTTP thread for every request, so {@link #check()} must be a cheap read of
 * state another thread keeps up to date.
 */
@FunctionalInterface
public interface HealthCondition {

    /**
     * Null when there is nothing to say; {@link HealthStatus#unhealthy} when the stream is held
     * back (the endpoint answers 503); {@link HealthStatus#degraded} when it flows but something
     * needs an operator's look (the endpoint answers 200 with the reason).
     */
    HealthStatus check();
}
