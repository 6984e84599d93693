package io.snapline.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@link Resources} and {@link MemorySnapshot} read from {@code /proc/self}, against files this test opens and maps. */
class ResourcesTest {

    @TempDir
    Path dir;

    @Test
    void shouldSeeADescriptorUnderADirectoryWhileTheFileIsOpenAndNotAfter() throws IOException {
        Path file = Files.writeString(dir.resolve("held"), "x");
        List<String> countedBefore = Resources.countedDescriptors();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            assertEquals(List.of(file.toRealPath()), Resources.openUnder(dir));
            assertTrue(Resources.descriptorTargets().contains(file.toRealPath().toString()));
            // By target, not by count: the JVM may hold a descriptor of its own for an instant.
            assertEquals(List.of(file.toRealPath().toString()), Resources.openedSince(countedBefore), channel.toString());
        }
        assertEquals(List.of(), Resources.openUnder(dir));
        Resources.assertOpenedSince(countedBefore, 0);
    }

    @Test
    void shouldSeeAMappedFileUntilItsBufferIsCollected() throws IOException {
        Path file = dir.resolve("mapped");
        MappedByteBuffer buffer;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE)) {
            buffer = channel.map(FileChannel.MapMode.READ_WRITE, 0, 1 << 20);
        }
        buffer.put(0, (byte) 1);
        String path = file.toRealPath().toString();
        assertEquals(List.of(path), Resources.mappedUnder(dir), "mapped after its channel closed");
        assertEquals(1, Resources.mappedFiles().get(path));
        MemorySnapshot mapped = MemorySnapshot.take("mapped");
        assertTrue(mapped.mapped().count() >= 1 && mapped.mappedFiles().containsKey(path), mapped.toString());

        buffer = null;
        assertTrue(Resources.awaitIo(() -> {
            SettledGc.collect();
            return Resources.mappedUnder(dir).isEmpty();
        }, Duration.ofSeconds(5)), "unmapped once the buffer is collected: " + Resources.mappedUnder(dir));
    }

    @Test
    void shouldLeaveSharedLibrariesOutOfTheMappedFiles() {
        assertTrue(Resources.mappedFiles().keySet().stream().noneMatch(path -> path.endsWith(".so")),
                Resources.mappedFiles().toString());
    }

    @Test
    void shouldReadResidentAndVirtualSize() {
        long rss = Resources.residentBytes();
        assertTrue(rss > 1 << 20 && Resources.virtualBytes() > rss, rss + " / " + Resources.virtualBytes());
    }
}
