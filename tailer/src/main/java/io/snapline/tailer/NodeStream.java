package io.snapline.tailer;

import java.util.Locale;

/** The node's output streams, named as the node names their directories. */
public enum NodeStream {
    ORDER_STATUSES("node_order_statuses"),
    FILLS("node_fills"),
    TRADES("node_trades"),
    RAW_BOOK_DIFFS("node_raw_book_diffs");

    private final String directoryName;

    NodeStream(String directoryName) {
        this.directoryName = directoryName;
    }

    public String directoryName() {
        return directoryName;
    }

    /** Parses a directory name such as {@code node_fills}; names the accepted values when it fails. */
    public static NodeStream fromDirectoryName(String name) {
        for (NodeStream stream : values()) {
            if (stream.directoryName.equals(name.toLowerCase(Locale.ROOT))) {
                return stream;
            }
        }
        throw new IllegalArgumentException("unknown node stream '" + name
                + "', expected one of node_order_statuses, node_fills, node_trades, node_raw_book_diffs");
    }
}
