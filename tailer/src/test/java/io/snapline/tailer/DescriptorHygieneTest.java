package io.snapline.tailer;

import static io.snapline.tailer.StreamingHours.hourFile;
import static io.snapline.tailer.StreamingHours.prune;
import static io.snapline.tailer.StreamingHours.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.snapline.testkit.Resources;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Counts the process's open descriptors ({@code /proc/self/fd}) through many simulated hourly
 * rollovers: every descriptor the tailer opens for an hour file is closed once the file is read and
 * idle past the grace period, and on {@link Tailer#close()}.
 */
class DescriptorHygieneTest {

    private static final int ROLLOVERS = 500;
    private static final LocalDateTime START = LocalDateTime.of(2026, 5, 5, 0, 0);
    private static final Duration GRACE = TailerConfig.defaults().rolloverGrace();
    private static final Duration PAST_GRACE = GRACE.plusSeconds(1);

    @TempDir
    Path root;

    private final AtomicLong clock = new AtomicLong(1_000_000_000L);
    private final CountingSink sink = new CountingSink();

    /**
     * Runs a few rollovers once before any baseline is taken, so that class loading (which opens jar
     * files and keeps them open) is not counted as a leak.
     */
    @BeforeEach
    void warmUp() throws IOException {
        Path warmUpRoot = Files.createDirectories(root.resolve("warm-up"));
        try (Tailer tailer = tailer(warmUpRoot, new CountingSink())) {
            for (int i = 0; i < 3; i++) {
                write(hourFile(warmUpRoot, START.plusHours(i)), i, 3);
                tailer.poll();
                clock.addAndGet(PAST_GRACE.toNanos());
                tailer.poll();
                tailer.forEachFile(file -> file.lagBytes());
            }
            Files.delete(hourFile(warmUpRoot, START));
            tailer.poll();
        }
        Resources.countedDescriptors();
        Resources.openUnder(warmUpRoot);
    }

    @Test
    void shouldHoldOnlyTheNewestFileOpenAfter500RolloversAndNothingAfterClose() throws IOException {
        Path nodeRoot = Files.createDirectories(root.resolve("node"));
        List<String> baseline = Resources.countedDescriptors();
        Tailer tailer = tailer(nodeRoot, sink);
        int written = 0;
        Path newest = null;
        try {
            for (int i = 0; i < ROLLOVERS; i++) {
                newest = hourFile(nodeRoot, START.plusHours(i));
                written += write(newest, i, 3);
                tailer.poll();
                assertTrue(tailer.openFileCount() <= 2, "rollover " + i + ": " + tailer.openFileCount() + " open");
                clock.addAndGet(PAST_GRACE.toNanos());
                tailer.poll();
                assertEquals(1, tailer.openFileCount(), "rollover " + i + ": only the newest file stays open");
            }
            assertEquals(written, sink.lines.get(), "every line delivered");
            Resources.assertOpenedSince(baseline, 1);
            assertEquals(List.of(newest.toRealPath()), Resources.openUnder(nodeRoot));
        } finally {
            tailer.close();
        }
        assertEquals(0, tailer.openFileCount());
        Resources.assertOpenedSince(baseline, 0);
        assertEquals(List.of(), Resources.openUnder(nodeRoot));
    }

    @Test
    void shouldKeepKnownAndOpenFilesBoundedWhenTheNodePrunesFilesOlderThan48Hours() throws IOException {
        Path nodeRoot = Files.createDirectories(root.resolve("node"));
        List<String> baseline = Resources.countedDescriptors();
        Tailer tailer = tailer(nodeRoot, sink);
        int written = 0;
        int maxKnown = 0;
        try {
            for (int i = 0; i < ROLLOVERS; i++) {
                LocalDateTime hour = START.plusHours(i);
                // Line counts vary by hour, so a new file that gets the inode of a pruned one never has
                // its size (that case is TailerTest.shouldReadANewFileThatReusesTheInodeOfADeletedFile).
                written += write(hourFile(nodeRoot, hour), i, 2 + i % 5);
                if (i > 0) {
                    written += write(hourFile(nodeRoot, hour.minusHours(1)), i, 1); // a late write
                }
                tailer.poll();
                assertTrue(tailer.openFileCount() <= 2, "rollover " + i + ": " + tailer.openFileCount() + " open");
                clock.addAndGet(PAST_GRACE.toNanos());
                tailer.poll();
                assertTrue(tailer.openFileCount() <= 2, "rollover " + i + ": " + tailer.openFileCount() + " open");
                assertEquals(1, tailer.openFileCount(), "rollover " + i + ": only the newest file stays open");

                prune(nodeRoot, hour.minusHours(48));
                int known = knownFiles(tailer);
                maxKnown = Math.max(maxKnown, known);
                assertTrue(known <= 50, "rollover " + i + ": the tailer knows " + known + " files");
            }
            assertEquals(written, sink.lines.get(), "every line delivered");
            assertTrue(maxKnown >= 48, "the test never held 48 hours of files: " + maxKnown);
            Resources.assertOpenedSince(baseline, 1);
            assertEquals(1, Resources.openUnder(nodeRoot).size(), "only the newest hour file is open");
        } finally {
            tailer.close();
        }
        Resources.assertOpenedSince(baseline, 0);
        assertEquals(List.of(), Resources.openUnder(nodeRoot));
    }

    // ================================================================ helpers

    private Tailer tailer(Path nodeRoot, LineSink lines) {
        return new Tailer(List.of(new HourlyFileSequence(nodeRoot, NodeStream.ORDER_STATUSES, NodeLayout.STREAMING)),
                TailerConfig.defaults().withDiscoveryInterval(Duration.ZERO), lines, TailerEvents.NONE, clock::get);
    }

    private static int knownFiles(Tailer tailer) {
        AtomicInteger count = new AtomicInteger();
        tailer.forEachFile(file -> count.incrementAndGet());
        return count.get();
    }


    private static final class CountingSink implements LineSink {
        final AtomicInteger lines = new AtomicInteger();

        @Override
        public void onLine(TailedFile file, byte[] buffer, int offset, int length, long startOffset, long endOffset) {
            lines.incrementAndGet();
        }
    }
}
