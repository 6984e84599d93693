package io.snapline.bench.latency;

import io.snapline.nodegen.GeneratorOptions;
import io.snapline.nodegen.NodeFileGenerator;
import io.snapline.nodegen.NodeHour;
import io.snapline.tailer.NodeLayout;
import io.snapline.tailer.NodeStream;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Real-shaped streaming order-status lines made by the node-file generator, held in memory so the
 * writer spends its time writing, not composing. The writer cycles through them; repeated events
 * cost Snapline the same as new ones (it parses, it does not deduplicate).
 */
final class LinePool {

    private final byte[] bytes;
    /** Line i is {@code bytes[starts[i], starts[i + 1])}, its newline included. */
    private final int[] starts;

    private LinePool(byte[] bytes, int[] starts) {
        this.bytes = bytes;
        this.starts = starts;
    }

    /** Generates {@code lines} lines into a scratch directory under {@code workDir}, reads them, removes it. */
    static LinePool generate(Path workDir, int lines) throws IOException {
        Path scratch = Files.createTempDirectory(workDir, "pool-");
        try {
            NodeFileGenerator generator = new NodeFileGenerator();
            generator.run(GeneratorOptions.of(scratch, NodeStream.ORDER_STATUSES, NodeLayout.STREAMING, lines)
                    .withStartHour(NodeHour.parse("20260505/17")));
            byte[] all = Files.readAllBytes(generator.files().get(0));
            int[] starts = new int[lines + 1];
            int line = 0;
            for (int i = 0; i < all.length && line < lines; i++) {
                if (all[i] == '\n') {
                    starts[++line] = i + 1;
                }
            }
            if (line != lines) {
                throw new IOException("generator wrote " + line + " lines, not " + lines);
            }
            return new LinePool(all, starts);
        } finally {
            try (Stream<Path> walk = Files.walk(scratch)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    int size() {
        return starts.length - 1;
    }

    byte[] bytes() {
        return bytes;
    }

    int start(int line) {
        return starts[line];
    }

    int length(int line) {
        return starts[line + 1] - starts[line];
    }

    double meanLineBytes() {
        return (double) starts[starts.length - 1] / size();
    }
}
