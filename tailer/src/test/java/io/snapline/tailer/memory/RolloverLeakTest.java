package io.snapline.tailer.memory;

import static io.snapline.tailer.StreamingHours.hourFile;
import static io.snapline.tailer.StreamingHours.prune;
import static io.snapline.tailer.StreamingHours.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.snapline.tailer.HourlyFileSequence;
import io.snapline.tailer.LineSink;
import io.snapline.tailer.NodeLayout;
import io.snapline.tailer.NodeStream;
import io.snapline.tailer.TailedFile;
import io.snapline.tailer.Tailer;
import io.snapline.tailer.TailerConfig;
import io.snapline.tailer.TailerEvents;
import io.snapline.tailer.TailerLoop;
import io.snapline.testkit.LeakCheck;
import io.snapline.testkit.LeakThresholds;
import io.snapline.testkit.LeakWatch;
import io.snapline.testkit.MemoryLeakReport;
import io.snapline.testkit.MemorySnapshot;
import io.snapline.testkit.Resources;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A running tailer (its own thread, a directory watch, the real clock) through 500 hourly
 * rollovers, as the node makes them: each hour a new file, written, then the previous one idle
 * past the grace period and closed, and files older than 48 hours pruned. Nothing it opened may
 * stay: no descriptor, no thread, and a heap as flat at the end as at 20%.
 */
@LeakCheck(maxHeapGrowthMb = 4, maxFdGrowth = 0, maxThreadGrowth = 0, maxMappedGrowth = 0, samplingIntervalMs = 500)
class RolloverLeakTest {

    private static final int ROLLOVERS = 500;
    private static final LocalDateTime START = LocalDateTime.of(2026, 5, 5, 0, 0);
    private static final Duration GRACE = Duration.ofMillis(10);
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final TailerConfig CONFIG = TailerConfig.defaults().withRolloverGrace(GRACE)
            .withDiscoveryInterval(Duration.ofMillis(5));

    @TempDir
    Path dir;

    private final CountingSink sink = new CountingSink();

    /** A few rollovers before the baseline: class loading and the watch service's first start are not leaks. */
    @BeforeEach
    void warmUp() throws IOException {
        Path root = dir.resolve("warm-up");
        CountingSink lines = new CountingSink();
        long written = 0;
        try (TailerLoop loop = loop(root, lines, "rollover-warm-up")) {
            for (int i = 0; i < 3; i++) {
                written += write(hourFile(root, START.plusHours(i)), i, 2);
                awaitLines(loop, lines, written);
            }
        }
    }

    @Test
    void shouldLeaveNoDescriptorOrThreadAfter500HourlyRolloversOfARunningTailer(LeakWatch watch) throws IOException {
        Path root = dir.resolve("node");
        long written = 0;
        MemorySnapshot atFifth = null;
        try (TailerLoop loop = loop(root, sink, "rollover-tailer")) {
            for (int i = 0; i < ROLLOVERS; i++) {
                LocalDateTime hour = START.plusHours(i);
                Path newest = hourFile(root, hour);
                written += write(newest, i, 2 + i % 4);
                awaitLines(loop, sink, written);
                assertTrue(Resources.awaitIo(() -> openFilesUnder(root).size() == 1, WAIT),
                        "rollover " + i + ": only the newest file stays open past the grace period: "
                                + openFilesUnder(root));
                assertEquals(List.of(newest.toRealPath()), openFilesUnder(root), "rollover " + i);
                prune(root, hour.minusHours(48));
                if (i + 1 == ROLLOVERS / 5) {
                    atFifth = watch.mark("20%");
                }
            }
            MemorySnapshot atEnd = watch.mark("100%");
            MemoryLeakReport.between(atFifth, atEnd, LeakThresholds.heapOnly(2)).assertNoLeak();
            assertNull(loop.failure());
        }
        assertEquals(List.of(), Resources.openUnder(root), "nothing under the node directory held after close");
        assertEquals(written, sink.lines.get(), "every line delivered once");
    }

    // ================================================================ helpers

    private static TailerLoop loop(Path root, LineSink lines, String name) throws IOException {
        Files.createDirectories(root);
        Tailer tailer = new Tailer(List.of(new HourlyFileSequence(root, NodeStream.ORDER_STATUSES, NodeLayout.STREAMING)),
                CONFIG, lines, TailerEvents.NONE);
        return new TailerLoop(tailer, Duration.ofMillis(5), name).start();
    }

    /** Files held open under {@code root}; a directory the loop is listing at that instant is not one. */
    private static List<Path> openFilesUnder(Path root) throws IOException {
        return Resources.openUnder(root).stream().filter(Files::isRegularFile).toList();
    }

    private static void awaitLines(TailerLoop loop, CountingSink lines, long expected) {
        assertTrue(Resources.await(() -> lines.lines.get() >= expected || loop.failure() != null, WAIT),
                "lines delivered: " + lines.lines.get() + " of " + expected);
        assertNull(loop.failure());
        assertEquals(expected, lines.lines.get());
    }

    private static final class CountingSink implements LineSink {
        final AtomicLong lines = new AtomicLong();

        @Override
        public void onLine(TailedFile file, byte[] buffer, int offset, int length, long startOffset, long endOffset) {
            lines.incrementAndGet();
        }
    }
}
