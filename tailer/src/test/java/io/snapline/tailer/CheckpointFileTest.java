package io.snapline.tailer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointFileTest {

    /** Offsets of the documented layout. */
    private static final int VERSION_AT = 8;
    private static final int LENGTH_AT = 12;
    private static final int ENTRIES_AT = 16;

    @TempDir
    Path dir;

    private Path file() {
        return dir.resolve("positions.ckpt");
    }

    private Path temp() {
        return dir.resolve("positions.ckpt.tmp");
    }

    private static TailerPositions severalPositions() {
        return new TailerPositions(List.of(
                new FilePosition("node_order_statuses_streaming",
                        "/home/hl/data/node_order_statuses_streaming/hourly/20260505/23",
                        new FileIdentity(2049, 1_234_567, 64, 0x1234_5678_9abc_def0L), 11_000_000_123L),
                new FilePosition("node_order_statuses_streaming",
                        "/home/hl/data/node_order_statuses_streaming/hourly/20260506/0",
                        new FileIdentity(2049, 1_234_568, 17, -1L), 0),
                new FilePosition("node_fills_by_block", "/data/ünïcødé/日本/😀/0",
                        new FileIdentity(Long.MIN_VALUE, Long.MAX_VALUE, 0, 0), Long.MAX_VALUE),
                new FilePosition("", "", new FileIdentity(-1, -2, 1, Long.MIN_VALUE), 1)));
    }

    private static TailerPositions otherPositions() {
        return new TailerPositions(List.of(new FilePosition("node_trades", "/data/node_trades/hourly/20260507/1",
                new FileIdentity(66, 77, 64, 88), 999)));
    }

    /** The reason part of a {@link CheckpointFile.CheckpointException}'s message, after the file name. */
    private String readFailure() {
        CheckpointFile checkpoint = new CheckpointFile(file());
        CheckpointFile.CheckpointException e =
                assertThrows(CheckpointFile.CheckpointException.class, checkpoint::read);
        String prefix = "checkpoint " + file().toAbsolutePath() + ": ";
        assertTrue(e.getMessage().startsWith(prefix), () -> "message names the file: " + e.getMessage());
        return e.getMessage().substring(prefix.length());
    }

    private byte[] writeAndGetBytes(TailerPositions positions) throws IOException {
        new CheckpointFile(file()).write(positions);
        return Files.readAllBytes(file());
    }

    private static int crc32c(byte[] bytes, int offset, int length) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, offset, length);
        return (int) crc.getValue();
    }

    @Test
    void shouldReadBackSeveralPositionsAsWritten() throws IOException {
        CheckpointFile checkpoint = new CheckpointFile(file());
        TailerPositions positions = severalPositions();

        checkpoint.write(positions);

        assertEquals(Optional.of(positions), checkpoint.read());
        assertEquals(Optional.of(positions), new CheckpointFile(file()).read(), "a new instance reads it too");
    }

    @Test
    void shouldReadBackAnEmptyPositionsSetAsPresentAndEmpty() throws IOException {
        CheckpointFile checkpoint = new CheckpointFile(file());

        checkpoint.write(TailerPositions.EMPTY);

        Optional<TailerPositions> read = checkpoint.read();
        assertTrue(read.isPresent(), "an empty checkpoint is still a checkpoint");
        assertTrue(read.get().isEmpty());
        assertEquals(TailerPositions.EMPTY, read.get());
    }

    @Test
    void shouldWriteTheDocumentedLayout() throws IOException {
        byte[] bytes = writeAndGetBytes(severalPositions());
        ByteBuffer view = ByteBuffer.wrap(bytes);

        assertArrayEquals("SNAPCKPT".getBytes(StandardCharsets.US_ASCII), Arrays.copyOf(bytes, 8));
        assertEquals(1, view.getInt(VERSION_AT));
        int length = view.getInt(LENGTH_AT);
        assertEquals(ENTRIES_AT + length + 4, bytes.length);
        assertEquals(4, view.getInt(ENTRIES_AT), "entries start with the count");
        assertEquals(crc32c(bytes, VERSION_AT, ENTRIES_AT - VERSION_AT + length), view.getInt(ENTRIES_AT + length),
                "crc32c of version, length and entries");
    }

    @Test
    void shouldReturnEmptyWhenThereIsNoCheckpointFile() throws IOException {
        assertEquals(Optional.empty(), new CheckpointFile(file()).read());
    }

    @Test
    void shouldReplaceThePreviousCheckpointOnWrite() throws IOException {
        CheckpointFile checkpoint = new CheckpointFile(file());
        checkpoint.write(severalPositions());

        checkpoint.write(otherPositions());

        assertEquals(Optional.of(otherPositions()), checkpoint.read());
    }

    @Test
    void shouldLeaveNoTempFileAfterWrite() throws IOException {
        CheckpointFile checkpoint = new CheckpointFile(file());

        checkpoint.write(severalPositions());
        checkpoint.write(otherPositions());

        assertFalse(Files.exists(temp()));
        try (Stream<Path> entries = Files.list(dir)) {
            assertEquals(List.of(file().getFileName().toString()),
                    entries.map(p -> p.getFileName().toString()).collect(Collectors.toList()));
        }
    }

    @Test
    void shouldIgnoreATornTempFileAndReplaceItOnTheNextWrite() throws IOException {
        CheckpointFile checkpoint = new CheckpointFile(file());
        checkpoint.write(severalPositions());
        // A crash between writing the temp file and renaming it leaves a partial temp file behind.
        byte[] torn = Arrays.copyOf(Files.readAllBytes(file()), 23);
        Files.write(temp(), torn);

        assertEquals(Optional.of(severalPositions()), checkpoint.read(), "the previous good checkpoint");
        assertEquals(Optional.of(severalPositions()), new CheckpointFile(file()).read(), "also after a restart");

        // Garbage longer than the next checkpoint: the write must not leave its tail behind.
        byte[] garbage = new byte[10_000];
        Arrays.fill(garbage, (byte) 0x5A);
        Files.write(temp(), garbage);
        checkpoint.write(otherPositions());

        assertEquals(Optional.of(otherPositions()), checkpoint.read());
        assertFalse(Files.exists(temp()));
    }

    @Test
    void shouldReportATruncatedCheckpointAsTornAtEveryLength() throws IOException {
        byte[] bytes = writeAndGetBytes(severalPositions());

        for (int length = 0; length < bytes.length; length++) {
            Files.write(file(), Arrays.copyOf(bytes, length));
            int truncatedTo = length;
            String reason = readFailure();
            assertTrue(reason.contains("torn"), () -> "truncated to " + truncatedTo + ": " + reason);
        }
    }

    @Test
    void shouldReportTrailingBytesAsTorn() throws IOException {
        byte[] bytes = writeAndGetBytes(severalPositions());
        Files.write(file(), Arrays.copyOf(bytes, bytes.length + 5));

        assertTrue(readFailure().contains("torn"));
    }

    @Test
    void shouldReportAFlippedByteAnywhereInTheEntriesOrChecksumAsAChecksumMismatch() throws IOException {
        byte[] bytes = writeAndGetBytes(severalPositions());

        for (int i = ENTRIES_AT; i < bytes.length; i++) {
            for (int mask : new int[] {0x01, 0x80, 0xFF}) {
                byte[] corrupt = bytes.clone();
                corrupt[i] ^= (byte) mask;
                Files.write(file(), corrupt);
                int at = i;
                String reason = readFailure();
                assertTrue(reason.contains("checksum"), () -> "byte " + at + " flipped: " + reason);
            }
        }
    }

    @Test
    void shouldReportAFlippedByteInTheEntriesOfAnEmptySetAsAChecksumMismatch() throws IOException {
        byte[] bytes = writeAndGetBytes(TailerPositions.EMPTY);
        bytes[ENTRIES_AT + 3] ^= 0x01; // count 0 becomes 1

        Files.write(file(), bytes);

        assertTrue(readFailure().contains("checksum"));
    }

    @Test
    void shouldReportABadMagic() throws IOException {
        byte[] bytes = writeAndGetBytes(severalPositions());

        for (int i = 0; i < 8; i++) {
            byte[] corrupt = bytes.clone();
            corrupt[i] ^= 0x20;
            Files.write(file(), corrupt);
            int at = i;
            String reason = readFailure();
            assertTrue(reason.contains("magic"), () -> "magic byte " + at + " changed: " + reason);
        }
    }

    @Test
    void shouldReportAFileOfAnotherFormatAsBadMagic() throws IOException {
        Files.writeString(file(), "{\"positions\": [\"this is not a Snapline checkpoint file at all\"]}\n");

        assertTrue(readFailure().contains("magic"));
    }

    @Test
    void shouldReportAnotherVersionByNumberEvenWithAValidChecksum() throws IOException {
        byte[] bytes = writeAndGetBytes(severalPositions());
        ByteBuffer view = ByteBuffer.wrap(bytes);
        int length = view.getInt(LENGTH_AT);
        // A well-formed file of a future version: its checksum is right for its content.
        view.putInt(VERSION_AT, 2);
        view.putInt(ENTRIES_AT + length, crc32c(bytes, VERSION_AT, ENTRIES_AT - VERSION_AT + length));
        Files.write(file(), bytes);

        String reason = readFailure();

        assertTrue(reason.contains("version 2"), reason);
    }

    @Test
    void shouldReportVersionZeroByNumber() throws IOException {
        byte[] bytes = writeAndGetBytes(otherPositions());
        ByteBuffer.wrap(bytes).putInt(VERSION_AT, 0);
        Files.write(file(), bytes);

        String reason = readFailure();

        assertTrue(reason.contains("version 0"), reason);
    }

    @Test
    void shouldNeverTreatACorruptCheckpointAsMissing() throws IOException {
        byte[] bytes = writeAndGetBytes(severalPositions());
        // Flip every byte of the file in turn: each variant is an exception, never "no checkpoint".
        for (int i = 0; i < bytes.length; i++) {
            byte[] corrupt = bytes.clone();
            corrupt[i] ^= 0x01;
            Files.write(file(), corrupt);
            int at = i;
            CheckpointFile.CheckpointException e = assertThrows(CheckpointFile.CheckpointException.class,
                    () -> new CheckpointFile(file()).read(), () -> "byte " + at + " flipped");
            assertFalse(e.getMessage().isBlank());
        }
    }
}
