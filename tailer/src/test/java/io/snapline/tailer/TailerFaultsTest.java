package io.snapline.tailer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.snapline.tailer.NodeFile.Line;
import io.snapline.tailer.TailerTest.RecordingSink;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults of the files themselves (issue 12, items 3, 5, 6 and 9): a file or directory that cannot
 * be read, a data directory missing for a while, links out of the root, a FIFO, a long line. Real
 * files and directories, a fake clock, {@link Tailer#poll()} called directly.
 *
 * <p>CI runs as root, which {@code chmod 000} does not stop. A file that cannot be opened is made
 * with the tailer's {@link FileOpener} seam (it throws the {@code AccessDeniedException} the kernel
 * would give); a read that fails is a real one (the opener opens a directory, whose reads fail with
 * EISDIR); a directory that cannot be listed is a real link loop (ELOOP). The chmod 000 versions
 * run too when the tests do not run as root.
 */
@Tag("faults")
class TailerFaultsTest {

    private static final String DAY = "20260505";
    private static final String NEXT_DAY = "20260506";

    @TempDir
    Path dir;

    private Path root;
    private final AtomicLong clock = new AtomicLong(5_000_000_000L);
    private final RecordingSink sink = new RecordingSink();
    private final RecordingEvents events = new RecordingEvents();
    private final List<Tailer> tailers = new ArrayList<>();
    /** Paths the opener refuses, as a permission would, and paths it opens a directory for. */
    private final Set<Path> denied = new HashSet<>();
    private final Set<Path> failingReads = new HashSet<>();
    private final List<Path> openAttempts = new ArrayList<>();

    @AfterEach
    void closeTailers() throws IOException {
        for (Tailer tailer : tailers) {
            tailer.close();
        }
    }

    // ---------------------------------------------------------------- item 3: unreadable files

    /** Before the fix the AccessDeniedException left poll(): the loop ended and nothing was read. */
    @Test
    void shouldSkipAFileThatCannotBeOpenedReadTheRestAndReadItOnceWhenItCan() throws IOException {
        NodeFile h9 = hour(DAY, 9).write("9-1\n9-2\n");
        NodeFile h10 = hour(DAY, 10).write("10-1\n");
        NodeFile trades = new NodeFile(root().resolve("node_trades_streaming/hourly/" + DAY + "/9")).write("t-1\n");
        denied.add(h9.path);
        Tailer tailer = tailer(config(), bothStreams());

        pollUntilIdle(tailer);
        assertEquals(List.of(), sink.linesOf(h9));
        assertEquals(h10.wholeLines(), sink.linesOf(h10), "the newer hour is not held back");
        assertEquals(trades.wholeLines(), sink.linesOf(trades), "nor is another stream");
        assertEquals(List.of("unreadable " + h9.path), events.paths, "reported once");
        assertTrue(positionPaths(tailer).contains(h9.path.toString()), "its position is kept");

        h9.write("9-3\n");
        denied.remove(h9.path);
        advance(Tailer.RETRY_FIRST);
        pollUntilIdle(tailer);

        assertEquals(h9.wholeLines(), sink.linesOf(h9), "read from where it was, once");
        assertEquals(List.of("unreadable " + h9.path, "readable " + h9.path), events.paths);
        assertEachLineOnce();
    }

    /**
     * An unreadable {@code app.log} rotated to {@code app.log.1}: the old name is no longer the
     * sequence's, so it is reported readable (a consumer keyed by path, the sidecar's /healthz,
     * let go of it); before, it stayed "unreadable" for the life of the process.
     */
    @Test
    void shouldLetGoOfTheNameAnUnreadableFileWasReportedUnderWhenItIsRenamed() throws IOException {
        Path log = dir.resolve("logs").resolve("app.log");
        Path rotated = log.resolveSibling("app.log.1");
        new NodeFile(log).write("a-1\n");
        denied.add(log);
        Tailer tailer = tailer(config(), List.of(new GlobFileSequence(log + "*")));

        pollUntilIdle(tailer);
        assertEquals(List.of("unreadable " + log), events.paths);
        Files.move(log, rotated);
        advance(Tailer.RETRY_FIRST);
        pollUntilIdle(tailer);

        assertEquals(List.of("a-1"), sink.lines.stream().map(TailerTest.Delivered::text).toList(),
                "read under its new name");
        Set<String> stillUnreadable = new HashSet<>();
        for (String event : events.paths) {
            String path = event.substring(event.indexOf(' ') + 1);
            if (event.startsWith("unreadable ")) {
                stillUnreadable.add(path);
            } else if (event.startsWith("readable ")) {
                stillUnreadable.remove(path);
            }
        }
        assertEquals(Set.of(), stillUnreadable, "every name reported unreadable is let go of: " + events.paths);
    }

    @Test
    void shouldRetryAnUnreadableFileWithABackOffThatDoublesUpToTheCap() throws IOException {
        NodeFile h9 = hour(DAY, 9).write("9-1\n");
        denied.add(h9.path);
        Tailer tailer = tailer(config(), List.of(ordersStreaming()));

        List<Long> triesAtSeconds = new ArrayList<>();
        long start = clock.get();
        for (int second = 0; second <= 300; second++) {
            int before = attemptsOn(h9.path);
            tailer.poll();
            tailer.poll();
            if (attemptsOn(h9.path) > before) {
                triesAtSeconds.add((clock.get() - start) / 1_000_000_000L);
            }
            advance(Duration.ofSeconds(1));
        }
        assertEquals(List.of(0L, 1L, 3L, 7L, 15L, 31L, 63L, 123L, 183L, 243L), triesAtSeconds);
        assertEquals(List.of("unreadable " + h9.path), events.paths, "logged once, however often it is tried");
    }

    /** Before the fix the read's IOException left poll() and the tailer loop ended. */
    @Test
    void shouldSkipAFileWhoseReadsFailAndGoOnFromItsPositionWhenTheyStop() throws IOException {
        NodeFile h9 = hour(DAY, 9).write("9-1\n");
        NodeFile h10 = hour(DAY, 10).write("10-1\n");
        Tailer tailer = tailer(config(), List.of(ordersStreaming()));
        pollPastTheGrace(tailer); // hour 9 is closed: idle past the grace period, and no longer the newest

        failingReads.add(h9.path);
        h9.write("9-2\n");
        h10.write("10-2\n");
        pollUntilIdle(tailer);
        assertEquals(List.of(new Line("9-1", 0, 4)), sink.linesOf(h9));
        assertEquals(h10.wholeLines(), sink.linesOf(h10));
        assertEquals(List.of("unreadable " + h9.path), events.paths);
        assertEquals(1, tailer.openFileCount(), "the failing file's descriptor is closed");

        failingReads.remove(h9.path);
        advance(Tailer.RETRY_FIRST);
        pollUntilIdle(tailer);
        assertEquals(h9.wholeLines(), sink.linesOf(h9));
        assertEquals(List.of("unreadable " + h9.path, "readable " + h9.path), events.paths);
        assertEachLineOnce();
    }

    /**
     * A day directory that cannot be listed (a link loop here: ELOOP, which root gets too). Before
     * the fix it was passed over as if empty, so the files in it were taken for deleted.
     */
    @Test
    void shouldReportADirectoryThatCannotBeListedAndKeepThePositionsOfItsFiles() throws IOException {
        NodeFile h9 = hour(DAY, 9).write("9-1\n");
        NodeFile next = hour(NEXT_DAY, 0).write("0-1\n");
        Tailer tailer = tailer(config(), List.of(ordersStreaming()));
        pollPastTheGrace(tailer);

        Path day = h9.path.getParent();
        Path aside = dir.resolve("aside");
        Files.move(day, aside);
        Files.createSymbolicLink(day, day.getFileName()); // 20260505 -> 20260505
        next.write("0-2\n");
        pollUntilIdle(tailer);
        assertEquals(next.wholeLines(), sink.linesOf(next), "the other day goes on");
        assertEquals(List.of("unreadable " + day), events.paths);
        assertTrue(positionPaths(tailer).contains(h9.path.toString()), "the unlisted day's file is kept");
        assertEquals(0, events.count("deleted", h9.inode));

        Files.delete(day);
        Files.move(aside, day);
        h9.write("9-2\n");
        pollUntilIdle(tailer);
        assertEquals(h9.wholeLines(), sink.linesOf(h9));
        assertEquals(List.of("unreadable " + day, "readable " + day), events.paths);
        assertEachLineOnce();
    }

    /**
     * The real thing, where it can be had: skipped when the test process reads a chmod 000 file
     * anyway (root, or CAP_DAC_OVERRIDE). As root it runs under {@code setpriv --inh-caps
     * -dac_override,-dac_read_search --bounding-set -dac_override,-dac_read_search}.
     */
    @Test
    void shouldSkipAChmod000FileAndDirectory() throws IOException {
        NodeFile h9 = hour(DAY, 9).write("9-1\n");
        NodeFile h10 = hour(DAY, 10).write("10-1\n");
        NodeFile next = hour(NEXT_DAY, 0).write("0-1\n");
        Files.setPosixFilePermissions(h9.path, PosixFilePermissions.fromString("---------"));
        Tailer tailer = new Tailer(List.of(ordersStreaming()), config(), sink, events, clock::get);
        tailers.add(tailer);
        try {
            assumeFalse(Files.isReadable(h9.path), "this process reads chmod 000 files (root)");
            pollUntilIdle(tailer);
            assertEquals(List.of(), sink.linesOf(h9));
            assertEquals(h10.wholeLines(), sink.linesOf(h10));
            assertEquals(List.of("unreadable " + h9.path), events.paths);

            Files.setPosixFilePermissions(next.path.getParent(), PosixFilePermissions.fromString("---------"));
            pollUntilIdle(tailer);
            assertEquals(List.of("unreadable " + h9.path, "unreadable " + next.path.getParent()), events.paths);
            assertTrue(positionPaths(tailer).contains(next.path.toString()));
        } finally {
            Files.setPosixFilePermissions(h9.path, PosixFilePermissions.fromString("rw-r--r--"));
            Files.setPosixFilePermissions(next.path.getParent(), PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        advance(Tailer.RETRY_FIRST);
        pollUntilIdle(tailer);
        assertEquals(h9.wholeLines(), sink.linesOf(h9));
        assertEquals(next.wholeLines(), sink.linesOf(next));
        assertEachLineOnce();
    }

    // ---------------------------------------------------------------- item 6: positions outlive a missing directory

    /**
     * The issue's case: positions stored, the data directory moved aside at start, back a moment
     * later. Before the fix the first discovery dropped the positions and the files were read again
     * from 0 (3,000 lines became 6,000 records).
     */
    @Test
    void shouldKeepStoredPositionsWhileTheDataDirectoryIsMovedAsideAtStart() throws IOException {
        NodeFile h9 = hour(DAY, 9).write("9-1\n9-2\n");
        NodeFile h10 = hour(DAY, 10).write("10-1\n");
        TailerPositions stored = positionsAfterReadingEverything();
        int readBefore = sink.lines.size();

        Path aside = dir.resolve("data-aside");
        Files.move(root(), aside);
        Tailer tailer = tailer(config(), List.of(ordersStreaming()));
        tailer.resume(stored);
        pollUntilIdle(tailer);
        advance(Duration.ofMinutes(5));
        pollUntilIdle(tailer);
        assertEquals(Set.copyOf(positionPaths(stored)), Set.copyOf(positionPaths(tailer.positions())),
                "every stored position is still there");
        CheckpointFile checkpoint = new CheckpointFile(dir.resolve("checkpoint"));
        checkpoint.write(tailer.positions());
        assertEquals(Optional.of(stored), checkpoint.read(), "a checkpoint written meanwhile holds them");

        Files.move(aside, root());
        h9.write("9-3\n");
        h10.write("10-2\n");
        pollUntilIdle(tailer);
        assertEquals(readBefore + 2, sink.lines.size(), "only the new lines: " + sink.texts());
        assertEquals(h9.wholeLines(), sink.linesOf(h9));
        assertEquals(h10.wholeLines(), sink.linesOf(h10));
        assertEachLineOnce();
    }

    /** Before the fix a running tailer forgot closed files missing from one discovery, then read them from 0. */
    @Test
    void shouldReadEachLineOnceWhenTheDataDirectoryVanishesAndComesBackWhileRunning() throws IOException {
        NodeFile h9 = hour(DAY, 9).write("9-1\n");
        NodeFile h10 = hour(DAY, 10).write("10-1\n");
        Tailer tailer = tailer(config(), List.of(ordersStreaming()));
        pollPastTheGrace(tailer);

        Path aside = dir.resolve("data-aside");
        Files.move(root(), aside);
        pollPastTheGrace(tailer);
        assertEquals(2, tailer.positions().files().size());
        Files.move(aside, root());
        pollUntilIdle(tailer);

        assertEquals(h9.wholeLines(), sink.linesOf(h9));
        assertEquals(h10.wholeLines(), sink.linesOf(h10));
        assertEachLineOnce();
    }

    /** An empty directory where the data was (recreated, or a mount not there yet) proves nothing either. */
    @Test
    void shouldKeepStoredPositionsWhileTheHourlyDirectoryIsEmpty() throws IOException {
        NodeFile h9 = hour(DAY, 9).write("9-1\n");
        TailerPositions stored = positionsAfterReadingEverything();
        Path hourly = h9.path.getParent().getParent();
        Path aside = dir.resolve("hourly-aside");
        Files.move(hourly, aside);
        Files.createDirectory(hourly);
        Tailer tailer = tailer(config(), List.of(ordersStreaming()));
        tailer.resume(stored);
        pollUntilIdle(tailer);
        assertEquals(stored, tailer.positions());

        Files.delete(hourly);
        Files.move(aside, hourly);
        pollUntilIdle(tailer);
        assertEquals(h9.wholeLines(), sink.linesOf(h9));
        assertEachLineOnce();
    }

    /** What is positively gone is still forgotten: a day directory deleted while others are listed. */
    @Test
    void shouldForgetTheFilesOfADeletedDayWhenTheOtherDaysAreThere() throws IOException {
        NodeFile h9 = hour(DAY, 9).write("9-1\n");
        NodeFile next = hour(NEXT_DAY, 0).write("0-1\n");
        Tailer tailer = tailer(config(), List.of(ordersStreaming()));
        pollPastTheGrace(tailer);

        Files.delete(h9.path);
        Files.delete(h9.path.getParent());
        pollUntilIdle(tailer);
        assertEquals(List.of(next.path.toString()), positionPaths(tailer));
    }

    // ---------------------------------------------------------------- item 9: links and special files

    /** Before the fix the link was followed and /etc/passwd-like lines went into the queue. */
    @Test
    void shouldNotReadAFileLinkedFromOutsideTheRoot() throws IOException {
        Path outside = Files.writeString(dir.resolve("passwd"), "root:x:0:0:root:/root:/bin/bash\n");
        NodeFile h6 = hour(DAY, 6).write("6-1\n");
        Path h5 = h6.path.resolveSibling("5");
        Files.createSymbolicLink(h5, outside);
        Tailer tailer = tailer(config(), List.of(ordersStreaming()));

        pollUntilIdle(tailer);
        pollUntilIdle(tailer);
        assertEquals(List.of("6-1"), sink.texts());
        assertEquals(List.of("skipped " + h5 + ": a symbolic link (engine.follow_symlinks is false)"), events.paths,
                "reported once");
    }

    @Test
    void shouldNotReadThroughADirectoryLinkedFromOutsideTheRoot() throws IOException {
        Path outsideDay = Files.createDirectories(dir.resolve("elsewhere").resolve(DAY));
        Files.writeString(outsideDay.resolve("5"), "secret\n");
        Path hourly = Files.createDirectories(root().resolve("node_order_statuses_streaming/hourly"));
        Files.createSymbolicLink(hourly.resolve(DAY), outsideDay);
        Tailer tailer = tailer(config(), List.of(ordersStreaming()));

        pollUntilIdle(tailer);
        assertEquals(List.of(), sink.texts());
        assertEquals(List.of("skipped " + hourly.resolve(DAY).resolve("5") + ": outside " + root()
                + " (through a linked directory)"), events.paths);
    }

    @Test
    void shouldReadThroughADirectoryLinkedInsideTheRoot() throws IOException {
        Path archived = Files.createDirectories(root().resolve("archive").resolve(DAY));
        Files.writeString(archived.resolve("5"), "archived-1\n");
        Path hourly = Files.createDirectories(root().resolve("node_order_statuses_streaming/hourly"));
        Files.createSymbolicLink(hourly.resolve(DAY), archived);
        Tailer tailer = tailer(config(), List.of(ordersStreaming()));

        pollUntilIdle(tailer);
        assertEquals(List.of("archived-1"), sink.texts());
        assertEquals(List.of(), events.paths);
    }

    @Test
    void shouldFollowLinksWhenTheConfigurationAllowsThem() throws IOException {
        Path outside = Files.writeString(dir.resolve("elsewhere.log"), "linked-1\n");
        Path h5 = Files.createDirectories(hour(DAY, 5).path.getParent()).resolve("5");
        Files.createSymbolicLink(h5, outside);
        Tailer tailer = tailer(config().withFollowSymlinks(true), List.of(ordersStreaming()));

        pollUntilIdle(tailer);
        assertEquals(List.of("linked-1"), sink.texts());
    }

    /** A FIFO would block the reader in open() until something wrote to it. */
    @Test
    void shouldNeverOpenAFifo() throws Exception {
        NodeFile h6 = hour(DAY, 6).write("6-1\n");
        Path fifo = h6.path.resolveSibling("5");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
        assertEquals(0, mkfifo.waitFor());
        Tailer tailer = tailer(config().withFollowSymlinks(true), List.of(ordersStreaming()));

        pollUntilIdle(tailer);
        assertEquals(List.of("6-1"), sink.texts());
        assertEquals(List.of("skipped " + fifo + ": not a regular file (a FIFO, socket or device)"), events.paths);
        assertEquals(List.of(h6.path), openAttempts);
    }

    // ---------------------------------------------------------------- item 5: the read buffer is given back

    /** Before the fix the buffer grown for one long line stayed that size for the life of the process. */
    @Test
    void shouldGiveTheReadBufferBackAfterALongLine() throws IOException {
        NodeFile h9 = hour(DAY, 9).write("L".repeat(60_000));
        Tailer tailer = tailer(config().withReadBufferSize(1024).withMaxLineLength(100_000),
                List.of(ordersStreaming()));
        pollUntilIdle(tailer);
        assertTrue(tailer.readBufferCapacity() >= 60_000, "a pending partial line that long keeps the buffer");

        h9.write("\nshort-1\nshort-2\n");
        pollUntilIdle(tailer);
        assertEquals(List.of("L".repeat(60_000), "short-1", "short-2"), sink.texts());
        assertEquals(1024, tailer.readBufferCapacity(), "given back once the long line was handed on");

        h9.write("short-3\n");
        pollUntilIdle(tailer);
        assertEquals(1024, tailer.readBufferCapacity());
        assertEquals(h9.wholeLines(), sink.linesOf(h9));
    }

    /**
     * A by-block stream whose every line is 3.7 MB (a busy block) must not allocate the read
     * buffer again for each of them: it is kept up to {@link FileLineReader#KEPT_BUFFER_FACTOR}
     * times its configured size. Before, it was given back after every read and grown again (1, 2,
     * then 4 MiB) by the next one: about 7 MiB allocated for every 16 MiB read.
     */
    @Test
    void shouldKeepTheReadBufferForOrdinaryByBlockLines() throws IOException {
        Path path = root().resolve("node_order_statuses_by_block/hourly/" + DAY + "/9");
        String line = "B".repeat(3_700_000);
        NodeFile h9 = new NodeFile(path).write(line + "\n");
        long[] lines = {0};
        LineSink counting = (file, buffer, offset, length, start, end) -> lines[0]++;
        Tailer tailer = new Tailer(List.of(new HourlyFileSequence(root(), NodeStream.ORDER_STATUSES, NodeLayout.BY_BLOCK)),
                TailerConfig.defaults(), counting, events, clock::get);
        tailers.add(tailer);
        pollUntilIdle(tailer); // discovers the file, grows the buffer for the first line
        assertEquals(1, lines[0]);
        h9.write((line + "\n").repeat(12));

        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        pollUntilIdle(tailer);
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;

        assertEquals(13, lines[0]);
        assertTrue(allocated < 1 << 20, allocated + " bytes allocated reading 12 lines of 3.7 MB");
        assertTrue(tailer.readBufferCapacity() <= FileLineReader.KEPT_BUFFER_FACTOR * (1 << 20));
    }

    // ---------------------------------------------------------------- helpers

    private Path root() {
        if (root == null) {
            root = dir.resolve("data");
        }
        return root;
    }

    private TailerConfig config() {
        return TailerConfig.defaults().withDiscoveryInterval(Duration.ZERO);
    }

    private FileSequence ordersStreaming() {
        return new HourlyFileSequence(root(), NodeStream.ORDER_STATUSES, NodeLayout.STREAMING);
    }

    private List<FileSequence> bothStreams() {
        return List.of(ordersStreaming(), new HourlyFileSequence(root(), NodeStream.TRADES, NodeLayout.STREAMING));
    }

    private Tailer tailer(TailerConfig config, List<FileSequence> sequences) {
        FileOpener opener = path -> {
            openAttempts.add(path);
            if (denied.contains(path)) {
                throw new AccessDeniedException(path.toString());
            }
            return FileChannel.open(failingReads.contains(path) ? dir : path, StandardOpenOption.READ);
        };
        Tailer tailer = new Tailer(sequences, config, sink, events, clock::get, opener);
        tailers.add(tailer);
        return tailer;
    }

    private NodeFile hour(String day, int hour) {
        return new NodeFile(root().resolve("node_order_statuses_streaming").resolve("hourly").resolve(day)
                .resolve(Integer.toString(hour)));
    }

    private void advance(Duration duration) {
        clock.addAndGet(duration.toNanos());
    }

    private int attemptsOn(Path path) {
        return (int) openAttempts.stream().filter(path::equals).count();
    }

    /** Reads what there is, lets the rollover grace pass, and polls again: files read to their end are closed. */
    private void pollPastTheGrace(Tailer tailer) throws IOException {
        pollUntilIdle(tailer);
        advance(TailerConfig.defaults().rolloverGrace());
        pollUntilIdle(tailer);
    }

    /** The positions a first run of the streaming orders stores once it has read everything, then stops. */
    private TailerPositions positionsAfterReadingEverything() throws IOException {
        try (Tailer first = new Tailer(List.of(ordersStreaming()), config(), sink, events, clock::get)) {
            pollUntilIdle(first);
            return first.positions();
        }
    }

    private static void pollUntilIdle(Tailer tailer) throws IOException {
        for (int polls = 0; tailer.poll() > 0; polls++) {
            assertTrue(polls < 1000, "still reading after 1000 polls");
        }
    }

    private static List<String> positionPaths(Tailer tailer) {
        return positionPaths(tailer.positions());
    }

    private static List<String> positionPaths(TailerPositions positions) {
        return positions.files().stream().map(FilePosition::path).collect(Collectors.toList());
    }

    private void assertEachLineOnce() {
        Set<String> seen = new HashSet<>();
        for (TailerTest.Delivered line : sink.lines) {
            assertTrue(seen.add(line.inode() + "@" + line.start()), "delivered twice: " + line);
        }
    }
}
