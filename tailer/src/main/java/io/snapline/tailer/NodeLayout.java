package io.snapline.tailer;

/** How a stream's lines are shaped; the node puts each layout in a directory of its own. */
public enum NodeLayout {
    /** One event per line, no envelope: {@code <stream>/}. */
    PLAIN("", "plain"),
    /** One event per line inside a block envelope: {@code <stream>_streaming/}. */
    STREAMING("_streaming", "streaming"),
    /** One block per line with all its events: {@code <stream>_by_block/}. */
    BY_BLOCK("_by_block", "by_block");

    private final String directorySuffix;
    private final String configName;

    NodeLayout(String directorySuffix, String configName) {
        this.directorySuffix = directorySuffix;
        this.configName = configName;
    }

    /** The name the config's {@code layouts:} and the logs use: {@code plain}, {@code streaming}, {@code by_block}. */
    public String configName() {
        return configName;
    }

    public String directoryName(NodeStream stream) {
        return stream.directoryName() + directorySuffix;
    }
}
