/**
 * Files into framed lines with their byte positions, and nothing else (no JSON here).
 * {@link io.snapline.tailer.Tailer#poll()} is one deterministic step: find the files of each
 * {@link io.snapline.tailer.FileSequence} (the node's hourly files, {@link io.snapline.tailer.HourlyFileSequence};
 * or a glob), follow appends, handle rollover, rename, truncation and deletion, and hand every whole
 * line to a {@link io.snapline.tailer.LineSink} as {@code (bytes, offset, length)} with the offset to
 * resume after it. {@link io.snapline.tailer.TailerEvents} is what is worth observing;
 * {@link io.snapline.tailer.TailerPositions} is where to resume. {@link io.snapline.tailer.TailerLoop}
 * runs polls on a thread. Design, rotation cases and loss windows: docs/tailer.md.
 */
package io.snapline.tailer;
