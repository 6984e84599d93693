package io.snapline.tailer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The layouts of one stream of one node data directory, as the tailer follows them.
 *
 * <p>Following the active layout ({@link HourlyFileSequence#activeLayout}): each discovery round
 * re-detects the active layout ({@link LayoutRule}) and decides which hours of each layout may
 * join the tailer. A file the tailer already knows (read, open, or from stored positions) is
 * always read on to its end whatever the layout: that is what drains the old layout after a
 * switch. A new file joins only inside its layout's hours:
 *
 * <pre>
 *   first detection       the active layout: every hour; each other layout: the hours below the
 *                         first hour of the layouts placed before it (LayoutRule.share)
 *   switch P -> X         X: from P's newest hour on (that hour included: the node switched in it)
 *                         P: nothing after its newest hour
 * </pre>
 *
 * With stored positions, the layout that holds the newest positioned hour was the active one when
 * the tailer stopped, so a switch made while it was stopped is handled as one made while running.
 *
 * <p>Layouts chosen explicitly are all read; the group then only watches for a configured layout
 * that went stale while another layout of the stream kept growing, and warns once.
 */
final class StreamLayouts {

    private static final int LAYOUTS = NodeLayout.values().length;
    private static final long STALE_NANOS = LayoutRule.STALE_AFTER.toNanos();

    private final Path root;
    private final NodeStream stream;
    private final boolean followsActive;
    /** The tailer's sequences of this stream by layout; null for a layout not configured. */
    private final SequenceState[] states = new SequenceState[LAYOUTS];
    /** What is listed for each layout: the configured sequence, or one only looked at for staleness. */
    private final FileSequence[] listed = new FileSequence[LAYOUTS];
    private final long[] from = new long[LAYOUTS];
    private final long[] until = new long[LAYOUTS];
    private final boolean[] staleWarned = new boolean[LAYOUTS];
    /**
     * Files listed and not read, with the bytes they held when first seen at the tailer's start
     * (0 for files that appeared later). Rebuilt every round from the listing, so bounded by what
     * is on disk.
     */
    private final List<Map<Path, Long>> notRead = new ArrayList<>();
    private final List<Map<Path, Long>> notReadBefore = new ArrayList<>();
    private LayoutFiles[] seen;
    /** The active layout's files when it last had any: an empty listing proves no switch. */
    private LayoutFiles activeLastSeen;
    private NodeLayout active;
    private boolean detected;

    StreamLayouts(Path root, NodeStream stream, boolean followsActive) {
        this.root = root;
        this.stream = stream;
        this.followsActive = followsActive;
        for (NodeLayout layout : NodeLayout.values()) {
            listed[layout.ordinal()] = new HourlyFileSequence(root, stream, layout);
            notRead.add(new HashMap<>());
            notReadBefore.add(new HashMap<>());
        }
    }

    Path root() {
        return root;
    }

    NodeStream stream() {
        return stream;
    }

    boolean followsActive() {
        return followsActive;
    }

    void add(NodeLayout layout, SequenceState state) {
        states[layout.ordinal()] = state;
        listed[layout.ordinal()] = state.sequence;
    }

    SequenceState state(NodeLayout layout) {
        return states[layout.ordinal()];
    }

    FileSequence listed(NodeLayout layout) {
        return listed[layout.ordinal()];
    }

    boolean isActive(SequenceState state) {
        return followsActive && active != null && states[active.ordinal()] == state;
    }

    /**
     * Decides from this round's listings (indexed by layout) which layout is active, reporting a
     * switch (or, for explicit layouts, a stale one) through {@code events}.
     *
     * @param firstRound the tailer's first discovery: its choice is reported by the start summary
     */
    void decide(LayoutFiles[] now, boolean firstRound, TailerEvents events) {
        seen = now;
        if (!followsActive) {
            warnStale(now, events);
            return;
        }
        LayoutFiles[] judged = now.clone();
        if (active != null && now[active.ordinal()].isEmpty() && activeLastSeen != null) {
            judged[active.ordinal()] = activeLastSeen; // moved aside or unreadable for a moment
        }
        if (!detected) {
            NodeLayout previous = layoutOfPositions(judged);
            NodeLayout chosen = LayoutRule.active(judged, previous);
            if (chosen == null) {
                return; // nothing on disk yet
            }
            NodeLayout base = previous != null ? previous : chosen;
            LayoutRule.share(judged, base, from, until);
            long othersRead = newestPositionedHourBesides(base);
            if (othersRead != Long.MIN_VALUE) {
                // Hours another layout was read in before the stop are that layout's: a file of the
                // same hour here, never read, is a copy or from another time (known files go on).
                from[base.ordinal()] = Math.max(from[base.ordinal()], othersRead + 1);
            }
            detected = true;
            if (previous != null && previous != chosen) {
                switchTo(judged, previous, chosen); // while the tailer was stopped
                events.layoutSwitched(stream, previous, chosen);
            } else if (!firstRound) {
                events.layoutSwitched(stream, null, chosen); // the stream's first files
            }
            active = chosen;
        } else {
            NodeLayout chosen = LayoutRule.active(judged, active);
            if (chosen != active) {
                switchTo(judged, active, chosen);
                events.layoutSwitched(stream, active, chosen);
                active = chosen;
            }
        }
        if (!judged[active.ordinal()].isEmpty()) {
            activeLastSeen = judged[active.ordinal()];
        }
    }

    /**
     * The new layout is read from the hour of the switch, the old layout's newest hour; its file of
     * that hour only if it was written after the old layout's newest file (else it is older than
     * the switch: a copy, or an earlier time's). The old layout takes no new hour after it.
     */
    private void switchTo(LayoutFiles[] judged, NodeLayout previous, NodeLayout next) {
        LayoutFiles old = judged[previous.ordinal()];
        if (old.isEmpty()) {
            from[next.ordinal()] = Long.MIN_VALUE;
        } else {
            long switchHour = old.newestHour();
            boolean writtenSince = judged[next.ordinal()].modifiedNanosOf(switchHour) > old.newestModifiedNanos();
            from[next.ordinal()] = writtenSince ? switchHour : switchHour + 1;
            until[previous.ordinal()] = Math.min(until[previous.ordinal()], switchHour + 1);
        }
        until[next.ordinal()] = Long.MAX_VALUE;
    }

    /**
     * The layout whose stored positions reach the newest hour: the one the tailer was reading when
     * it stopped. Ties (a switch within that hour, or a version that read every layout) go to the
     * layout whose file of that hour was modified last, then to the one the rule picks now.
     */
    private NodeLayout layoutOfPositions(LayoutFiles[] judged) {
        NodeLayout best = null;
        long bestHour = Long.MIN_VALUE;
        long bestModified = Long.MIN_VALUE;
        NodeLayout chosen = LayoutRule.active(judged, null);
        for (NodeLayout layout : NodeLayout.values()) {
            TailedFile newest = newestKnown(layout);
            if (newest == null) {
                continue;
            }
            long hour = HourlyFileSequence.orderKey(newest.path);
            long modified = LayoutFiles.modifiedNanos(newest.path);
            if (best == null || hour > bestHour || (hour == bestHour
                    && (modified > bestModified || (modified == bestModified && layout == chosen)))) {
                best = layout;
                bestHour = hour;
                bestModified = modified;
            }
        }
        return best;
    }

    /** The newest hour of a file known (from positions) in a layout other than {@code base}. */
    private long newestPositionedHourBesides(NodeLayout base) {
        long newest = Long.MIN_VALUE;
        for (NodeLayout layout : NodeLayout.values()) {
            TailedFile file = layout == base ? null : newestKnown(layout);
            if (file != null) {
                newest = Math.max(newest, HourlyFileSequence.orderKey(file.path));
            }
        }
        return newest;
    }

    private TailedFile newestKnown(NodeLayout layout) {
        SequenceState state = states[layout.ordinal()];
        TailedFile newest = null;
        for (TailedFile file : state == null ? List.<TailedFile>of() : state.files) {
            if (newest == null || HourlyFileSequence.orderKey(file.path) > HourlyFileSequence.orderKey(newest.path)) {
                newest = file;
            }
        }
        return newest;
    }

    /** Before a layout's listing is taken in: files not read are noted afresh. */
    void startRound(NodeLayout layout) {
        int i = layout.ordinal();
        Map<Path, Long> previous = notReadBefore.get(i);
        previous.clear();
        notReadBefore.set(i, notRead.get(i));
        notRead.set(i, previous);
    }

    /**
     * A file listed and not admitted. What it held at the tailer's start is older than anything the
     * node writes into it later (copies of another layout's events, or a part of an hour from before
     * a switch back): if its layout becomes the active one, reading starts after it.
     */
    void notAdmitted(NodeLayout layout, Path file, boolean firstRound) {
        int i = layout.ordinal();
        Long before = notReadBefore.get(i).get(file);
        if (before == null) {
            before = firstRound ? sizeOf(file) : 0L;
        }
        notRead.get(i).put(file, before);
    }

    /** Where a file joining now starts: after what it held at the start, if it was there and not read. */
    long startOf(NodeLayout layout, Path file) {
        Long before = notReadBefore.get(layout.ordinal()).get(file);
        return before == null ? 0 : before;
    }

    private static long sizeOf(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0; // gone or unreadable: nothing of it is known to be old
        }
    }

    /** Whether a file the tailer does not know yet may join: it is in its layout's hours. */
    boolean admits(NodeLayout layout, Path file) {
        if (!followsActive) {
            return true;
        }
        long hour = HourlyFileSequence.orderKey(file);
        return detected && from[layout.ordinal()] <= hour && hour < until[layout.ordinal()];
    }

    private void warnStale(LayoutFiles[] now, TailerEvents events) {
        NodeLayout writing = LayoutRule.active(now, active);
        active = writing;
        if (writing == null) {
            return;
        }
        LayoutFiles newest = now[writing.ordinal()];
        for (NodeLayout layout : NodeLayout.values()) {
            LayoutFiles files = now[layout.ordinal()];
            boolean stale = states[layout.ordinal()] != null && layout != writing && !files.isEmpty()
                    && newest.newestModifiedNanos() - files.newestModifiedNanos() >= STALE_NANOS;
            if (stale && !staleWarned[layout.ordinal()]) {
                events.layoutStale(stream, layout, writing,
                        Duration.ofNanos(newest.newestModifiedNanos() - files.newestModifiedNanos()));
            }
            staleWarned[layout.ordinal()] = stale;
        }
    }

    /** What is read of the stream now, for the start summary. */
    StreamLayout report() {
        List<NodeLayout> read = new ArrayList<>();
        if (followsActive) {
            if (active != null) {
                read.add(active);
            }
        } else {
            for (NodeLayout layout : NodeLayout.values()) {
                if (states[layout.ordinal()] != null) {
                    read.add(layout);
                }
            }
        }
        Map<NodeLayout, Long> newestHours = new LinkedHashMap<>();
        if (seen != null) {
            for (LayoutFiles files : seen) {
                if (!files.isEmpty()) {
                    newestHours.put(files.layout(), files.newestHour());
                }
            }
        }
        return new StreamLayout(stream, read, followsActive, newestHours);
    }
}
