package io.snapline.nodegen;

import io.snapline.tailer.NodeLayout;

/**
 * Puts events into lines the way each layout does: plain is the bare event; streaming wraps each
 * event in its block's envelope; by-block writes one block per line with all its events. In
 * plain and streaming layouts {@code eventsPerBlock} consecutive lines share a block (its number
 * and time), as consecutive lines of the node's streaming files do.
 */
final class LineComposer {

    private final NodeLayout layout;
    private final EventWriter events;
    private final BlockClock clock;
    private final int eventsPerBlock;
    private int eventsLeftInBlock;

    LineComposer(NodeLayout layout, EventWriter events, BlockClock clock, int eventsPerBlock) {
        this.layout = layout;
        this.events = events;
        this.clock = clock;
        this.eventsPerBlock = eventsPerBlock;
    }

    /** How many blocks {@code lines} lines span, so the clock can fit them in an hour. */
    long blocksFor(long lines) {
        return layout == NodeLayout.BY_BLOCK ? lines : (lines + eventsPerBlock - 1) / eventsPerBlock;
    }

    /**
     * Appends one line without its newline. A defect spoils the line's only event, or in a block
     * the middle one, so a bad event is surrounded by good ones.
     */
    void append(AsciiBuffer out, EventDefect defect) {
        switch (layout) {
            case PLAIN -> {
                nextEvent();
                events.append(out, defect);
            }
            case STREAMING -> {
                nextEvent();
                appendEnvelopeStart(out);
                events.append(out, defect);
                out.append("]}");
            }
            case BY_BLOCK -> {
                clock.nextBlock();
                appendEnvelopeStart(out);
                for (int i = 0; i < eventsPerBlock; i++) {
                    if (i > 0) {
                        out.append(',');
                    }
                    events.append(out, i == eventsPerBlock / 2 ? defect : EventDefect.NONE);
                }
                out.append("]}");
            }
        }
    }

    private void nextEvent() {
        if (eventsLeftInBlock == 0) {
            clock.nextBlock();
            eventsLeftInBlock = eventsPerBlock;
        }
        eventsLeftInBlock--;
    }

    private void appendEnvelopeStart(AsciiBuffer out) {
        out.append("{\"local_time\":\"");
        clock.appendLocalTime(out);
        out.append("\",\"block_time\":\"");
        clock.appendBlockTime(out);
        out.append("\",\"block_number\":").append(clock.blockNumber()).append(",\"events\":[");
    }
}
