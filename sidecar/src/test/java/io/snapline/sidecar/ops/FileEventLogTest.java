package io.snapline.sidecar.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.snapline.engine.testing.NodeFile;
import io.snapline.tailer.FileSequence;
import io.snapline.tailer.HourlyFileSequence;
import io.snapline.tailer.LineSink;
import io.snapline.tailer.NodeLayout;
import io.snapline.tailer.NodeStream;
import io.snapline.tailer.Tailer;
import io.snapline.tailer.TailerConfig;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
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
}
