package io.snapline.sidecar.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.snapline.engine.testing.NodeFile;
import io.snapline.engine.testing.ThreadAllocation;
import io.snapline.tailer.FileSequence;
import io.snapline.tailer.HourlyFileSequence;
import io.snapline.tailer.LineSink;
import io.snapline.tailer.NodeLayout;
import io.snapline.tailer.NodeStream;
import io.snapline.tailer.Tailer;
import io.snapline.tailer.TailedFile;
import io.snapline.tailer.TailerConfig;
import io.snapline.tailer.TailerEvents;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real tailer over real files reports to the log: one line per file event, none per line. */
class FileEventLogTest {

    @TempDir
    Path dir;

    @Test
    void shouldLogOneLinePerFileEventAndNothingPerLine() throws Exception {
        Path root = dir.resolve("data");
        FileSequence sequence = new HourlyFileSequence(root, NodeStream.ORDER_STATUSES, NodeLayout.STREAMING);
        AtomicLong nanos = new AtomicLong();
        AtomicLong lines = new AtomicLong();
        LineSink sink = (file, buffer, offset, length, start, end) -> lines.incrementAndGet();
        TailerConfig config = TailerConfig.defaults().withMaxLineLength(100).withDiscoveryInterval(Duration.ZERO)
                .withRolloverGrace(Duration.ofSeconds(30));

        NodeFile hour17 = NodeFile.at(root, NodeStream.ORDER_STATUSES, NodeLayout.STREAMING, "20260505", 17);
        List<String> expected = new ArrayList<>();
        try (LogCapture log = new LogCapture(FileEventLog.LOGGER);
             Tailer tailer = new Tailer(List.of(sequence), config, sink, new FileEventLog(), nanos::get)) {
            for (int i = 0; i < 1000; i++) {
                hour17.append("{\"n\":" + i + "}");
            }
            long size17 = hour17.size();
            tailer.poll();
            expected.add("INFO added " + sequence.name() + " " + hour17.path() + " at offset 0");
            expected.add("INFO layouts in " + root + ": node_order_statuses: streaming (configured)");
            expected.add("DEBUG opened " + sequence.name() + " " + hour17.path() + " at offset 0");
            assertEquals(expected, log.lines());
            assertEquals(1000, lines.get());

            hour17.append("x".repeat(500));
            tailer.poll();
            expected.add("WARN line too long in " + sequence.name() + " " + hour17.path() + " at offset " + size17
                    + ": 500 bytes; skipped and kept as a dead letter");
            assertEquals(expected, log.lines());

            NodeFile hour18 = NodeFile.at(root, NodeStream.ORDER_STATUSES, NodeLayout.STREAMING, "20260505", 18);
            hour18.append("{\"n\":1000}", "{\"n\":1001}");
            tailer.poll();
            try (FileChannel channel = FileChannel.open(hour18.path(), StandardOpenOption.WRITE)) {
                channel.truncate(4);
            }
            tailer.poll();
            nanos.addAndGet(Duration.ofSeconds(31).toNanos());
            tailer.poll();
            String name = sequence.name();
            expected.add("INFO added " + name + " " + hour18.path() + " at offset 0");
            expected.add("INFO rotated " + name + " " + hour17.path() + " -> " + hour18.path()
                    + "; the previous file drains until its grace period ends (0 bytes unread)");
            expected.add("DEBUG opened " + name + " " + hour18.path() + " at offset 0");
            expected.add("WARN truncated " + name + " " + hour18.path()
                    + ": was read to offset 22, now 4 bytes; reading again from 0");
            expected.add("INFO closed " + name + " " + hour17.path() + " at offset " + hour17.size());
            assertEquals(expected, log.lines());
            assertEquals(1002, lines.get());
        }
    }

    @Test
    void shouldLogTheLayoutReadAtStartAndOneLinePerSwitch() throws Exception {
        Path root = dir.resolve("data");
        NodeFile byBlock = NodeFile.at(root, NodeStream.FILLS, NodeLayout.BY_BLOCK, "20261203", 10);
        byBlock.append("{\"n\":1}");
        Files.setLastModifiedTime(byBlock.path(), FileTime.from(Instant.parse("2026-12-03T10:30:00Z")));
        NodeFile streaming = NodeFile.at(root, NodeStream.FILLS, NodeLayout.STREAMING, "20261204", 9);
        streaming.append("{\"n\":2}");
        LineSink sink = (file, buffer, offset, length, start, end) -> { };
        try (LogCapture log = new LogCapture(FileEventLog.LOGGER);
             Tailer tailer = new Tailer(HourlyFileSequence.activeLayout(root, NodeStream.FILLS), TailerConfig.defaults(),
                     sink, new FileEventLog(), () -> 0L)) {
            tailer.poll();
            NodeFile plain = NodeFile.at(root, NodeStream.FILLS, NodeLayout.PLAIN, "20261204", 10);
            plain.append("{\"n\":3}");
            tailer.requestDiscovery();
            tailer.poll();
            tailer.requestDiscovery();
            tailer.poll();

            List<String> layoutLines = log.lines().stream().filter(line -> line.contains("layout")).toList();
            assertEquals(List.of("INFO layouts in " + root + ": node_fills: streaming (by_block stale since 2026-12-03T10)",
                    "INFO layout of node_fills switched: streaming -> plain; streaming is read to its end, plain from"
                            + " the hour of the switch on"), layoutLines);
        }
    }

    /**
     * A by-block backlog of over-long lines gave one WARN per line on the reader thread before the
     * fix: here at most one a minute, the next one counting those not logged.
     */
    @Test
    void shouldLogOverLongLinesAtMostOnceAMinuteWithACountOfTheOthers() throws Exception {
        Path root = dir.resolve("data");
        FileSequence sequence = new HourlyFileSequence(root, NodeStream.ORDER_STATUSES, NodeLayout.BY_BLOCK);
        AtomicLong nanos = new AtomicLong();
        LineSink sink = (file, buffer, offset, length, start, end) -> { };
        TailerConfig config = TailerConfig.defaults().withMaxLineLength(100).withDiscoveryInterval(Duration.ZERO);
        NodeFile hour = NodeFile.at(root, NodeStream.ORDER_STATUSES, NodeLayout.BY_BLOCK, "20260505", 17);
        String name = sequence.name();
        try (LogCapture log = new LogCapture(FileEventLog.LOGGER);
             Tailer tailer = new Tailer(List.of(sequence), config, sink,
                     new FileEventLog(org.slf4j.LoggerFactory.getLogger(FileEventLog.LOGGER), nanos::get), nanos::get)) {
            for (int i = 0; i < 1000; i++) {
                hour.append("x".repeat(500));
            }
            while (tailer.poll() > 0) {
                nanos.addAndGet(Duration.ofSeconds(1).toNanos() / 100); // 1000 lines within well under a minute
            }
            List<String> warnings = log.lines().stream().filter(line -> line.startsWith("WARN")).toList();
            assertEquals(List.of("WARN line too long in " + name + " " + hour.path() + " at offset 0: 500 bytes;"
                    + " skipped and kept as a dead letter"), warnings);

            nanos.addAndGet(Duration.ofMinutes(1).toNanos());
            hour.append("y".repeat(300));
            tailer.poll();
            warnings = log.lines().stream().filter(line -> line.startsWith("WARN")).toList();
            assertEquals(2, warnings.size(), warnings.toString());
            assertEquals("WARN line too long in " + name + " " + hour.path() + " at offset " + 1000 * 501
                    + ": 300 bytes; skipped and kept as a dead letter (999 more over-long lines since the last of"
                    + " these were not logged one by one)", warnings.get(1));
        }
    }

    @Test
    void shouldAllocateNothingForAnOverLongLineItDoesNotLog() throws Exception {
        Path root = dir.resolve("data");
        NodeFile hour = NodeFile.at(root, NodeStream.ORDER_STATUSES, NodeLayout.BY_BLOCK, "20260505", 17);
        hour.append("{}");
        AtomicLong nanos = new AtomicLong();
        FileEventLog events = new FileEventLog(org.slf4j.helpers.NOPLogger.NOP_LOGGER, nanos::get);
        List<TailedFile> files = new ArrayList<>();
        try (Tailer tailer = new Tailer(List.of(new HourlyFileSequence(root, NodeStream.ORDER_STATUSES,
                NodeLayout.BY_BLOCK)), TailerConfig.defaults(), (file, buffer, offset, length, start, end) -> { },
                TailerEvents.NONE, nanos::get)) {
            tailer.poll();
            tailer.forEachFile(files::add);
        }
        TailedFile file = files.get(0);
        events.lineTooLong(file, 0, 1 << 30); // logged; the next ones within the minute are not
        ThreadAllocation.assertNoneInSteadyState(5, 100_000, () -> {
            for (int i = 0; i < 100_000; i++) {
                events.lineTooLong(file, i, 1 << 30);
            }
        });
    }

    /**
     * A day directory that cannot be listed (a link loop: ELOOP, which root gets too, unlike chmod
     * 000): one WARN however often it is tried, /healthz degraded naming it, the gauge at 1, and
     * all of it cleared once it reads again.
     */
    @Test
    void shouldReportAnUnreadableDirectoryOnceOnHealthAndInTheGaugeUntilItReadsAgain() throws Exception {
        Path root = dir.resolve("data");
        FileSequence sequence = new HourlyFileSequence(root, NodeStream.ORDER_STATUSES, NodeLayout.STREAMING);
        NodeFile hour = NodeFile.at(root, NodeStream.ORDER_STATUSES, NodeLayout.STREAMING, "20260506", 0);
        hour.append("{\"n\":1}");
        Path day = hour.path().getParent().resolveSibling("20260505");
        Files.createSymbolicLink(day, day.getFileName()); // 20260505 -> 20260505
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        FileEventLog events = new FileEventLog().registerMeters(registry);
        AtomicLong lines = new AtomicLong();
        LineSink sink = (file, buffer, offset, length, start, end) -> lines.incrementAndGet();
        try (LogCapture log = new LogCapture(FileEventLog.LOGGER);
             Tailer tailer = new Tailer(List.of(sequence), TailerConfig.defaults().withDiscoveryInterval(Duration.ZERO),
                     sink, events, () -> 0)) {
            for (int i = 0; i < 5; i++) {
                tailer.poll();
            }
            assertEquals(1, lines.get(), "the other day is read");
            List<String> warnings = log.lines().stream().filter(line -> line.startsWith("WARN")).toList();
            assertEquals(1, warnings.size(), warnings.toString());
            assertTrue(warnings.get(0).startsWith("WARN cannot read " + sequence.name() + " " + day + ": "),
                    warnings.get(0));
            HealthStatus status = events.check();
            assertTrue(status.healthy());
            assertTrue(status.reason().startsWith("degraded: 1 file unreadable: " + day + " ("), status.reason());
            assertEquals(1.0, registry.get("snapline.files.unreadable").gauge().value());
            assertEquals(1.0, registry.get("snapline.files.unreadable.events").functionCounter().count());

            Files.delete(day);
            Files.createDirectory(day);
            tailer.poll();
            assertNull(events.check());
            assertEquals(0.0, registry.get("snapline.files.unreadable").gauge().value());
            assertTrue(log.lines().contains("INFO no longer unreadable: " + sequence.name() + " " + day), log.lines()
                    .toString());
        }
    }
}
