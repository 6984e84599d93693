/**
 * The Chronicle Queue output: {@link io.snapline.queue.chronicle.ChronicleOutput} is the engine's
 * {@code Output} for one queue directory on this host, configured by
 * {@link io.snapline.queue.chronicle.ChronicleOptions}. {@link io.snapline.queue.chronicle.OutputLock}
 * makes it the queue's only writer; {@link io.snapline.queue.chronicle.QueueStore} owns the queue
 * (hourly cycles, block size, retention, {@link io.snapline.queue.chronicle.QueueSync syncs}, and the
 * last whole batch's positions for a restart, past a torn tail);
 * {@link io.snapline.queue.chronicle.QueueSpaceGuard} pauses intake and holds the writer before its
 * filesystem is full; {@link io.snapline.queue.chronicle.ChronicleBatchSink} appends one document per
 * batch, so records and positions are durable in one atomic step, and
 * {@link io.snapline.queue.chronicle.QueueRecords} reads the queue back for programs downstream.
 */
package io.snapline.queue.chronicle;
