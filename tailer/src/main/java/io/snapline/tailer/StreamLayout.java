package io.snapline.tailer;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Which layouts of a node stream are read, and what is on disk of the others: the start summary.
 *
 * @param read          the layouts read: the active one when following it (none while the stream
 *                      has no files), or the configured ones
 * @param followsActive whether the layout is detected rather than configured
 * @param newestHours   the newest hour key ({@code YYYYMMDD * 100 + H}) of each layout with files
 */
public record StreamLayout(NodeStream stream, List<NodeLayout> read, boolean followsActive,
                           Map<NodeLayout, Long> newestHours) {

    public StreamLayout {
        read = List.copyOf(read);
        newestHours = Map.copyOf(newestHours);
    }

    /** E.g. {@code node_order_statuses: streaming (by_block stale since 2026-12-03T10)}. */
    public String describe() {
        StringBuilder text = new StringBuilder(stream.directoryName()).append(": ");
        if (read.isEmpty()) {
            return text.append("no files yet, the layout is chosen when they come").toString();
        }
        List<String> names = new ArrayList<>();
        for (NodeLayout layout : read) {
            names.add(layout.configName());
        }
        text.append(String.join(", ", names));
        List<String> others = new ArrayList<>();
        for (NodeLayout layout : NodeLayout.values()) {
            Long newest = newestHours.get(layout);
            if (newest != null && !read.contains(layout)) {
                others.add(layout.configName() + (followsActive ? " stale since " : " not read, newest hour ")
                        + hourText(newest));
            }
        }
        if (!followsActive) {
            others.add(0, "configured");
        }
        if (!others.isEmpty()) {
            text.append(" (").append(String.join("; ", others)).append(')');
        }
        return text.toString();
    }

    /** An hour key as {@code 2026-12-03T10}. */
    public static String hourText(long hourKey) {
        long day = hourKey / 100;
        return String.format("%04d-%02d-%02dT%02d", day / 10000, day / 100 % 100, day % 100, hourKey % 100);
    }
}
