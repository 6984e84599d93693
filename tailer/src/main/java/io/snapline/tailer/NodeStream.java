package io.snapline.tailer;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The node's output streams, named as the node names their directories. Config, {@code snapline
 * generate} and their messages list the streams from here (a name is also the start of stored
 * positions' sequence names, so it never changes); the engine's parser for each is chosen
 * in {@code LineParser.extractorFor}. How to add one: docs/extending.md.
 */
public enum NodeStream {
    ORDER_STATUSES("node_order_statuses"),
    FILLS("node_fills"),
    TRADES("node_trades"),
    RAW_BOOK_DIFFS("node_raw_book_diffs"),
    /** Written with {@code --write-fills}, beside the fills. */
    TWAP_STATUSES("node_twap_statuses"),
    /** {@code --write-misc-events}: ledger updates, funding, staking, ... (no {@code node_} prefix). */
    MISC_EVENTS("misc_events"),
    /** {@code --write-hip3-oracle-updates}. */
    HIP3_ORACLE_UPDATES("hip3_oracle_updates"),
    /** {@code --write-system-and-core-writer-actions}. */
    SYSTEM_ACTIONS("system_and_core_writer_actions");

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
        throw new IllegalArgumentException("unknown node stream '" + name + "', expected one of "
                + String.join(", ", directoryNames()));
    }

    /** Every stream's directory name, in declaration order: for help texts and messages. */
    public static List<String> directoryNames() {
        List<String> names = new ArrayList<>();
        for (NodeStream stream : values()) {
            names.add(stream.directoryName);
        }
        return names;
    }
}
