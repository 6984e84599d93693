package io.snapline.tailer;

/** How a stream's lines are shaped; the node puts each layout in a directory of its own. */
public enum NodeLayout {
    /** One event per line, no envelope: {@code <stream>/}. */
    PLAIN(""),
    /** One event per line inside a block envelope: {@code <stream>_streaming/}. */
    STREAMING("_streaming"),
    /** One block per line with all its events: {@code <stream>_by_block/}. */
    BY_BLOCK("_by_block");

    private final String directorySuffix;

    NodeLayout(String directorySuffix) {
        this.directorySuffix = directorySuffix;
    }

    public String directoryName(NodeStream stream) {
        return stream.directoryName() + directorySuffix;
    }
}
