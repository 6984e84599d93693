/**
 * The output seam: what every durable output implements ({@link io.snapline.engine.output.Output},
 * a {@link io.snapline.engine.output.ResumeSource} and a factory of
 * {@link io.snapline.engine.output.BatchSink}s), and the one thing the engine knows about where
 * records go. Implementations live in their own modules (queue-chronicle; queue-kafka next), so the
 * engine's classpath carries none of them. How to add one: docs/extending.md.
 */
package io.snapline.engine.output;
