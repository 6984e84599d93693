/**
 * The ring and the batch hand-over: a Disruptor ring of preallocated {@link io.snapline.engine.ring.Slot}s.
 * The reader fills a slot ({@link io.snapline.engine.ring.SlotPublisher}, a tailer {@code LineSink})
 * and publishes it whole, in one step, then never touches it again; parse workers take slot
 * {@code i} when {@code i mod K} is theirs ({@link io.snapline.engine.ring.ParseHandler}); the one
 * writer ({@link io.snapline.engine.ring.WriteHandler}) hands slots to the output's sink in ring
 * order and releases each exactly once. Batches are capped in lines and bytes whatever the
 * backlog, and every byte in flight is counted in and out ({@link io.snapline.engine.ring.InFlight}).
 *
 * <p>The reader's hot path allocates nothing per line or per batch.
 */
package io.snapline.engine.ring;
