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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exactly-once into the queue across kill -9: the engine runs in a child JVM that is killed with
 * SIGKILL at random moments (while starting, while catching up, while idle) and restarted, while
 * a simulated node keeps appending to its hourly files: chunked flushes that cut lines, hour
 * rollovers, a day change, late writes to the previous hour. A few times a process is also
 * killed inside a queue append, which random kills almost never hit. Then one last run drains
 * everything, and every event written must be in the queue exactly once, where its line really
 * is, with no dead letter; every batch's positions must lie just after a whole line, never go
 * back, and bound the lines of its records.
 *
 * <p>Random choices come from one seed, printed first; rerun with {@code -Dsnapline.crash.seed=N}
 * (timing still varies: the kills land where they land).
 */
class KillNineExactlyOnceTest {

    /** Runs ended by SIGKILL; every sixth, the first included, at a random moment after spawn, ready or not. */
    private static final int KILLED_RUNS = 24;
    private static final int EARLY_KILL_EVERY_RUNS = 6;
    private static final int ROLLOVER_EVERY_RUNS = 5;
    private static final int TORN_APPEND_EVERY_RUNS = 8;
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration FIRST_WRITE_WAIT = Duration.ofSeconds(3);
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(60);
    private static final int SHOWN = 25;
    /** Real milliseconds per queue hour: the queue rolls to a new cycle file every few seconds. */
    private static final long QUEUE_HOUR_MILLIS = 4_000;

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 300, unit = TimeUnit.SECONDS)
    void shouldHoldEveryEventExactlyOnceAcrossRepeatedKillNine() throws Exception {
        long seed = Long.getLong("snapline.crash.seed", System.nanoTime());
        log("seed=" + seed + " (rerun with -Dsnapline.crash.seed=" + seed + ")");
        Random random = new Random(seed);
        Path root = Files.createDirectories(dir.resolve("hl-data"));
        Path queue = dir.resolve("queue");
        Path logs = Files.createDirectories(dir.resolve("logs"));
        long started = System.nanoTime();
        String[] clock = {Long.toString(System.currentTimeMillis()), Long.toString(QUEUE_HOUR_MILLIS)};

        SimulatedNode node = new SimulatedNode(root, random.nextLong());
        Thread writer = new Thread(node, "simulated-node");
        EngineProcess child = null;
        int kills = 0;
        int killsBeforeReady = 0;
        int tornAppends = 0;
        try (LiveCount live = new LiveCount(queue)) {
            writer.start();
            for (int run = 0; run < KILLED_RUNS; run++) {
                child = EngineProcess.start(root, queue, clock, logs.resolve("run-" + run + ".log"));
                if (run % EARLY_KILL_EVERY_RUNS == 0) {
                    // Anywhere in start-up: JVM, creating (run 0) or opening the queue, resuming.
                    Thread.sleep(random.nextInt(1500));
                } else {
                    child.awaitReady(READY_TIMEOUT);
                    if (random.nextInt(3) == 0) {
                        Thread.sleep(random.nextInt(600)); // opening the appender, catching up, or idle
                    } else {
                        // Mostly while it appends the backlog that piled up during start-up.
                        child.awaitLine(CrashableEngineMain.FIRST_WRITE, FIRST_WRITE_WAIT);
                        Thread.sleep(random.nextInt(300));
                    }
                }
                String readyLine = child.line(CrashableEngineMain.READY);
                String firstWrite = child.line(CrashableEngineMain.FIRST_WRITE);
                boolean ready = readyLine != null;
                long age = child.ageMillis();
                child.kill();
                child = null;
                kills++;
                killsBeforeReady += ready ? 0 : 1;
                if (run % ROLLOVER_EVERY_RUNS == ROLLOVER_EVERY_RUNS - 1) {
                    node.requestRollover();
                }
                failIfNodeFailed(node);
                log("kill " + kills + " at " + age + " ms after spawn" + (ready ? " (Engine.start "
                        + value(readyLine, "startMillis") + " ms, first batch durable "
                        + value(firstWrite, "afterReadyMillis") + " ms after)" : " (before ready)")
                        + ": events written " + node.eventsWritten() + ", records in queue " + live.count());
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
            Map<Long, SimulatedNode.Expected> expected = node.expected();
            log("writing done: " + expected.size() + " events, " + node.rollovers() + " rollovers, "
                    + node.lateEvents() + " late writes to the previous hour; final run");

            child = EngineProcess.start(root, queue, clock, logs.resolve("final.log"));
            child.awaitReady(READY_TIMEOUT);
            long drained = awaitRecords(live, child, expected.size());
            child.stop(Duration.ofSeconds(20));
            child = null;
            log("final run drained " + drained + " records; verifying");

            Verdict verdict = verify(queue, root, expected);
            log("kills=" + kills + " (before ready: " + killsBeforeReady + ", inside an append: " + tornAppends
                    + "), batches=" + verdict.batches
                    + ", records=" + verdict.records + ", elapsed="
                    + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started) + " ms");
            verdict.assertClean(seed, root);
            assertTrue(expected.size() > 0 && verdict.records > 0, "events were written at all");
            long cycles;
            try (Stream<Path> files = Files.list(queue)) {
                cycles = files.filter(p -> p.getFileName().toString().endsWith(".cq4")).count();
            }
            log("queue cycle files: " + cycles);
            assertTrue(cycles >= 2, "the queue rolled to a new cycle while engines were killed: " + cycles + " cycle files");
            assertEquals(expected.size(), drained, "records the live reader counted while following the queue");
            assertTrue(kills >= 20, "kills: " + kills);
        } finally {
            node.stop();
            if (child != null) {
                child.destroy();
            }
            writer.join(TimeUnit.SECONDS.toMillis(10));
        }
        assertNothingLeftBehind();
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

    /** Follows the queue until it holds {@code expected} records and stays there (or stops growing above it). */
    private static long awaitRecords(LiveCount live, EngineProcess child, long expected)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + DRAIN_TIMEOUT.toNanos();
        long count = live.count();
        long changed = System.nanoTime();
        while (true) {
            long now = System.nanoTime();
            long latest = live.count();
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
            Thread.sleep(20);
        }
    }

    /** Reads the whole queue once and checks every record and every batch's positions. */
    private static Verdict verify(Path queue, Path root, Map<Long, SimulatedNode.Expected> expected)
            throws IOException {
        Map<String, byte[]> files = new HashMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path file : walk.filter(Files::isRegularFile).toList()) {
                files.put(file.toString(), Files.readAllBytes(file));
            }
        }
        Verdict verdict = new Verdict(expected);
        Map<String, Long> previous = new HashMap<>(); // positions of the batch before, by path
        Map<String, Long> current = new HashMap<>();
        BatchView batch = new BatchView();
        RecordView record = new RecordView();
        try (QueueRecords reader = QueueRecords.open(queue)) {
            while (reader.nextBatch(batch)) {
                verdict.batches++;
                String where = "batch at index " + Long.toHexString(reader.lastIndex());
                current.clear();
                List<FilePosition> positions = batch.positions().files();
                for (FilePosition position : positions) {
                    current.put(position.path(), position.offset());
                    verdict.checkPosition(where, position, files.get(position.path()),
                            previous.getOrDefault(position.path(), 0L));
                }
                while (batch.next(record)) {
                    verdict.record(where, record, previous, current);
                }
                previous.putAll(current);
            }
        }
        for (Map.Entry<String, byte[]> file : files.entrySet()) {
            long end = previous.getOrDefault(file.getKey(), -1L);
            if (end != file.getValue().length) {
                verdict.problem(verdict.positionProblems, "the last batch's position of " + file.getKey() + " is "
                        + end + ", not its length " + file.getValue().length);
            }
        }
        return verdict;
    }

    /** What the queue held, against what the node wrote. */
    private static final class Verdict {

        final Map<Long, SimulatedNode.Expected> expected;
        final Map<Long, Integer> seen = new HashMap<>();
        final Map<Long, String> firstSeen = new HashMap<>();
        final Map<Long, List<String>> duplicatesSeen = new HashMap<>();
        final List<String> deadLetters = new ArrayList<>();
        final List<String> unexpected = new ArrayList<>();
        final List<String> misplaced = new ArrayList<>();
        final List<String> outsideWindow = new ArrayList<>();
        final List<String> positionProblems = new ArrayList<>();
        long batches;
        long records;

        Verdict(Map<Long, SimulatedNode.Expected> expected) {
            this.expected = expected;
        }

        /** Positions point just after a whole line, inside the file, never backwards. */
        void checkPosition(String where, FilePosition position, byte[] file, long before) {
            long offset = position.offset();
            if (file == null) {
                problem(positionProblems, where + ": position for a file never written: " + position);
            } else if (offset > file.length) {
                problem(positionProblems, where + ": position " + offset + " beyond the end (" + file.length
                        + ") of " + position.path());
            } else if (offset > 0 && file[(int) offset - 1] != '\n') {
                problem(positionProblems, where + ": position " + offset + " in " + position.path()
                        + " is not just after a newline");
            }
            if (offset < before) {
                problem(positionProblems, where + ": position of " + position.path() + " went back from "
                        + before + " to " + offset);
            }
        }

        /** One record: counted by oid; its line must lie between the previous batch's positions and this one's. */
        void record(String where, RecordView record, Map<String, Long> previous, Map<String, Long> current) {
            records++;
            String source = record.source();
            long offset = record.lineOffset();
            if (record.type() == RecordType.DEAD_LETTER) {
                byte[] raw = record.bytes(Field.RAW);
                String head = raw == null ? "" : new String(raw, 0, Math.min(raw.length, 160), StandardCharsets.UTF_8);
                problem(deadLetters, where + ": " + source + "@" + offset + " reason=" + record.text(Field.REASON)
                        + " detail=" + record.text(Field.DETAIL) + " raw=" + head);
                return;
            }
            long start = previous.getOrDefault(source, 0L);
            Long end = current.get(source);
            if (end == null || offset < start || offset >= end) {
                problem(outsideWindow, where + ": line " + source + "@" + offset + " is not between the previous"
                        + " batch's position " + start + " and this batch's " + end);
            }
            if (!record.has(Field.OID)) {
                problem(unexpected, where + ": " + record.type() + " without an oid at " + source + "@" + offset);
                return;
            }
            long oid = record.longValue(Field.OID);
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
            } else if (times == 1 && (wanted.type() != record.type() || !wanted.source().equals(source)
                    || wanted.offset() != offset)) {
                problem(misplaced, "oid " + oid + " is " + record.type() + " at " + source + "@" + offset
                        + " but was written as " + wanted);
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
            Map<Long, Integer> duplicated = new TreeMap<>();
            seen.forEach((oid, times) -> {
                if (times > 1) {
                    duplicated.put(oid, times);
                }
            });
            StringBuilder report = new StringBuilder();
            section(report, "missing oids", missing.stream().map(oid -> oid + " " + expected.get(oid)).toList());
            section(report, "duplicated oids", duplicated.entrySet().stream()
                    .map(e -> e.getKey() + " x" + e.getValue() + " " + expected.get(e.getKey()) + " in "
                            + duplicatesSeen.get(e.getKey())).toList());
            section(report, "dead letters", deadLetters);
            section(report, "unexpected records", unexpected);
            section(report, "records not where their line is", misplaced);
            section(report, "records outside their batch's position window", outsideWindow);
            section(report, "bad positions", positionProblems);
            if (report.length() > 0) {
                fail("seed " + seed + ": " + expected.size() + " events written, " + records + " records in "
                        + batches + " batches (paths relative to " + root + ")\n"
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

    /** A reader following the queue as the engine runs, opened once the engine has created it. */
    private static final class LiveCount implements AutoCloseable {

        private final Path queue;
        private QueueRecords reader;
        private long count;

        LiveCount(Path queue) {
            this.queue = queue;
        }

        long count() throws IOException {
            if (reader == null) {
                if (!hasCycleFile()) {
                    return 0;
                }
                reader = QueueRecords.open(queue);
            }
            count += reader.forEachRecord(record -> { });
            return count;
        }

        private boolean hasCycleFile() throws IOException {
            if (!Files.isDirectory(queue)) {
                return false;
            }
            try (Stream<Path> list = Files.list(queue)) {
                return list.anyMatch(p -> p.getFileName().toString().endsWith(".cq4"));
            }
        }

        @Override
        public void close() {
            if (reader != null) {
                reader.close();
            }
        }
    }

    private static void log(String line) {
        System.out.println("[kill-9] " + line);
    }
}
