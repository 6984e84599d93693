package io.snapline.tailer;

import java.util.List;

/**
 * The positions of every file the tailer knows, open or closed, as long as the file exists. A
 * consumer stores them (in its own output, or in a {@link CheckpointFile}) and hands them back to
 * {@link Tailer#resume(TailerPositions)}; an empty set means a first start.
 */
public record TailerPositions(List<FilePosition> files) {

    public static final TailerPositions EMPTY = new TailerPositions(List.of());

    public TailerPositions {
        files = List.copyOf(files);
    }

    public boolean isEmpty() {
        return files.isEmpty();
    }
}
