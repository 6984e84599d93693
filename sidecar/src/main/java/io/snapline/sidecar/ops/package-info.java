/**
 * Operations: what a person or a monitoring system sees of a running engine. A Prometheus
 * endpoint with a health check, JVM and memory meters, a memory watchdog that pauses intake
 * before the heap runs out, a periodic status line, a progress bar while a backlog is read, and
 * one log line per file event.
 *
 * <p>Each component takes narrow inputs (suppliers, a {@code MeterRegistry}) rather than the
 * engine itself, so it can be tested alone and wired by the command that runs the engine.
 * Nothing here runs per line.
 */
package io.snapline.sidecar.ops;
