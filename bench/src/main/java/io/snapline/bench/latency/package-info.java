/**
 * The latency benchmark ({@link io.snapline.bench.latency.LatencyBench}, {@code make bench-latency}):
 * a writer appends real-shaped order-status lines at a fixed rate into an hour file, the Snapline
 * JAR runs as a child process with a config file of its own and tails them into a Chronicle queue,
 * and a reader in this JVM follows the queue and records, for every line, the time from its append
 * to the moment its record was visible. Results: docs/benchmarks.md, "Latency".
 */
package io.snapline.bench.latency;
