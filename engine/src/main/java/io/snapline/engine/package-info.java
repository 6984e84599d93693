/**
 * The engine: node files in, durable batches out. {@link io.snapline.engine.Engine} wires the
 * tailer (module {@code snapline-tailer}) to the ring ({@link io.snapline.engine.ring}), whose
 * parse workers turn lines into records ({@link io.snapline.engine.parse}, in the layout of module
 * {@code snapline-records}) and whose writer hands each batch with its positions to the
 * {@link io.snapline.engine.output.Output} the engine was given. {@link io.snapline.engine.EngineConfig}
 * says what to tail and how; {@link io.snapline.engine.EngineHooks} is what a host (the sidecar, a
 * test) plugs in: meters, file events, an intake gate.
 *
 * <p>Depends on the tailer and the records only: no output, no CLI, no config file format, no
 * logging backend. Design and guarantees: docs/engine.md.
 */
package io.snapline.engine;
