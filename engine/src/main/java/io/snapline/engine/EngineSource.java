package io.snapline.engine;

import io.snapline.tailer.FileSequence;
import io.snapline.tailer.NodeStream;

/** A sequence of files to tail and the stream its lines belong to, which picks their parser. */
public record EngineSource(FileSequence sequence, NodeStream stream) {
}
