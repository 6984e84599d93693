package io.snapline.sidecar.ops;

import io.snapline.engine.ring.SlotPublisher;
import io.snapline.tailer.Tailer;

import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * The heap the engine holds for long lines, beyond what it allocates at start: the tailer's read
 * buffer grown past its configured size, and the oversize line buffer with its records. Pausing
 * intake frees none of it (only the reader finishing the line, or the writer releasing it, can),
 * so the {@link MemoryWatchdog} leaves it out of the heap it judges.
 *
 * <p>Sampled on the reader thread, the one that may read the tailer and the publisher (a reader
 * sample hook: once a second and right before a pause); read by the watchdog's thread.
 */
public final class EngineHeldMemory implements Consumer<Tailer>, LongSupplier {

    private final int configuredReadBufferBytes;
    private volatile SlotPublisher publisher;
    private volatile long held;

    /** @param configuredReadBufferBytes the read buffer's size at start ({@code TailerConfig.readBufferSize()}) */
    public EngineHeldMemory(int configuredReadBufferBytes) {
        this.configuredReadBufferBytes = configuredReadBufferBytes;
    }

    /** The engine's publisher, once the engine has started; before that only the read buffer counts. */
    public void attach(SlotPublisher value) {
        this.publisher = value;
    }

    /** Reader thread. */
    @Override
    public void accept(Tailer tailer) {
        long grownReadBuffer = Math.max(0, tailer.readBufferCapacity() - (long) configuredReadBufferBytes);
        SlotPublisher attached = publisher;
        held = grownReadBuffer + (attached == null ? 0 : attached.oversizeRetainedBytes());
    }

    /** The bytes at the last sample. */
    @Override
    public long getAsLong() {
        return held;
    }
}
