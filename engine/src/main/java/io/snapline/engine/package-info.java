/**
 * The engine: ring of preallocated slots, batch hand-over, parallel parsing into records, the
 * in-order writer to the durable queue, positions, metrics, config and the CLI. Not built yet; see
 * the project's issues. The tailer it builds on is the {@code snapline-tailer} module.
 */
package io.snapline.engine;
