package io.snapline.tailer;

import java.time.Duration;

/**
 * Which layout of a stream the node is writing now, and which hours each layout is read for at a
 * first detection. Pure functions of what discovery saw ({@link LayoutFiles}); the rule and its
 * tie-breaks are in docs/tailer.md ("Which layout is read").
 *
 * <pre>
 *   active = the layout whose newest hour file is newest:
 *              1. greatest hour key (YYYYMMDD * 100 + H)
 *              2. then latest modification time of that file
 *              3. then the layout already active (no switch on a tie)
 *              4. then declaration order: plain, streaming, by_block
 *   but the layout already active stays, on the same newest hour, unless the other's newest file
 *   is more than SWITCH_MARGIN newer: two layouts written at once must not flap every second.
 * </pre>
 */
final class LayoutRule {

    /** How much newer, on the same hour, another layout's file must be to take over. */
    static final Duration SWITCH_MARGIN = Duration.ofMinutes(1);
    /** How long a configured layout may lag the active one before it is reported stale. */
    static final Duration STALE_AFTER = Duration.ofHours(2);

    private static final long MARGIN_NANOS = SWITCH_MARGIN.toNanos();

    private LayoutRule() {
    }

    /**
     * The active layout among {@code seen} (indexed by {@link NodeLayout#ordinal()}), given the
     * one active until now ({@code current}, or null); null when no layout has files.
     */
    static NodeLayout active(LayoutFiles[] seen, NodeLayout current) {
        LayoutFiles best = null;
        for (LayoutFiles files : seen) {
            if (!files.isEmpty() && (best == null || newer(files, best, current))) {
                best = files;
            }
        }
        if (best == null) {
            return null;
        }
        LayoutFiles held = current == null ? null : seen[current.ordinal()];
        if (held == null || held.isEmpty() || best == held) {
            return best.layout();
        }
        boolean takesOver = best.newestHour() > held.newestHour()
                || (best.newestHour() == held.newestHour()
                    && best.newestModifiedNanos() - held.newestModifiedNanos() > MARGIN_NANOS);
        return takesOver ? best.layout() : current;
    }

    private static boolean newer(LayoutFiles a, LayoutFiles b, NodeLayout current) {
        if (a.newestHour() != b.newestHour()) {
            return a.newestHour() > b.newestHour();
        }
        if (a.newestModifiedNanos() != b.newestModifiedNanos()) {
            return a.newestModifiedNanos() > b.newestModifiedNanos();
        }
        return a.layout() == current; // otherwise the earlier declared, already held, stays best
    }

    /**
     * Hours each layout is read for at a first detection, written into {@code from} (inclusive) and
     * {@code until} (exclusive): the active layout every hour it has; then, below the active one's
     * first hour, the layout whose newest such hour is newest (history from before a switch), and so
     * on. No hour is given to two layouts.
     */
    static void share(LayoutFiles[] seen, NodeLayout active, long[] from, long[] until) {
        boolean[] placed = new boolean[seen.length];
        long cutoff = Long.MAX_VALUE;
        NodeLayout next = active;
        while (next != null) {
            int i = next.ordinal();
            placed[i] = true;
            from[i] = Long.MIN_VALUE;
            until[i] = cutoff;
            if (!seen[i].isEmpty()) {
                cutoff = Math.min(cutoff, seen[i].firstHour());
            }
            next = null;
            long newest = Long.MIN_VALUE;
            for (LayoutFiles files : seen) {
                long hour = files.newestHourBelow(cutoff);
                if (!placed[files.layout().ordinal()] && (next == null || hour > newest)) {
                    next = files.layout();
                    newest = hour;
                }
            }
        }
    }
}
