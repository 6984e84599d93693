package io.snapline.queue.chronicle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.snapline.tailer.TailerPositions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.wire.DocumentContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QueueStoreTest {

    @TempDir
    Path dir;

    @Test
    void shouldResumeFromNothingOnANewQueue() {
        try (QueueStore store = new QueueStore(dir, Duration.ZERO, 1 << 20)) {
            assertTrue(store.lastPositions().isEmpty());
            assertEquals(TailerPositions.EMPTY.files(), store.lastPositions().files());
        }
    }

    @Test
    void shouldSizeBlocksSoTheLargestBatchFitsOneWrite() {
        try (QueueStore store = new QueueStore(dir, Duration.ZERO, 100L << 20)) {
            assertTrue(store.maxDocumentBytes() >= 100L << 20, "largest document " + store.maxDocumentBytes());
        }
    }

    @Test
    void shouldDeleteCycleFilesOlderThanTheRetentionButNeverTheNewest() throws IOException {
        try (QueueStore store = new QueueStore(dir, Duration.ofHours(1), 1 << 20)) {
            try (ExcerptAppender appender = store.queue().createAppender();
                 DocumentContext document = appender.writingDocument()) {
                document.wire().bytes().writeInt(1); // makes the current cycle's file exist
            }
            Path old = dir.resolve("20200101-00F.cq4");
            Files.write(old, new byte[16]);
            Files.setLastModifiedTime(old, FileTime.from(Instant.now().minus(Duration.ofHours(3))));
            Path recent = dir.resolve("20200101-01F.cq4");
            Files.write(recent, new byte[16]);

            assertEquals(1, store.deleteExpiredCycles());
            assertFalse(Files.exists(old), "a cycle older than the retention is deleted");
            assertTrue(Files.exists(recent), "a cycle within the retention is kept");
            try (Stream<Path> files = Files.list(dir)) {
                assertTrue(files.anyMatch(p -> p.getFileName().toString().endsWith(".cq4")
                        && !p.equals(recent)), "the newest cycle is kept");
            }
        }
    }
}
