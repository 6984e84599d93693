/**
 * The engine's Micrometer meters ({@link io.snapline.engine.metrics.EngineMetrics}): lines,
 * records by type, dead letters by reason, batch sizes, ring occupancy, lag per file. Fed from the
 * pipeline's primitive counters off the hot path, and registered in whatever registry the host
 * gives the engine; the Prometheus endpoint is the sidecar's.
 */
package io.snapline.engine.metrics;
