package io.snapline.tailer;

import io.snapline.tailer.NodeFile.Line;
import io.snapline.tailer.RecordingEvents.Event;
import io.snapline.testkit.Resources;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scenario tests of {@link Tailer}: real files in a temp directory, a fake clock, and {@link Tailer#poll()}
 * called directly. Every file the test writes keeps an in-memory copy of its bytes ({@link NodeFile}), so
 * the expected lines and their offsets are computed from what was really written.
 */
class TailerTest {

    private static final String DAY = "20260505";
    private static final Duration GRACE = TailerConfig.defaults().rolloverGrace();

    @TempDir
    Path root;

    private final AtomicLong clock = new AtomicLong(5_000_000_000L);
    private final RecordingSink sink = new RecordingSink();
    private final RecordingEvents events = new RecordingEvents();
    private final List<Tailer> tailers = new ArrayList<>();

    @AfterEach
    void closeTailers() throws IOException {
        for (Tailer tailer : tailers) {
            tailer.close();
        }
    }

    // ---------------------------------------------------------------- following appends

    @Test
    void shouldFollowAppendsAcrossPolls() throws IOException {
        NodeFile file = hour(DAY, 9).write("9-a1\n9-a2\n");
        Tailer tailer = tailer(config());

        tailer.poll();
        assertEquals(List.of(new Line("9-a1", 0, 5), new Line("9-a2", 5, 10)), sink.linesOf(file));

        file.write("9-a3\n");
        tailer.poll();
        file.write("9-a4\n9-a5\n");
        tailer.poll();

        assertEquals(List.of("9-a1", "9-a2", "9-a3", "9-a4", "9-a5"), sink.texts());
        assertEquals(file.wholeLines(), sink.linesOf(file));
        assertEquals(file.size(), knownFile(tailer, file).position());
        assertPositionsOnLineBoundaries(tailer, file);
    }

    @Test
    void shouldHoldPartialLineUntilItsNewlineArrivesAndNeverPointInsideALine() throws IOException {
        NodeFile file = hour(DAY, 9).write("first\nsec");
        Tailer tailer = tailer(config());

        tailer.poll();
        assertEquals(List.of(new Line("first", 0, 6)), sink.linesOf(file));
        assertEquals(6, knownFile(tailer, file).position());
        assertPositionsOnLineBoundaries(tailer, file);

        file.write("ond part");
        tailer.poll();
        assertEquals(List.of("first"), sink.texts(), "still no newline: the partial line is held");
        assertEquals(6, knownFile(tailer, file).position());

        file.write(" done\nthird");
        tailer.poll();
        assertEquals(List.of(new Line("first", 0, 6), new Line("second part done", 6, 23)), sink.linesOf(file));
        assertEquals(23, knownFile(tailer, file).position());
        assertPositionsOnLineBoundaries(tailer, file);

        file.write("\n");
        tailer.poll();
        assertEquals(file.wholeLines(), sink.linesOf(file));
        assertEquals(new Line("third", 23, 29), sink.linesOf(file).get(2));
        assertEquals(file.size(), knownFile(tailer, file).position());
    }

    @Test
    void shouldStripTheCarriageReturnOfCrlfLines() throws IOException {
        NodeFile file = hour(DAY, 9).write("one\r\ntwo\r\n\r\nfour\r");
        Tailer tailer = tailer(config());

        tailer.poll();
        assertEquals(List.of(new Line("one", 0, 5), new Line("two", 5, 10), new Line("", 10, 12)),
                sink.linesOf(file));
        assertEquals(12, knownFile(tailer, file).position(), "a line ending in a bare '\\r' is still partial");

        file.write("\nfive\r\n");
        tailer.poll();
        assertEquals(List.of(new Line("one", 0, 5), new Line("two", 5, 10), new Line("", 10, 12),
                new Line("four", 12, 18), new Line("five", 18, 24)), sink.linesOf(file));
        assertEquals(file.wholeLines(), sink.linesOf(file));
    }

    // ---------------------------------------------------------------- hour rollover

    @Test
    void shouldDrainThePreviousHourBeforeReadingTheNextOne() throws IOException {
        NodeFile h9 = hour(DAY, 9).write("9-1\n");
        Tailer tailer = tailer(config());
        tailer.poll();

        h9.write("9-2\n9-3\n");
        NodeFile h10 = hour(DAY, 10).write("10-1\n");
        tailer.poll();

        assertEquals(List.of("9-1", "9-2", "9-3", "10-1"), sink.texts());
        assertEquals(h9.wholeLines(), sink.linesOf(h9));
        assertEquals(h10.wholeLines(), sink.linesOf(h10));
        assertEquals(1, events.count("rotated", h9.inode));
        assertEquals(2, tailer.openFileCount(), "the previous hour stays open within the grace period");
        assertEquals(0, events.count("closed", h9.inode));
    }

    @Test
    void shouldNotCloseThePreviousHourBeforeItIsDrainedEvenLongAfterGrace() throws IOException {
        NodeFile h9 = hour(DAY, 9).write("9-first\n");
        Tailer tailer = tailer(config().withReadBudgetBytes(100).withReadBufferSize(64));
        tailer.poll();
        h9.write("9-backlog-line\n".repeat(60));
        NodeFile h10 = hour(DAY, 10).write("10-1\n");

        int polls = 0;
        while (sink.lines.size() < 62) {
            assertTrue(++polls < 1000, "no progress");
            tailer.poll();
            advance(GRACE.multipliedBy(2)); // idle far past the grace period between polls
            if (events.count("closed", h9.inode) > 0) {
                assertEquals(h9.size(), knownFile(tailer, h9).position(), "closed before it was drained");
            }
        }
        tailer.poll();

        assertTrue(polls > 2, "the budget spread the backlog over " + polls + " polls");
        assertEquals(h9.wholeLines(), sink.linesOf(h9));
        assertEquals(h10.wholeLines(), sink.linesOf(h10));
        assertEquals("10-1", sink.texts().get(61), "the next hour comes after the whole previous one");
        assertEquals(1, events.count("closed", h9.inode));
        assertEquals(1, tailer.openFileCount());
    }

    @Test
    void shouldReadLateWritesToThePreviousHourWithinTheGracePeriod() throws IOException {
        NodeFile h9 = hour(DAY, 9).write("9-1\n");
        Tailer tailer = tailer(config());
        tailer.poll();
        NodeFile h10 = hour(DAY, 10).write("10-1\n");
        tailer.poll();

        advance(GRACE.minusSeconds(5));
        h9.write("9-late-1\n");
        tailer.poll();
        assertEquals(List.of("9-1", "10-1", "9-late-1"), sink.texts());

        // 25 s after the late write: idle less than the grace period, so still open.
        advance(GRACE.minusSeconds(5));
        tailer.poll();
        assertEquals(2, tailer.openFileCount());
        h9.write("9-late-2\n");
        h10.write("10-2\n");
        tailer.poll();

        assertEquals(h9.wholeLines(), sink.linesOf(h9));
        assertEquals(h10.wholeLines(), sink.linesOf(h10));
        assertEquals(0, events.count("closed", h9.inode), "never idle for the whole grace period");
    }

    @Test
    void shouldCloseThePreviousHourAfterGraceAndStillReadALaterWriteAfterReopeningIt() throws IOException {
        NodeFile h9 = hour(DAY, 9).write("9-1\n");
        Tailer tailer = tailer(config());
        tailer.poll();
        NodeFile h10 = hour(DAY, 10).write("10-1\n");
        tailer.poll();
        assertEquals(2, tailer.openFileCount());

        advance(GRACE.minusSeconds(1));
        tailer.poll();
        assertEquals(2, tailer.openFileCount(), "idle for less than the grace period");

        advance(Duration.ofSeconds(1));
        tailer.poll();
        assertEquals(1, tailer.openFileCount(), "idle for the grace period: closed");
        assertEquals(1, events.count("closed", h9.inode));
        assertEquals(0, events.count("closed", h10.inode), "the newest file stays open");

        h9.write("9-very-late\n");
        tailer.poll();
        assertEquals(List.of("9-1", "10-1", "9-very-late"), sink.texts());
        assertEquals(h9.wholeLines(), sink.linesOf(h9), "read from its position, not from 0");
        assertEquals(2, events.count("opened", h9.inode));
        assertEquals(0, events.count("truncated", h9.inode));

        advance(GRACE);
        tailer.poll();
        assertEquals(1, tailer.openFileCount());
        assertEquals(2, events.count("closed", h9.inode));
        assertEquals(h10.wholeLines(), sink.linesOf(h10));
    }

    // ---------------------------------------------------------------- rename, copytruncate, delete

    @Test
    void shouldLoseOrRepeatNoLineWhenAnOpenFileIsRenamedAndANewOneCreated() throws IOException {
        NodeFile old17 = hour(DAY, 17).write("old-1\n");
        Tailer tailer = tailer(config());
        tailer.poll();

        old17.write("old-2\nold-");
        old17.renameTo(old17.path.resolveSibling("17.old"));
        old17.write("3\nold-4\n"); // the writer still holds the renamed file
        NodeFile new17 = hour(DAY, 17).write("new-1\nnew-2\n");
        pollUntilIdle(tailer);

        assertEquals(List.of("old-1", "old-2", "old-3", "old-4", "new-1", "new-2"), sink.texts());
        assertEquals(old17.wholeLines(), sink.linesOf(old17));
        assertEquals(new17.wholeLines(), sink.linesOf(new17));
        assertEquals(1, events.count("deleted", old17.inode), "renamed out of the sequence");
        assertEquals(2, tailer.openFileCount(), "the renamed file is open while it may still grow");

        advance(GRACE);
        tailer.poll();
        assertEquals(1, tailer.openFileCount(), "the renamed file is closed after the grace period");
        assertEquals(1, events.count("closed", old17.inode));
        assertFalse(positionInodes(tailer).contains(old17.inode), "the renamed file is forgotten");
        assertNoDescriptorOn(old17.path);

        new17.write("new-3\n");
        tailer.poll();
        assertEquals(new17.wholeLines(), sink.linesOf(new17));
        assertEquals(old17.wholeLines(), sink.linesOf(old17));
        assertEachLineOnce();
    }

    @Test
    void shouldLoseOrRepeatNoLineWhenAPollFallsBetweenRenameAndCreate() throws IOException {
        NodeFile old17 = hour(DAY, 17).write("old-1\n");
        Tailer tailer = tailer(config());
        tailer.poll();

        old17.write("old-2\n");
        old17.renameTo(old17.path.resolveSibling("17.old"));
        tailer.poll();
        old17.write("old-3\n");
        advance(Duration.ofSeconds(1));
        NodeFile new17 = hour(DAY, 17).write("new-1\n");
        tailer.poll();
        old17.write("old-4\n");
        new17.write("new-2\n");
        pollUntilIdle(tailer);

        assertEquals(old17.wholeLines(), sink.linesOf(old17));
        assertEquals(new17.wholeLines(), sink.linesOf(new17));
        assertEachLineOnce();

        advance(GRACE);
        tailer.poll();
        assertEquals(1, tailer.openFileCount());
        assertEquals(1, events.count("closed", old17.inode));
    }

    @Test
    void shouldDetectCopytruncateToLessThanThePositionAndRestartAtZero() throws IOException {
        NodeFile file = hour(DAY, 9).write("before-1\nbefore-2\nbefore-3\n");
        Tailer tailer = tailer(config());
        tailer.poll();
        assertEquals(27, knownFile(tailer, file).position());

        Files.copy(file.path, file.path.resolveSibling("9.1"));
        file.truncateAndWrite("after-1\n");
        tailer.poll();

        List<Event> truncated = events.of("truncated", file.inode);
        assertEquals(1, truncated.size());
        assertEquals(27, truncated.get(0).a(), "previous position");
        assertEquals(8, truncated.get(0).b(), "new size");
        assertEquals(List.of("before-1", "before-2", "before-3", "after-1"), sink.texts());
        assertEquals(new Line("after-1", 0, 8), sink.linesOf(file).get(3));

        file.write("after-2\n");
        tailer.poll();
        assertEquals(new Line("after-2", 8, 16), sink.linesOf(file).get(4));
        assertEquals(1, events.count("truncated", file.inode));
    }

    @Test
    void shouldDetectCopytruncateFollowedByMoreThanThePositionAndRestartAtZero() throws IOException {
        NodeFile file = hour(DAY, 9).write("before-1\nbefore-2\n");
        Tailer tailer = tailer(config());
        tailer.poll();

        file.truncateAndWrite("AFTER-1 the new content is longer\nAFTER-2\n");
        tailer.poll();

        assertEquals(1, events.count("truncated", file.inode), "first bytes changed");
        assertEquals(List.of("before-1", "before-2", "AFTER-1 the new content is longer", "AFTER-2"), sink.texts());
        assertEquals(new Line("AFTER-1 the new content is longer", 0, 34), sink.linesOf(file).get(2));
        assertEquals(new Line("AFTER-2", 34, 42), sink.linesOf(file).get(3));
    }

    @Test
    void shouldReadWhatWasWrittenBeforeADeleteAndCloseTheDescriptorWithinGrace() throws IOException {
        NodeFile file = hour(DAY, 9).write("d-1\n");
        Tailer tailer = tailer(config());
        tailer.poll();
        assertEquals(1, tailer.openFileCount());

        file.write("d-2\nd-3\n");
        Files.delete(file.path);
        tailer.poll();

        assertEquals(List.of("d-1", "d-2", "d-3"), sink.texts());
        assertEquals(file.wholeLines(), sink.linesOf(file));
        assertEquals(1, events.count("deleted", file.inode));

        advance(GRACE);
        tailer.poll();
        assertEquals(0, tailer.openFileCount());
        assertEquals(1, events.count("closed", file.inode));
        assertTrue(tailer.positions().isEmpty());
        assertNoDescriptorOn(file.path);
    }

    // ---------------------------------------------------------------- over-long lines

    @Test
    void shouldReportAnOverlongLineWithItsSpanAndFirstBytesAndGoOn() throws IOException {
        String longLine = pattern(10_000);
        NodeFile file = hour(DAY, 9).write("before\n" + longLine + "\nafter-1\nafter-2\n");
        Tailer tailer = tailer(config().withMaxLineLength(1000).withReadBufferSize(256));

        pollUntilIdle(tailer);

        assertEquals(List.of("before", "after-1", "after-2"), sink.texts());
        assertEquals(List.of(new Line("before", 0, 7), new Line("after-1", 10_008, 10_016),
                new Line("after-2", 10_016, 10_024)), sink.linesOf(file));
        assertEquals(1, sink.tooLong.size());
        TooLong tooLong = sink.tooLong.get(0);
        assertEquals(7, tooLong.start());
        assertEquals(10_000, tooLong.length());
        assertEquals(10_008, tooLong.end());
        int headBytes = Math.min(TailerConfig.defaults().tooLongHeadBytes(), 10_000);
        assertArrayEquals(Arrays.copyOf(longLine.getBytes(UTF_8), headBytes), tooLong.head());
        List<Event> reported = events.of("tooLong", file.inode);
        assertEquals(1, reported.size());
        assertEquals(7, reported.get(0).a());
        assertEquals(10_000, reported.get(0).b());
        assertTrue(tailer.readBufferCapacity() <= 1002, "buffer grew to " + tailer.readBufferCapacity());
        assertEquals(file.size(), knownFile(tailer, file).position());
    }

    @Test
    void shouldKeepOnlyTheConfiguredHeadBytesOfAnOverlongLine() throws IOException {
        String longLine = pattern(10_000);
        hour(DAY, 9).write(longLine + "\nnext\n");
        Tailer tailer = tailer(config().withMaxLineLength(1000).withReadBufferSize(256).withTooLongHeadBytes(100));

        pollUntilIdle(tailer);

        assertEquals(1, sink.tooLong.size());
        assertArrayEquals(Arrays.copyOf(longLine.getBytes(UTF_8), 100), sink.tooLong.get(0).head());
        assertEquals(List.of("next"), sink.texts());
    }

    @Test
    void shouldReportAnOverlongLineWhoseNewlineArrivesInALaterPoll() throws IOException {
        String longLine = pattern(10_000);
        NodeFile file = hour(DAY, 9).write("before\n" + longLine.substring(0, 600));
        Tailer tailer = tailer(config().withMaxLineLength(1000).withReadBufferSize(256));

        tailer.poll();
        assertEquals(List.of("before"), sink.texts());
        assertEquals(7, knownFile(tailer, file).position());

        file.write(longLine.substring(600, 5600));
        tailer.poll();
        tailer.poll();
        assertTrue(sink.tooLong.isEmpty(), "no newline yet");
        assertEquals(7, knownFile(tailer, file).position(), "the position stays at the line's start");
        assertTrue(tailer.readBufferCapacity() <= 1002, "buffer grew to " + tailer.readBufferCapacity());

        file.write(longLine.substring(5600, 9000));
        tailer.poll();
        assertTrue(sink.tooLong.isEmpty(), "no newline yet");
        assertEquals(7, knownFile(tailer, file).position());

        file.write(longLine.substring(9000) + "\nafter-1\naft");
        tailer.poll();
        file.write("er-2\n");
        tailer.poll();

        assertEquals(List.of("before", "after-1", "after-2"), sink.texts());
        assertEquals(1, sink.tooLong.size());
        TooLong tooLong = sink.tooLong.get(0);
        assertEquals(7, tooLong.start());
        assertEquals(10_000, tooLong.length());
        assertEquals(10_008, tooLong.end());
        assertArrayEquals(longLine.getBytes(UTF_8), tooLong.head());
        assertEquals(1, events.count("tooLong", file.inode));
        assertEquals(List.of(new Line("before", 0, 7), new Line("after-1", 10_008, 10_016),
                new Line("after-2", 10_016, 10_024)), sink.linesOf(file));
        assertTrue(tailer.readBufferCapacity() <= 1002, "buffer grew to " + tailer.readBufferCapacity());
    }

    @Test
    void shouldReportAnOverlongCrlfLineWithoutItsCarriageReturn() throws IOException {
        // 1001 bytes and "\r\n": the '\r' is the last byte of the full buffer, the '\n' the next read's first.
        String justOver = pattern(1001);
        String longLine = pattern(10_000);
        NodeFile file = hour(DAY, 9).write(justOver + "\r\n" + longLine + "\r\nafter\r\n");
        Tailer tailer = tailer(config().withMaxLineLength(1000).withReadBufferSize(256));

        pollUntilIdle(tailer);

        assertEquals(2, sink.tooLong.size());
        assertEquals(new TooLongSpan(0, 1001, 1003), sink.tooLong.get(0).span());
        assertEquals(new TooLongSpan(1003, 10_000, 11_005), sink.tooLong.get(1).span());
        assertEquals(List.of(new Line("after", 11_005, 11_012)), sink.linesOf(file));
    }

    @Test
    void shouldReportOverlongCrlfLinesWithoutTheCarriageReturnWhereverTheReadsSplitThem() throws IOException {
        // A skip read after the first full buffer (1002 bytes) takes about 1000 bytes: lines of
        // 1001 to 2010 bytes put their '\r' on every byte of it, the last one (its '\n' in the next
        // read) included.
        StringBuilder text = new StringBuilder();
        List<TooLongSpan> expected = new ArrayList<>();
        for (int length = 1001; length <= 2010; length++) {
            expected.add(new TooLongSpan(text.length(), length, text.length() + length + 2));
            text.append(pattern(length)).append("\r\n");
        }
        NodeFile file = hour(DAY, 9).write(text + "after\r\n");
        Tailer tailer = tailer(config().withMaxLineLength(1000).withReadBufferSize(256));

        pollUntilIdle(tailer);

        assertEquals(expected.size(), sink.tooLong.size());
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(expected.get(i), sink.tooLong.get(i).span());
        }
        assertEquals(List.of(new Line("after", text.length(), text.length() + 7)), sink.linesOf(file));
    }

    @Test
    void shouldDeliverALineOfExactlyTheMaximumLengthNormally() throws IOException {
        String max = pattern(1000);
        String maxCrlf = pattern(1000).toUpperCase();
        String over = pattern(1001);
        NodeFile file = hour(DAY, 9).write(max + "\n" + maxCrlf + "\r\n" + over + "\nlast\n");
        Tailer tailer = tailer(config().withMaxLineLength(1000).withReadBufferSize(256));

        pollUntilIdle(tailer);

        assertEquals(List.of(max, maxCrlf, "last"), sink.texts());
        assertEquals(List.of(new Line(max, 0, 1001), new Line(maxCrlf, 1001, 2003), new Line("last", 3005, 3010)),
                sink.linesOf(file));
        assertEquals(1, sink.tooLong.size(), "one byte more is too long");
        assertEquals(new TooLongSpan(2003, 1001, 3005), sink.tooLong.get(0).span());
        assertArrayEquals(over.getBytes(UTF_8), sink.tooLong.get(0).head());
        assertTrue(tailer.readBufferCapacity() <= 1002, "buffer grew to " + tailer.readBufferCapacity());
    }

    // ---------------------------------------------------------------- stop and resume

    @Test
    void shouldLoseOrRepeatNoLineAcrossStopAndResume() throws IOException {
        NodeFile h9 = hour(DAY, 9).write("9-1\n9-2\n");
        Tailer first = tailer(config());
        first.poll();
        first.close();
        TailerPositions positions = first.positions();

        h9.write("9-3\n");
        NodeFile h10 = hour(DAY, 10).write("10-1\n");
        Tailer second = tailer(config());
        second.resume(positions);
        pollUntilIdle(second);
        h10.write("10-2\n");
        second.poll();

        assertEquals(List.of("9-1", "9-2", "9-3", "10-1", "10-2"), sink.texts());
        assertEquals(h9.wholeLines(), sink.linesOf(h9));
        assertEquals(h10.wholeLines(), sink.linesOf(h10));
        assertEquals(1, events.count("resumed", h9.inode));
        assertEachLineOnce();
    }

    @Test
    void shouldDeliverAPartialLineOnceWhenStoppedBeforeItsNewline() throws IOException {
        NodeFile file = hour(DAY, 9).write("line-1\nline-2\npar");
        Tailer first = tailer(config());
        first.poll();
        first.close();
        TailerPositions positions = first.positions();
        assertEquals(14, positions.files().get(0).offset(), "the position is at the partial line's start");

        file.write("tial\nline-4\n");
        Tailer second = tailer(config());
        second.resume(positions);
        pollUntilIdle(second);

        assertEquals(List.of("line-1", "line-2", "partial", "line-4"), sink.texts());
        assertEquals(file.wholeLines(), sink.linesOf(file));
        assertEachLineOnce();
    }

    @Test
    void shouldDrainAFileRenamedOutOfTheSequenceWhileStopped() throws IOException {
        // At least 64 bytes when last read: a whole fingerprint to know it by in its new name.
        String old1 = "old-1 " + pattern(64);
        NodeFile old17 = hour(DAY, 17).write(old1 + "\n");
        Tailer first = tailer(config());
        first.poll();
        first.close();
        TailerPositions positions = first.positions();

        old17.write("old-2\n");
        old17.renameTo(old17.path.resolveSibling("17.old"));
        old17.write("old-3\n");
        NodeFile new17 = hour(DAY, 17).write("new-1\n");
        Tailer second = tailer(config());
        second.resume(positions);
        pollUntilIdle(second);

        assertEquals(List.of(old1, "old-2", "old-3", "new-1"), sink.texts());
        assertEquals(old17.wholeLines(), sink.linesOf(old17));
        assertEquals(new17.wholeLines(), sink.linesOf(new17));
        assertEachLineOnce();

        advance(GRACE);
        second.poll();
        assertEquals(1, second.openFileCount(), "the renamed file is closed after the grace period");
        assertNoDescriptorOn(old17.path);
    }

    @Test
    void shouldRestartAtZeroWhenTheFileWasTruncatedWhileStopped() throws IOException {
        NodeFile file = hour(DAY, 9).write("old-1\nold-2\n");
        Tailer first = tailer(config());
        first.poll();
        first.close();
        TailerPositions positions = first.positions();

        file.truncateAndWrite("NEW-1 longer than the old content\nNEW-2\n");
        Tailer second = tailer(config());
        second.resume(positions);
        pollUntilIdle(second);

        assertEquals(1, events.count("truncated", file.inode));
        assertEquals(List.of("old-1", "old-2", "NEW-1 longer than the old content", "NEW-2"), sink.texts());
        assertEquals(new Line("NEW-1 longer than the old content", 0, 34), sink.linesOf(file).get(2));
    }

    @Test
    void shouldRestartAtZeroWhenTheFileWasTruncatedToLessWhileStopped() throws IOException {
        NodeFile file = hour(DAY, 9).write("old-1\nold-2\nold-3\n");
        Tailer first = tailer(config());
        first.poll();
        first.close();
        TailerPositions positions = first.positions();

        file.truncateAndWrite("NEW-1\n");
        Tailer second = tailer(config());
        second.resume(positions);
        pollUntilIdle(second);

        assertEquals(1, events.count("truncated", file.inode));
        assertEquals(List.of("old-1", "old-2", "old-3", "NEW-1"), sink.texts());
        assertEquals(new Line("NEW-1", 0, 6), sink.linesOf(file).get(3));
    }

    /**
     * Found by {@code TailerModelProperties} (seed 7143974125441448152, shrunk): hour 21 holds one
     * byte of a line when it is read, so its fingerprint covers one byte; it is deleted and the
     * tailer stopped, which frees its inode; then a copytruncate of hour 22 copies it to
     * {@code 22.1}, and the file system gives the copy that inode (ext4 hands a freed inode to the
     * next file). On resume, hour 21 is missing from its path, and the copy, in the same directory
     * with its inode, starts with the same byte: taken for hour 21 renamed while stopped, it was
     * read from 0, and every line of hour 22 it holds came out a second time.
     */
    @Test
    void shouldNotTakeACopyWithTheInodeOfADeletedFileForThatFileRenamedWhileStopped() throws IOException {
        TailerConfig small = config().withMaxLineLength(400).withReadBufferSize(100).withTooLongHeadBytes(16)
                .withReadBudgetBytes(1000);
        NodeFile h21 = hour(DAY, 21).write("{"); // the first byte of a line, flushed alone
        NodeFile h22 = hour(DAY, 22).write(nodeLine(1, 100) + "\n" + nodeLine(2, 401) + "\r\n"
                + nodeLine(3, 120) + "\n");
        Tailer first = tailer(small);
        pollUntilIdle(first);
        assertEquals(1, knownFile(first, h21).identity().fingerprintLength());
        assertEquals(List.of(nodeLine(1, 100), nodeLine(3, 120)), sink.texts());
        assertEquals(1, sink.tooLong.size());

        Files.delete(h21.path);
        first.close();
        TailerPositions stored = first.positions();
        Path copy = h22.path.resolveSibling("22.1");
        Files.copy(h22.path, copy); // copytruncate, while stopped
        h22.truncateTo(0);
        long copyInode = ((Number) Files.getAttribute(copy, "unix:ino")).longValue();
        // Where the file system did not give the copy hour 21's inode, say that it did.
        TailerPositions positions = new TailerPositions(stored.files().stream()
                .map(p -> p.identity().inode() != h21.inode ? p : new FilePosition(p.sequence(), p.path(),
                        new FileIdentity(p.identity().device(), copyInode, p.identity().fingerprintLength(),
                                p.identity().fingerprint()), p.offset()))
                .toList());

        Tailer second = tailer(small);
        second.resume(positions);
        pollUntilIdle(second);
        h22.write(nodeLine(4, 90) + "\n");
        pollUntilIdle(second);

        assertEquals(List.of(nodeLine(1, 100), nodeLine(3, 120), nodeLine(4, 90)), sink.texts(),
                "nothing read from the copy");
        assertEquals(1, sink.tooLong.size(), "the over-long line reported once");
        assertFalse(positionInodes(second).contains(copyInode), "the copy is not followed");
    }

    // ---------------------------------------------------------------- start at end

    @Test
    void shouldSkipExistingLinesWithStartAtEndAndReadNewOnes() throws IOException {
        NodeFile h9 = hour(DAY, 9).write("9-old-1\n9-old-2\n");
        NodeFile h10 = hour(DAY, 10).write("10-old-1\n10-par");
        Tailer tailer = tailer(config().withStartAt(TailerConfig.StartAt.END));

        tailer.poll();
        assertEquals(List.of(), sink.texts());
        assertEquals(16, knownFile(tailer, h9).position());
        assertEquals(9, knownFile(tailer, h10).position(), "up to the last whole line");

        h10.write("tial\n10-new-1\n");
        h9.write("9-new-1\n");
        NodeFile h11 = hour(DAY, 11).write("11-1\n");
        pollUntilIdle(tailer);

        assertEquals(List.of(new Line("9-new-1", 16, 24)), sink.linesOf(h9));
        assertEquals(List.of(new Line("10-partial", 9, 20), new Line("10-new-1", 20, 29)), sink.linesOf(h10));
        assertEquals(h11.wholeLines(), sink.linesOf(h11), "a file created later is read from its first byte");
    }

    // ---------------------------------------------------------------- order, budget, caught up, lag

    @Test
    void shouldDeliverABacklogInHourOrderAcrossDays() throws IOException {
        // Created newest first, so neither creation order nor name order gives the right answer.
        NodeFile d6h0 = hour("20260506", 0).write("0605-0\n");
        NodeFile h23 = hour(DAY, 23).write("0505-23\n");
        NodeFile h10 = hour(DAY, 10).write("0505-10\n");
        NodeFile h9 = hour(DAY, 9).write("0505-9\n");
        Tailer tailer = tailer(config());

        pollUntilIdle(tailer);

        assertEquals(List.of("0505-9", "0505-10", "0505-23", "0605-0"), sink.texts());
        for (NodeFile file : List.of(h9, h10, h23, d6h0)) {
            assertEquals(file.wholeLines(), sink.linesOf(file));
        }
    }

    @Test
    void shouldReadABigBacklogAcrossSeveralPollsInOrderWithASmallReadBudget() throws IOException {
        List<NodeFile> files = List.of(hour(DAY, 9), hour(DAY, 10), hour(DAY, 23), hour("20260506", 0));
        List<String> expected = new ArrayList<>();
        for (NodeFile file : files) {
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < 200; i++) {
                String line = file.path.getParent().getFileName() + "/" + file.path.getFileName() + " line " + i;
                text.append(line).append('\n');
                expected.add(line);
            }
            file.write(text.toString());
        }
        long budget = 1000;
        Tailer tailer = tailer(config().withReadBudgetBytes(budget).withReadBufferSize(256));

        int polls = 0;
        long read;
        while ((read = tailer.poll()) > 0) {
            polls++;
            // The budget bounds each file's read; a poll may finish one file and start the next.
            assertTrue(read <= 2 * (budget + 256), "one poll read " + read + " bytes");
            assertTrue(polls < 1000, "no progress");
            assertEquals(expected.subList(0, sink.lines.size()), sink.texts(), "in order after poll " + polls);
            assertPositionsOnLineBoundaries(tailer, files.toArray(new NodeFile[0]));
        }

        long total = files.stream().mapToLong(NodeFile::size).sum();
        assertTrue(polls >= total / (2 * (budget + 256)), "only " + polls + " polls for " + total + " bytes");
        assertEquals(expected, sink.texts());
        for (NodeFile file : files) {
            assertEquals(file.wholeLines(), sink.linesOf(file));
        }
    }

    @Test
    void shouldReportLagAsSizeMinusPosition() throws IOException {
        NodeFile file = hour(DAY, 9).write("lag-line-1\n".repeat(50) + "partial");
        Tailer tailer = tailer(config().withReadBudgetBytes(100).withReadBufferSize(64));

        tailer.poll();
        TailedFile known = knownFile(tailer, file);
        assertTrue(known.position() > 0 && known.position() < file.size(), "read in part: " + known.position());
        assertEquals(file.size(), known.size());
        assertEquals(file.size() - known.position(), known.lagBytes());

        for (int i = 0; i < 100 && sink.lines.size() < 50; i++) {
            tailer.poll();
            assertEquals(file.size() - known.position(), known.lagBytes());
        }
        assertEquals(50, sink.lines.size());
        assertEquals("partial".length(), known.lagBytes(), "the partial line is lag");

        file.write("\n");
        tailer.poll();
        assertEquals(0, known.lagBytes());
    }

    // ---------------------------------------------------------------- found while writing these tests

    /**
     * A line longer than the read budget but within the maximum line length. In the committed reader
     * each poll read the budget from the line's start, found no newline, stopped, and started over at
     * the same place next time: nothing after it was ever read. With the defaults (16 MiB budget,
     * 64 MiB lines) that was any line between 16 and 64 MiB; a line over 64 MiB was never reported.
     */
    @Test
    void shouldDeliverALineLongerThanTheReadBudget() throws IOException {
        String longish = pattern(800);
        NodeFile file = hour(DAY, 9).write("a\n" + longish + "\nb\n");
        Tailer tailer = tailer(config().withMaxLineLength(1000).withReadBufferSize(256).withReadBudgetBytes(300));

        for (int i = 0; i < 20 && sink.lines.size() < 3; i++) {
            tailer.poll();
        }

        assertEquals(List.of("a", longish, "b"), sink.texts());
        assertEquals(file.wholeLines(), sink.linesOf(file));
    }

    /**
     * A partial last line (the node flushes in chunks, so this is the usual state of the newest file)
     * is read again from its start on every poll, and those bytes count as work: {@code poll()} never
     * returns 0, so {@link TailerLoop} never waits (a busy loop) and the engine never sees that it
     * has caught up.
     */
    @Test
    void shouldReportNoWorkWhileOnlyAPartialLineWaits() throws IOException {
        NodeFile file = hour(DAY, 9).write("whole\npar");
        Tailer tailer = tailer(config());

        assertTrue(tailer.poll() > 0);

        assertEquals(0, tailer.poll(), "nothing new: the partial line is unchanged");
        assertEquals(0, tailer.poll(), "nothing new: the partial line is unchanged");

        file.write("tial\n");
        assertTrue(tailer.poll() > 0);
        assertEquals(file.wholeLines(), sink.linesOf(file));
    }

    @Test
    void shouldReportAnOverlongLineLongerThanTheReadBudget() throws IOException {
        String longLine = pattern(10_000);
        NodeFile file = hour(DAY, 9).write("a\n" + longLine + "\nb\n");
        Tailer tailer = tailer(config().withMaxLineLength(1000).withReadBufferSize(256).withReadBudgetBytes(300));

        for (int i = 0; i < 100 && sink.lines.size() < 2; i++) {
            tailer.poll();
        }

        assertEquals(List.of("a", "b"), sink.texts());
        assertEquals(1, sink.tooLong.size());
        assertEquals(new TooLongSpan(2, 10_000, 10_003), sink.tooLong.get(0).span());
        assertEquals(file.size(), knownFile(tailer, file).position());
        assertTrue(tailer.readBufferCapacity() <= 1002, "buffer grew to " + tailer.readBufferCapacity());
    }

    /** The same with the default configuration: a 17 MiB by-block line must not stall the file. */
    @Test
    void shouldDeliverALineLongerThanTheDefaultReadBudget() throws IOException {
        int length = (int) TailerConfig.defaults().readBudgetBytes() + (1 << 20);
        NodeFile file = hour(DAY, 9).write("a\n" + "x".repeat(length) + "\nb\n");
        Tailer tailer = tailer(config());

        for (int i = 0; i < 10 && sink.lines.size() < 3; i++) {
            tailer.poll();
        }

        assertEquals(3, sink.lines.size(), "delivered: " + sink.lines.size() + " of 3 lines, position "
                + knownFile(tailer, file).position());
        assertEquals(length, sink.lines.get(1).text().length());
        assertEquals("b", sink.lines.get(2).text());
    }

    /**
     * A backlog of files that have been quiet for hours: the tailer means to close each one as soon
     * as it is read ({@code open()} sets the last growth from the file's mtime), but the first read
     * sees the size change from "never read" and stamps the file as grown now, so every backlog file
     * stays open for a whole grace period after it is read.
     */
    @Test
    void shouldCloseQuietBacklogFilesAsSoonAsTheyAreRead() throws IOException {
        FileTime twoHoursAgo = FileTime.from(Instant.now().minus(Duration.ofHours(2)));
        List<NodeFile> backlog = new ArrayList<>();
        for (int hour = 0; hour < 10; hour++) {
            NodeFile file = hour(DAY, hour).write(hour + "-1\n" + hour + "-2\n");
            Files.setLastModifiedTime(file.path, twoHoursAgo);
            backlog.add(file);
        }
        NodeFile newest = hour(DAY, 10).write("10-1\n");
        Tailer tailer = tailer(config());

        pollUntilIdle(tailer);

        assertEquals(21, sink.lines.size());
        assertEquals(newest.wholeLines(), sink.linesOf(newest));
        assertEquals(1, tailer.openFileCount(), "only the newest file stays open; backlog files quiet for "
                + "hours need no grace period");
    }

    /**
     * ext4 hands a freed inode to the next new file. A closed file that is deleted, and a new file of the
     * same size that takes its inode before the next discovery, is taken for a rename of the old file:
     * its size equals the size last read, so it is never opened, and its lines are lost unless it grows.
     */
    @Test
    void shouldReadANewFileThatReusesTheInodeOfADeletedFile() throws IOException {
        // Whether the freed inode goes to the next file depends on the file system and on whatever else
        // creates files meanwhile: try a few times in fresh directories.
        for (int attempt = 0; attempt < 10; attempt++) {
            Path attemptRoot = root.resolve("attempt-" + attempt);
            RecordingSink lines = new RecordingSink();
            Tailer tailer = tailer(attemptRoot, config(), lines, new RecordingEvents());
            NodeFile h9 = hour(attemptRoot, DAY, 9).write("9-aaaa\n9-bbbb\n");
            NodeFile h10 = hour(attemptRoot, DAY, 10).write("10-1\n");
            tailer.poll();
            advance(GRACE);
            tailer.poll();
            assertEquals(1, tailer.openFileCount(), "hour 9 closed");

            Files.delete(h9.path);
            NodeFile h11 = hour(attemptRoot, DAY, 11).write("11-cccc\n11-dd\n"); // as many bytes as hour 9 had
            if (h11.inode != h9.inode) {
                continue;
            }
            assertEquals(h9.size(), h11.size());
            pollUntilIdle(tailer);
            advance(Duration.ofSeconds(1));
            pollUntilIdle(tailer);

            assertEquals(List.of("9-aaaa", "9-bbbb", "10-1", "11-cccc", "11-dd"), lines.texts());
            assertEquals(h10.wholeLines(), lines.linesOf(h10));
            return;
        }
        assumeTrue(false, "the file system did not reuse the inode of a deleted file");
    }

    // ================================================================ helpers

    private TailerConfig config() {
        return TailerConfig.defaults().withDiscoveryInterval(Duration.ZERO);
    }

    private Tailer tailer(TailerConfig config) {
        return tailer(root, config, sink, events);
    }

    private Tailer tailer(Path nodeRoot, TailerConfig config, RecordingSink lines, RecordingEvents seen) {
        Tailer tailer = new Tailer(
                List.of(new HourlyFileSequence(nodeRoot, NodeStream.ORDER_STATUSES, NodeLayout.STREAMING)),
                config, lines, seen, clock::get);
        tailers.add(tailer);
        return tailer;
    }

    private NodeFile hour(String day, int hour) {
        return hour(root, day, hour);
    }

    private static NodeFile hour(Path nodeRoot, String day, int hour) {
        return new NodeFile(nodeRoot.resolve("node_order_statuses_streaming").resolve("hourly").resolve(day)
                .resolve(Integer.toString(hour)));
    }

    private void advance(Duration duration) {
        clock.addAndGet(duration.toNanos());
    }

    private static int pollUntilIdle(Tailer tailer) throws IOException {
        int polls = 0;
        while (tailer.poll() > 0) {
            polls++;
            if (polls > 1000) {
                throw new AssertionError("still reading after 1000 polls");
            }
        }
        return polls;
    }

    private static TailedFile knownFile(Tailer tailer, NodeFile file) {
        List<TailedFile> found = new ArrayList<>();
        tailer.forEachFile(known -> {
            if (known.identity().inode() == file.inode) {
                found.add(known);
            }
        });
        assertEquals(1, found.size(), "the tailer knows " + file.path + " once");
        return found.get(0);
    }

    private static Set<Long> positionInodes(Tailer tailer) {
        return tailer.positions().files().stream().map(p -> p.identity().inode()).collect(Collectors.toSet());
    }

    /** Every known file's position is 0 or just after a whole line of what was written to it. */
    private static void assertPositionsOnLineBoundaries(Tailer tailer, NodeFile... files) {
        tailer.forEachFile(known -> {
            for (NodeFile file : files) {
                if (known.identity().inode() == file.inode) {
                    Set<Long> ends = file.wholeLines().stream().map(Line::end).collect(Collectors.toSet());
                    long position = known.position();
                    assertTrue(position == 0 || ends.contains(position),
                            "position " + position + " of " + file.path + " is inside a line");
                }
            }
        });
    }

    private void assertEachLineOnce() {
        Set<String> seen = new HashSet<>();
        for (Delivered line : sink.lines) {
            assertTrue(seen.add(line.inode() + "@" + line.start()), "delivered twice: " + line);
        }
    }

    private static void assertNoDescriptorOn(Path path) throws IOException {
        assertEquals(List.of(), Resources.descriptorsOn(path), "still open");
    }

    /** A line shaped like a node's: the same first bytes in every line but its number. */
    private static String nodeLine(int number, int length) {
        StringBuilder text = new StringBuilder("{\"time\":\"2026-05-05T22:00:00.000000" + number + "\",\"x\":\"");
        text.append(pattern(length - text.length()));
        return text.toString();
    }

    /** Printable bytes that differ from their neighbours, so a head taken from the wrong place shows. */
    private static String pattern(int length) {
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append((char) ('a' + (i * 7 + i / 26) % 26));
        }
        return text.toString();
    }


    /** A line handed to the sink: which file (path at the time, and inode) and the line. */
    record Delivered(Path path, long inode, String text, long start, long end) {
        Line line() {
            return new Line(text, start, end);
        }
    }

    record TooLongSpan(long start, long length, long end) {
    }

    record TooLong(Path path, long inode, long start, long length, byte[] head, long end) {
        TooLongSpan span() {
            return new TooLongSpan(start, length, end);
        }
    }

    static final class RecordingSink implements LineSink {
        final List<Delivered> lines = new ArrayList<>();
        final List<TooLong> tooLong = new ArrayList<>();

        @Override
        public void onLine(TailedFile file, byte[] buffer, int offset, int length, long startOffset, long endOffset) {
            lines.add(new Delivered(file.path(), file.identity().inode(), new String(buffer, offset, length, UTF_8),
                    startOffset, endOffset));
        }

        @Override
        public void onLineTooLong(TailedFile file, long startOffset, long length, byte[] head, int headOffset,
                                  int headLength, long endOffset) {
            tooLong.add(new TooLong(file.path(), file.identity().inode(), startOffset, length,
                    Arrays.copyOfRange(head, headOffset, headOffset + headLength), endOffset));
        }

        List<String> texts() {
            return lines.stream().map(Delivered::text).collect(Collectors.toList());
        }

        List<Line> linesOf(NodeFile file) {
            return lines.stream().filter(l -> l.inode() == file.inode).map(Delivered::line)
                    .collect(Collectors.toList());
        }
    }
}
