package io.snapline.queue.chronicle.crash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.snapline.queue.chronicle.QueueRecords;
import io.snapline.records.BatchView;
import io.snapline.records.Field;
import io.snapline.records.RecordType;
import io.snapline.records.RecordView;
import io.snapline.tailer.FilePosition;
import io.snapline.testkit.Resources;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exactly-once into the queue across kill -9: the engine runs in a child JVM that is killed with
 * SIGKILL at random moments (while starting, while catching up, while idle) and restarted, while
 * a simulated node keeps appending to its hourly files: chunked flushes that cut lines, hour
 * rollovers, day changes, late writes to the previous hour, malformed lines (dead letters) and
 * by-block lines longer than a ring slot's slab (the oversize path). A few times a process is
 * also killed inside a queue append, which random kills almost never hit. Meanwhile:
 * <ul>
 *   <li>the queue rolls to a new hourly cycle every few seconds (a fast queue clock), and the
 *       engine's retention deletes cycle files untouched for {@value #RETENTION_MILLIS} ms;</li>
 *   <li>hour files the node has closed are deleted or renamed out of the sequence ({@code H} to
 *       {@code H.done}) under the engine, running or killed, but only once the queue holds a batch
 *       whose position for the file is its length: every line of it is then durable, and nothing may
 *       be lost or read again. (A file deleted before that has lines that are legitimately gone:
 *       the test never does it, so "every line once" stays exact.) The inode of a deleted file is
 *       free for the node's next file, so resuming by inode must not mistake one for the other;</li>
 *   <li>the whole node data root is moved aside and back: sometimes before an engine starts (it
 *       resumes with every file missing, issue 12 item 6), sometimes while one runs (it is then
 *       killed, and the next starts with the root missing); the node keeps writing into its open
 *       files meanwhile.</li>
 * </ul>
 * Then one last run drains everything. A follower in this JVM reads the queue as it grows (retention
 * deletes the start of it, so it cannot be read once at the end) and the verdict is: every line the
 * node wrote is in the queue exactly once, as its records (by oid) or as one dead letter (by file
 * and offset, its raw bytes the line's), in order within its file; every batch's positions lie just
 * after a whole line, never go back, and bound the lines of its records; and events were written at
 * all, dead letters and oversize lines among them, files were deleted and renamed, the root was
 * moved aside, and the queue rolled and lost old cycles to retention.
 *
 * <p>Random choices come from one seed, printed first; rerun with {@code -Dsnapline.crash.seed=N}
 * (timing still varies: the kills land where they land). The quick run (tagged {@code faults}, in
 * {@code make test}) kills {@value #QUICK_RUNS} engines in about 25 s; the campaign tagged
 * {@code faults-long} ({@code make test-faults}) kills {@value #LONG_RUNS}.
 */
class KillNineExactlyOnceTest {

    /** Runs ended by SIGKILL; every sixth, the first included, at a random moment after spawn, ready or not. */
    private static final int QUICK_RUNS = 18;
    private static final int LONG_RUNS = 150;
    private static final int EARLY_KILL_EVERY_RUNS = 6;
    private static final int ROLLOVER_EVERY_RUNS = 3;
    private static final int TORN_APPEND_EVERY_RUNS = 8;
    /** Of every seven runs, one starts with the root moved aside and one moves it aside while running. */
    private static final int ASIDE_EVERY_RUNS = 7;
    private static final int ASIDE_BEFORE_START = 2;
    private static final int ASIDE_WHILE_RUNNING = 5;
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration FIRST_WRITE_WAIT = Duration.ofSeconds(3);
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(60);
    private static final int SHOWN = 25;
    /** Real milliseconds per queue hour: the queue rolls to a new cycle file every few seconds. */
    private static final long QUEUE_HOUR_MILLIS = 4_000;
    /**
     * Cycle files untouched this long (real time: retention reads file times) are deleted at each
     * engine's first write. Two queue hours: the follower, a few milliseconds behind, has read a
     * cycle long before; if it ever had not, its records would show as missing, never as passing.
     */
    private static final long RETENTION_MILLIS = 8_000;

    @TempDir
    Path dir;

    @Test
    @Tag("faults")
    @Timeout(value = 300, unit = TimeUnit.SECONDS)
    void shouldHoldEveryEventExactlyOnceAcrossRepeatedKillNine() throws Exception {
        campaign(QUICK_RUNS);
    }

    @Test
    @Tag("faults-long")
    @Timeout(value = 1800, unit = TimeUnit.SECONDS)
    void shouldHoldEveryEventExactlyOnceAcrossALongKillNineCampaign() throws Exception {
        campaign(LONG_RUNS);
    }

    private void campaign(int killedRuns) throws Exception {
        long seed = Long.getLong("snapline.crash.seed", System.nanoTime());
        log("seed=" + seed + " (rerun with -Dsnapline.crash.seed=" + seed + "), " + killedRuns + " killed runs");
        Random random = new Random(seed);
        Path root = Files.createDirectories(dir.resolve("hl-data"));
        Path queue = dir.resolve("queue");
        Path logs = Files.createDirectories(dir.resolve("logs"));
        long started = System.nanoTime();
        String[] clock = {Long.toString(System.currentTimeMillis()), Long.toString(QUEUE_HOUR_MILLIS),
                Long.toString(RETENTION_MILLIS)};

        SimulatedNode node = new SimulatedNode(root, random.nextLong());
        Thread writer = new Thread(node, "simulated-node");
        QueueFollower follower = new QueueFollower(queue);
        Thread following = new Thread(follower, "queue-follower");
        Retired retired = new Retired();
        EngineProcess child = null;
        int kills = 0;
        int killsBeforeReady = 0;
        int killsWhileAside = 0;
        int startsWhileAside = 0;
        int tornAppends = 0;
        try {
            writer.start();
            following.start();
            for (int run = 0; run < killedRuns; run++) {
                if (run % ASIDE_EVERY_RUNS == ASIDE_BEFORE_START) {
                    node.moveRootAside();
                }
                boolean asideAtStart = node.isRootAside();
                startsWhileAside += asideAtStart ? 1 : 0;
                boolean retireWhileRunning = random.nextBoolean();
                child = EngineProcess.start(root, queue, clock, logs.resolve("run-" + run + ".log"));
                if (run % EARLY_KILL_EVERY_RUNS == 0) {
                    // Anywhere in start-up: JVM, creating (run 0) or opening the queue, resuming.
                    Thread.sleep(random.nextInt(1500));
                } else {
                    child.awaitReady(READY_TIMEOUT);
                    if (asideAtStart) {
                        // It resumed with every file missing; once it has listed the root missing, it comes back.
                        if (!child.awaitLine(CrashableEngineMain.POLLED, READY_TIMEOUT)) {
                            throw new AssertionError("the engine never polled:\n" + child.output());
                        }
                        Thread.sleep(random.nextInt(300));
                        node.moveRootBack();
                    }
                    if (random.nextInt(3) == 0) {
                        Thread.sleep(random.nextInt(600)); // opening the appender, catching up, or idle
                    } else {
                        // Mostly while it appends the backlog that piled up during start-up.
                        child.awaitLine(CrashableEngineMain.FIRST_WRITE, FIRST_WRITE_WAIT);
                        Thread.sleep(random.nextInt(300));
                    }
                    if (run % ASIDE_EVERY_RUNS == ASIDE_WHILE_RUNNING) {
                        node.moveRootAside();
                        Thread.sleep(random.nextInt(200)); // it reads on through open files, lists nothing
                    }
                }
                if (retireWhileRunning) {
                    retired.retireDurable(node, follower, random);
                }
                String readyLine = child.line(CrashableEngineMain.READY);
                String firstWrite = child.line(CrashableEngineMain.FIRST_WRITE);
                boolean ready = readyLine != null;
                long age = child.ageMillis();
                boolean aside = node.isRootAside();
                child.kill();
                child = null;
                kills++;
                killsBeforeReady += ready ? 0 : 1;
                killsWhileAside += aside ? 1 : 0;
                if (!retireWhileRunning) {
                    retired.retireDurable(node, follower, random);
                }
                if (run % ROLLOVER_EVERY_RUNS == ROLLOVER_EVERY_RUNS - 1) {
                    node.requestRollover();
                }
                failIfNodeFailed(node);
                log("kill " + kills + " at " + age + " ms after spawn" + (ready ? " (Engine.start "
                        + value(readyLine, "startMillis") + " ms, first batch durable "
                        + value(firstWrite, "afterReadyMillis") + " ms after)" : " (before ready)")
                        + (asideAtStart ? ", started with the root aside" : "") + (aside ? ", root aside" : "")
                        + ": events written " + node.eventsWritten() + ", records in queue " + follower.count()
                        + ", files deleted " + retired.deleted + ", renamed " + retired.renamed);
                if (run % TORN_APPEND_EVERY_RUNS == TORN_APPEND_EVERY_RUNS / 2) {
                    // A kill inside a queue append, which a random kill almost never lands on.
                    child = EngineProcess.start(logs.resolve("torn-" + run + ".log"), CrashableEngineMain.TORN_APPEND,
                            queue.toString(), clock[0], clock[1]);
                    if (!child.awaitLine(CrashableEngineMain.MID_APPEND, READY_TIMEOUT)) {
                        throw new AssertionError("the torn appender never got inside an append:\n" + child.output());
                    }
                    String midAppend = child.line(CrashableEngineMain.MID_APPEND);
                    child.kill();
                    child = null;
                    tornAppends++;
                    log("kill inside an append of the document at queue index " + value(midAppend, "index"));
                }
            }
            node.stop();
            writer.join(TimeUnit.SECONDS.toMillis(30));
            assertFalse(writer.isAlive(), "the simulated node did not stop");
            failIfNodeFailed(node);
            assertFalse(node.isRootAside(), "the node moved its root back when it stopped");
            Map<Long, SimulatedNode.Expected> expected = node.expected();
            Map<String, byte[]> expectedDeadLetters = node.expectedDeadLetters();
            long expectedRecords = expected.size() + expectedDeadLetters.size();
            log("writing done: " + expected.size() + " events, " + expectedDeadLetters.size() + " malformed lines, "
                    + node.byBlockLines() + " by-block lines (" + node.oversizeLines() + " over a slab), "
                    + node.rollovers() + " rollovers, " + node.lateEvents() + " late writes to the previous hour, "
                    + node.asides() + " times moved aside; final run");

            child = EngineProcess.start(root, queue, clock, logs.resolve("final.log"));
            child.awaitReady(READY_TIMEOUT);
            long drained = awaitRecords(follower, child, expectedRecords);
            child.stop(Duration.ofSeconds(20));
            child = null;
            follower.stop();
            following.join(TimeUnit.SECONDS.toMillis(30));
            assertFalse(following.isAlive(), "the queue follower did not stop");
            if (follower.failure != null) {
                throw new AssertionError("the queue follower failed", follower.failure);
            }
            log("final run drained " + drained + " records; verifying");

            Verdict verdict = verify(follower, root, retired, expected, expectedDeadLetters);
            Set<String> cyclesLeft = QueueFollower.cycleFiles(queue);
            Set<String> cyclesDeleted = new HashSet<>(follower.cyclesSeen);
            cyclesDeleted.removeAll(cyclesLeft);
            log("kills=" + kills + " (before ready: " + killsBeforeReady + ", inside an append: " + tornAppends
                    + ", with the root aside: " + killsWhileAside + "), starts with the root aside=" + startsWhileAside
                    + ", batches=" + verdict.batches + ", records=" + verdict.records + ", dead letters="
                    + verdict.deadLettersSeen.size() + ", files deleted=" + retired.deleted + ", renamed="
                    + retired.renamed + ", queue cycles seen=" + follower.cyclesSeen.size() + " (deleted by retention: "
                    + cyclesDeleted.size() + "), elapsed=" + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)
                    + " ms");
            verdict.assertClean(seed, root);
            assertTrue(expected.size() > 0 && verdict.records > 0, "events were written at all");
            assertTrue(expectedDeadLetters.size() > 0, "malformed lines were written");
            assertTrue(node.oversizeLines() > 0, "by-block lines over a slab were written");
            assertTrue(retired.deleted > 0 && retired.renamed > 0,
                    "durable hour files were deleted (" + retired.deleted + ") and renamed (" + retired.renamed + ")");
            assertTrue(node.asides() > 0 && startsWhileAside > 0,
                    "the root was moved aside (" + node.asides() + ") and an engine started without it ("
                            + startsWhileAside + ")");
            assertTrue(follower.cyclesSeen.size() >= 2,
                    "the queue rolled to a new cycle while engines were killed: " + follower.cyclesSeen);
            assertTrue(cyclesDeleted.size() >= 1, "retention deleted old cycles: seen " + follower.cyclesSeen
                    + ", left " + cyclesLeft);
            assertEquals(expectedRecords, drained, "records the follower counted while following the queue");
            assertTrue(kills >= killedRuns, "kills: " + kills);
        } finally {
            node.stop();
            follower.stop();
            if (child != null) {
                child.destroy();
            }
            writer.join(TimeUnit.SECONDS.toMillis(10));
            following.join(TimeUnit.SECONDS.toMillis(10));
        }
        assertNothingLeftBehind();
    }

    /**
     * Hour files taken away under the engine, each only once the queue holds its every line: the
     * node has closed it (it is whole and never written again) and a durable batch's position for
     * it is its length. Their bytes are kept for the verdict.
     */
    private static final class Retired {

        /** By the path the node wrote: the bytes it had when it was taken away. */
        final Map<String, byte[]> bytes = new LinkedHashMap<>();
        /** Paths the renamed files now have, out of their sequence (an engine may still drain them there). */
        final Set<String> renamedTo = new HashSet<>();
        int deleted;
        int renamed;

        /** Deletes or renames (in turn) one closed file whose every line is durable, if there is one. */
        void retireDurable(SimulatedNode node, QueueFollower follower, Random random) throws IOException {
            if (random.nextInt(3) == 0) {
                return;
            }
            node.files().lock();
            try {
                if (node.isRootAside()) {
                    return;
                }
                for (Path file : node.closedFiles()) {
                    String path = file.toString();
                    if (bytes.containsKey(path)) {
                        continue;
                    }
                    byte[] content = Files.readAllBytes(file);
                    if (follower.lastPosition(path) != content.length) {
                        continue; // not all of it durable yet: taking it now would legitimately lose lines
                    }
                    bytes.put(path, content);
                    if ((deleted + renamed) % 2 == 0) {
                        Files.delete(file);
                        deleted++;
                    } else {
                        Path done = file.resolveSibling(file.getFileName() + ".done");
                        Files.move(file, done);
                        renamedTo.add(done.toString());
                        renamed++;
                    }
                    return;
                }
            } finally {
                node.files().unlock();
            }
        }
    }

    /** No engine process alive, and no file of the test's directory open in this JVM. */
    private void assertNothingLeftBehind() throws IOException, InterruptedException {
        List<String> children = ProcessHandle.current().descendants()
                .filter(ProcessHandle::isAlive)
                .map(p -> p.pid() + " " + p.info().commandLine().orElse("?"))
                .filter(line -> line.contains(CrashableEngineMain.class.getName()))
                .toList();
        assertEquals(List.of(), children, "engine processes still alive");
        if (!Files.isDirectory(Path.of("/proc/self/fd"))) {
            return; // not Linux: nothing to count with
        }
        // Chronicle may hand a closed queue's files to its background releaser: give it a moment.
        Resources.awaitIo(() -> Resources.openUnder(dir).isEmpty(), Duration.ofSeconds(5));
        assertEquals(List.of(), Resources.openUnder(dir), "files of the test still open in this JVM");
    }

    /** The value of {@code key=value} in a line the child printed, or "-". */
    private static String value(String line, String key) {
        int at = line == null ? -1 : line.indexOf(key + "=");
        return at < 0 ? "-" : line.substring(at + key.length() + 1).split(" ", 2)[0];
    }

    private static void failIfNodeFailed(SimulatedNode node) {
        if (node.failure() != null) {
            throw new AssertionError("the simulated node failed", node.failure());
        }
    }

    /** Waits until the follower counts {@code expected} records and stays there (or stops growing above it). */
    private static long awaitRecords(QueueFollower follower, EngineProcess child, long expected)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + DRAIN_TIMEOUT.toNanos();
        long count = follower.count();
        long changed = System.nanoTime();
        while (true) {
            long now = System.nanoTime();
            long latest = follower.count();
            if (latest != count) {
                count = latest;
                changed = now;
            }
            long stableMillis = TimeUnit.NANOSECONDS.toMillis(now - changed);
            // Done when it holds them all; also when it stopped growing above (duplicates) or
            // below (a loss): a live engine catching up never pauses for seconds.
            if (count == expected && stableMillis >= 500 || count > expected && stableMillis >= 2000
                    || stableMillis >= 10_000 || now - deadline >= 0) {
                return count;
            }
            if (!child.isAlive()) {
                throw new AssertionError("the final engine run died:\n" + child.output());
            }
            if (follower.failure != null) {
                throw new AssertionError("the queue follower failed", follower.failure);
            }
            Thread.sleep(20);
        }
    }

    /** Checks every record and every batch's positions the follower read, against the node's files. */
    private static Verdict verify(QueueFollower follower, Path root, Retired retired,
            Map<Long, SimulatedNode.Expected> expected, Map<String, byte[]> expectedDeadLetters) throws IOException {
        // A renamed file keeps its bytes under both names: an engine that resumes after the rename
        // drains it from its new name (Tailer.resumeRenamedWhileStopped), which must add nothing.
        Map<String, byte[]> files = new HashMap<>(retired.bytes);
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path file : walk.filter(Files::isRegularFile).toList()) {
                files.put(file.toString(), Files.readAllBytes(file));
            }
        }
        Verdict verdict = new Verdict(expected, expectedDeadLetters);
        Map<String, Long> previous = new HashMap<>(); // positions of the batch before, by path
        Map<String, Long> current = new HashMap<>();
        for (SeenBatch batch : follower.batches) {
            verdict.batches++;
            String where = "batch at index " + Long.toHexString(batch.index);
            current.clear();
            for (int i = 0; i < batch.paths.length; i++) {
                current.put(batch.paths[i], batch.offsets[i]);
                verdict.checkPosition(where, batch.paths[i], batch.offsets[i], files.get(batch.paths[i]),
                        previous.getOrDefault(batch.paths[i], 0L));
            }
            for (SeenRecord record : batch.records) {
                verdict.record(where, record, previous, current);
            }
            previous.putAll(current);
        }
        for (Map.Entry<String, byte[]> file : files.entrySet()) {
            long end = previous.getOrDefault(file.getKey(), -1L);
            boolean renamedHere = retired.renamedTo.contains(file.getKey());
            if (end != file.getValue().length && !(renamedHere && end == -1)) {
                verdict.problem(verdict.positionProblems, "the last batch's position of " + file.getKey() + " is "
                        + end + ", not its length " + file.getValue().length);
            }
        }
        if (follower.notBatches > 0) {
            verdict.problem(verdict.unexpected, follower.notBatches + " queue documents were not whole batches");
        }
        return verdict;
    }

    /** What the queue held, against what the node wrote. */
    private static final class Verdict {

        final Map<Long, SimulatedNode.Expected> expected;
        final Map<String, byte[]> expectedDeadLetters;
        final Map<Long, Integer> seen = new HashMap<>();
        final Map<Long, String> firstSeen = new HashMap<>();
        final Map<Long, List<String>> duplicatesSeen = new HashMap<>();
        final Map<String, Integer> deadLettersSeen = new HashMap<>();
        final Map<String, Long> lastOffsetBySource = new HashMap<>();
        final List<String> deadLetters = new ArrayList<>();
        final List<String> unexpected = new ArrayList<>();
        final List<String> misplaced = new ArrayList<>();
        final List<String> outOfOrder = new ArrayList<>();
        final List<String> outsideWindow = new ArrayList<>();
        final List<String> positionProblems = new ArrayList<>();
        long batches;
        long records;

        Verdict(Map<Long, SimulatedNode.Expected> expected, Map<String, byte[]> expectedDeadLetters) {
            this.expected = expected;
            this.expectedDeadLetters = expectedDeadLetters;
        }

        /** Positions point just after a whole line, inside the file, never backwards. */
        void checkPosition(String where, String path, long offset, byte[] file, long before) {
            if (file == null) {
                problem(positionProblems, where + ": position for a file never written: " + path + "@" + offset);
            } else if (offset > file.length) {
                problem(positionProblems, where + ": position " + offset + " beyond the end (" + file.length
                        + ") of " + path);
            } else if (offset > 0 && file[(int) offset - 1] != '\n') {
                problem(positionProblems, where + ": position " + offset + " in " + path
                        + " is not just after a newline");
            }
            if (offset < before) {
                problem(positionProblems, where + ": position of " + path + " went back from "
                        + before + " to " + offset);
            }
        }

        /**
         * One record: an event counted by oid, a dead letter by where its line is; its line must lie
         * between the previous batch's positions and this one's, and after the line before it in its file.
         */
        void record(String where, SeenRecord record, Map<String, Long> previous, Map<String, Long> current) {
            records++;
            String source = record.source;
            long offset = record.offset;
            long start = previous.getOrDefault(source, 0L);
            Long end = current.get(source);
            if (end == null || offset < start || offset >= end) {
                problem(outsideWindow, where + ": line " + source + "@" + offset + " is not between the previous"
                        + " batch's position " + start + " and this batch's " + end);
            }
            Long before = lastOffsetBySource.put(source, offset);
            if (before != null && offset < before) {
                problem(outOfOrder, where + ": line " + source + "@" + offset + " after the line at " + before);
            }
            if (record.type == RecordType.DEAD_LETTER) {
                deadLetter(where, record);
                return;
            }
            if (record.oid < 0) {
                problem(unexpected, where + ": " + record.type + " without an oid at " + source + "@" + offset);
                return;
            }
            long oid = record.oid;
            int times = seen.merge(oid, 1, Integer::sum);
            String here = where + " " + source + "@" + offset;
            if (times == 1) {
                firstSeen.put(oid, here);
            } else {
                duplicatesSeen.computeIfAbsent(oid, k -> new ArrayList<>(List.of(firstSeen.get(oid)))).add(here);
            }
            SimulatedNode.Expected wanted = expected.get(oid);
            if (wanted == null) {
                problem(unexpected, where + ": oid " + oid + " was never written (" + source + "@" + offset + ")");
            } else if (times == 1 && (wanted.type() != record.type || !wanted.source().equals(source)
                    || wanted.offset() != offset)) {
                problem(misplaced, "oid " + oid + " is " + record.type + " at " + source + "@" + offset
                        + " but was written as " + wanted);
            }
        }

        private void deadLetter(String where, SeenRecord record) {
            String key = record.source + "@" + record.offset;
            byte[] line = expectedDeadLetters.get(key);
            String head = record.raw == null ? "" : new String(record.raw, 0, Math.min(record.raw.length, 160),
                    StandardCharsets.UTF_8);
            String what = where + ": " + key + " reason=" + record.reason + " raw=" + head;
            if (line == null) {
                problem(deadLetters, what + " (not a malformed line)");
            } else if (deadLettersSeen.merge(key, 1, Integer::sum) > 1) {
                problem(deadLetters, what + " (again)");
            } else if (!Arrays.equals(line, record.raw)) {
                problem(deadLetters, what + " (raw bytes are not the line's)");
            }
        }

        void problem(List<String> list, String what) {
            list.add(what);
        }

        void assertClean(long seed, Path root) {
            List<Long> missing = new ArrayList<>();
            for (Long oid : expected.keySet()) {
                if (!seen.containsKey(oid)) {
                    missing.add(oid);
                }
            }
            missing.sort(null);
            List<String> missingDeadLetters = new ArrayList<>();
            for (String key : expectedDeadLetters.keySet()) {
                if (!deadLettersSeen.containsKey(key)) {
                    missingDeadLetters.add(key);
                }
            }
            missingDeadLetters.sort(null);
            Map<Long, Integer> duplicated = new TreeMap<>();
            seen.forEach((oid, times) -> {
                if (times > 1) {
                    duplicated.put(oid, times);
                }
            });
            StringBuilder report = new StringBuilder();
            section(report, "missing oids", missing.stream().map(oid -> oid + " " + expected.get(oid)).toList());
            section(report, "malformed lines without their dead letter", missingDeadLetters);
            section(report, "duplicated oids", duplicated.entrySet().stream()
                    .map(e -> e.getKey() + " x" + e.getValue() + " " + expected.get(e.getKey()) + " in "
                            + duplicatesSeen.get(e.getKey())).toList());
            section(report, "unexpected or repeated dead letters", deadLetters);
            section(report, "unexpected records", unexpected);
            section(report, "records not where their line is", misplaced);
            section(report, "records out of order in their file", outOfOrder);
            section(report, "records outside their batch's position window", outsideWindow);
            section(report, "bad positions", positionProblems);
            if (report.length() > 0) {
                fail("seed " + seed + ": " + expected.size() + " events and " + expectedDeadLetters.size()
                        + " malformed lines written, " + records + " records in " + batches
                        + " batches (paths relative to " + root + ")\n"
                        + report.toString().replace(root + "/", ""));
            }
        }

        private static void section(StringBuilder report, String title, List<String> items) {
            if (items.isEmpty()) {
                return;
            }
            report.append(items.size()).append(' ').append(title).append(":\n");
            for (String item : items.subList(0, Math.min(SHOWN, items.size()))) {
                report.append("  ").append(item).append('\n');
            }
            if (items.size() > SHOWN) {
                report.append("  … and ").append(items.size() - SHOWN).append(" more\n");
            }
        }
    }

    /** One batch as the follower read it: its positions and records, kept small. */
    private record SeenBatch(long index, String[] paths, long[] offsets, List<SeenRecord> records) {
    }

    /** One record: what the verdict needs of it. The oid is -1 when it has none; raw and reason are a dead letter's. */
    private record SeenRecord(RecordType type, String source, long offset, long oid, byte[] raw, String reason) {
    }

    /**
     * Reads the queue on a thread of its own as the engines write it, from the moment its first cycle
     * file exists, and keeps every batch (small): retention deletes old cycles under the run, so the
     * queue cannot be read whole at the end. Also notes each batch's last position by path (whether a
     * file is wholly durable) and every cycle file it saw.
     */
    private static final class QueueFollower implements Runnable {

        private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

        private final Path queue;
        final List<SeenBatch> batches = new ArrayList<>();
        final Set<String> cyclesSeen = ConcurrentHashMap.newKeySet();
        private final Map<String, Long> lastPositions = new ConcurrentHashMap<>();
        private final Map<String, String> sources = new HashMap<>();
        private final AtomicLong records = new AtomicLong();
        private volatile boolean stopRequested;
        volatile Throwable failure;
        long notBatches;

        QueueFollower(Path queue) {
            this.queue = queue;
        }

        long count() {
            return records.get();
        }

        /** The position of {@code path} in the last batch read that had one, or -1. */
        long lastPosition(String path) {
            return lastPositions.getOrDefault(path, -1L);
        }

        /** Reads what is left and returns. */
        void stop() {
            stopRequested = true;
        }

        @Override
        public void run() {
            QueueRecords reader = null;
            BatchView batch = new BatchView();
            RecordView record = new RecordView();
            try {
                while (true) {
                    boolean last = stopRequested;
                    Set<String> cycles = cycleFiles(queue);
                    cyclesSeen.addAll(cycles);
                    if (reader == null && !cycles.isEmpty()) {
                        reader = QueueRecords.open(queue);
                    }
                    while (reader != null && next(reader, batch)) {
                        keep(reader.lastIndex(), batch, record);
                    }
                    if (last) {
                        return;
                    }
                    LockSupport.parkNanos(POLL_NANOS);
                }
            } catch (Throwable t) {
                failure = t;
            } finally {
                if (reader != null) {
                    reader.close();
                }
            }
        }

        private boolean next(QueueRecords reader, BatchView batch) {
            while (true) {
                try {
                    return reader.nextBatch(batch);
                } catch (IllegalArgumentException e) {
                    notBatches++; // the reader moved past it; the verdict reports it
                }
            }
        }

        private void keep(long index, BatchView batch, RecordView record) {
            List<FilePosition> positions = batch.positions().files();
            String[] paths = new String[positions.size()];
            long[] offsets = new long[positions.size()];
            for (int i = 0; i < paths.length; i++) {
                paths[i] = source(positions.get(i).path());
                offsets[i] = positions.get(i).offset();
            }
            List<SeenRecord> seen = new ArrayList<>();
            while (batch.next(record)) {
                RecordType type = record.type();
                if (type == RecordType.BLOCK_SEAL || type == RecordType.BLOCK_GAP || type == RecordType.STREAM_STALL) {
                    continue; // the block accounting: not a line's event
                }
                boolean dead = type == RecordType.DEAD_LETTER;
                seen.add(new SeenRecord(type, source(record.source()), record.lineOffset(),
                        !dead && record.has(Field.OID) ? record.longValue(Field.OID) : -1,
                        dead ? record.bytes(Field.RAW) : null, dead ? record.text(Field.REASON) : null));
            }
            batches.add(new SeenBatch(index, paths, offsets, seen));
            for (int i = 0; i < paths.length; i++) {
                lastPositions.put(paths[i], offsets[i]);
            }
            records.addAndGet(seen.size());
        }

        /** One String per path, however many records name it. */
        private String source(String path) {
            return sources.computeIfAbsent(path, p -> p);
        }

        static Set<String> cycleFiles(Path queue) throws IOException {
            if (!Files.isDirectory(queue)) {
                return Set.of();
            }
            try (Stream<Path> list = Files.list(queue)) {
                Set<String> names = new HashSet<>();
                list.map(p -> p.getFileName().toString()).filter(name -> name.endsWith(".cq4")).forEach(names::add);
                return names;
            }
        }
    }

    private static void log(String line) {
        System.out.println("[kill-9] " + line);
    }
}
