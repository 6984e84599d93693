package io.snapline.engine.ring;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Lines and bytes handed over to the pipeline and not yet released. Added once when a slot is
 * published and taken off once when the writer releases it, whatever happened to it in
 * between, so the gauges read exactly zero whenever the pipeline is idle.
 */
public final class InFlight {

    private final AtomicLong lines = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();

    void add(Slot slot) {
        slot.inFlightLines = slot.lineCount;
        slot.inFlightBytes = slot.bytes();
        lines.addAndGet(slot.inFlightLines);
        bytes.addAndGet(slot.inFlightBytes);
    }

    void release(Slot slot) {
        lines.addAndGet(-slot.inFlightLines);
        bytes.addAndGet(-slot.inFlightBytes);
        slot.inFlightLines = 0;
        slot.inFlightBytes = 0;
    }

    public long lines() {
        return lines.get();
    }

    public long bytes() {
        return bytes.get();
    }
}
