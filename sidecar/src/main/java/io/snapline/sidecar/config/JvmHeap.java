package io.snapline.sidecar.config;

/**
 * The JVM a config is loaded in, as far as its heap rules care: its max heap, and whether it is
 * the one that will run the engine. {@code snapline check} runs in a JVM of its own (the systemd
 * unit starts it without {@code -Xmx}), so judging the heap rules against its heap gives a
 * different verdict from {@code run}'s; with {@code memory.max_heap} both judge against that, and
 * only {@code run} holds its own heap to it.
 *
 * @param maxHeapBytes this JVM's max heap ({@code Runtime.maxMemory()})
 * @param runsEngine   true in {@code run}: this heap is the engine's, and must be the configured one
 */
public record JvmHeap(long maxHeapBytes, boolean runsEngine) {

    public JvmHeap {
        if (maxHeapBytes <= 0) {
            throw new IllegalArgumentException("max heap must be positive; got " + maxHeapBytes);
        }
    }

    /** A JVM that only reads the config ({@code check}, tests). */
    public static JvmHeap judging(long maxHeapBytes) {
        return new JvmHeap(maxHeapBytes, false);
    }

    /** The JVM that will run the engine with this config. */
    public static JvmHeap running(long maxHeapBytes) {
        return new JvmHeap(maxHeapBytes, true);
    }

    public static JvmHeap thisJvm(boolean runsEngine) {
        return new JvmHeap(Runtime.getRuntime().maxMemory(), runsEngine);
    }
}
