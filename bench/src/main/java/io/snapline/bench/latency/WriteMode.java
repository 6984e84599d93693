package io.snapline.bench.latency;

import java.util.Locale;

/** How the writer hands lines to the file, as the node does with and without its buffered writer. */
enum WriteMode {
    /** The node's default: an 8 KiB buffered writer, so writes of 8,192 bytes that split lines. */
    CHUNKED,
    /** {@code --disable-output-file-buffering}: one write per line. */
    LINE;

    static final int CHUNK_BYTES = 8192;

    String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    static WriteMode parse(String text) {
        for (WriteMode mode : values()) {
            if (mode.label().equals(text)) {
                return mode;
            }
        }
        throw new IllegalArgumentException("mode '" + text + "': expected chunked or line");
    }
}
