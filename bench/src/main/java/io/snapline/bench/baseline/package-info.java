/**
 * The design Snapline replaces, rebuilt in Java so the memory runs can put both through the same
 * backlog with the same heap.
 *
 * <p><b>What it models.</b> A Python tailer of the node's files kept one list as its line buffer:
 * one coroutine appended every line it read, another periodically parsed the whole list (seconds
 * of work) and only then removed what it had parsed, while the reader kept appending. Under a
 * backlog the reader is faster than the parser, so each batch is whatever piled up during the
 * previous one: batches grew (from 41M to 44M lines in the incident) and memory with them.
 * Here:
 * <ul>
 *   <li>{@link io.snapline.bench.baseline.BufferingLineSink} is the reader's side: the real
 *       {@link io.snapline.tailer.Tailer} on its own thread, each line copied into its own
 *       {@code byte[]} and appended to one {@link io.snapline.bench.baseline.LineList} under a
 *       lock. Nothing holds the reader back.</li>
 *   <li>{@link io.snapline.bench.baseline.ListBatchProcessor} is the processor: when the list is
 *       not empty it takes its current length {@code n} as the batch, parses lines
 *       {@code 0..n-1} in place, writes the records, and only then removes those {@code n} lines
 *       from the front of the list. Lines appended meanwhile stay for the next batch.</li>
 *   <li>{@link io.snapline.bench.baseline.ListBufferIngest} wires the two to the same files and
 *       the same kind of Chronicle Queue the engine writes.</li>
 * </ul>
 *
 * <p><b>Why the comparison is fair.</b> Both designs use the same tailer (same read buffer,
 * same framing), the engine's own {@link io.snapline.engine.parse.LineParser} with the fast
 * cursor (so a line costs the same to parse), and a Chronicle Queue opened by queue-chronicle's
 * {@link io.snapline.queue.chronicle.QueueStore} for output. Where this model departs from the
 * original, it does so in the old design's favour:
 * <ul>
 *   <li>lines are kept as bytes, not as Python strings and dicts, which cost several times more;</li>
 *   <li>records are appended to the queue as they are parsed, in documents of about 2 MiB, instead
 *       of being gathered for the whole batch first: the only memory that grows is the line buffer
 *       itself;</li>
 *   <li>the processor starts on the next batch at once (it waits 20 ms only when the list is
 *       empty, the engine's linger), instead of on a timer.</li>
 * </ul>
 * It has one processor thread where the engine has two parse workers and a writer; the fault
 * shown here is not speed, but that nothing bounds what the reader may take in while a batch is
 * processed, so memory follows the backlog. (With a snapshot-and-clear fix the batches would still
 * be unbounded; only a bounded hand-over, the ring, bounds them.)
 */
package io.snapline.bench.baseline;
