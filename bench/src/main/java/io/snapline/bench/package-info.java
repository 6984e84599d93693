/**
 * JMH benchmarks of components (framing, tailing, parsing, the hand-over, the engine in-process).
 * Their numbers are for components and say so; whole-process numbers come from the JAR. How to run
 * them and what they measured: docs/benchmarks.md.
 */
package io.snapline.bench;
