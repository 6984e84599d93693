/**
 * The Chronicle Queue output: {@link io.snapline.queue.chronicle.ChronicleOutput} is the engine's
 * {@code Output} for one queue directory on this host. {@link io.snapline.queue.chronicle.QueueStore}
 * owns the queue (hourly cycles, block size, retention, the last batch's positions for a restart),
 * {@link io.snapline.queue.chronicle.ChronicleBatchSink} appends one document per batch, so records
 * and positions are durable in one atomic step, and {@link io.snapline.queue.chronicle.QueueRecords}
 * reads the queue back for programs downstream.
 */
package io.snapline.queue.chronicle;
