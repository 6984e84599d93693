/**
 * Long memory runs ({@link io.snapline.bench.memory.MemoryRun}, {@code make memory-run}): a backlog
 * of gigabytes drained with a small heap by the engine or by the old design it replaces
 * ({@link io.snapline.bench.baseline}), sampled once a second into CSV and a chart. Results:
 * docs/benchmarks.md.
 */
package io.snapline.bench.memory;
