/**
 * What a user sees ({@link io.snapline.bench.peers.PeersRun}, {@code make bench-peers}): the
 * Snapline JAR draining a backlog of real-shaped order statuses, whole process, side by side with
 * what a user would write instead (a naive Java reader, a Commons IO {@code Tailer}, a Python
 * {@code json.loads} loop, and a Python re-creation of the list-buffer design Snapline replaces),
 * on the same input, interleaved. Results: docs/benchmarks.md, "What a user sees".
 */
package io.snapline.bench.peers;
