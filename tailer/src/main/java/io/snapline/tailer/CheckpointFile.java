package io.snapline.tailer;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.zip.CRC32C;

/**
 * Crash-safe storage of {@link TailerPositions} for consumers that cannot keep positions in their
 * own output: write a temp file, fsync it, rename it over the old one atomically, fsync the
 * directory. A crash leaves either the old or the new checkpoint, never a mix; a leftover temp
 * file is ignored.
 *
 * <pre>
 *  0        8        12       16                    16+n     20+n
 *  +--------+--------+--------+---------------------+--------+
 *  | magic  | version| length | entries (n bytes)   | crc32c |
 *  |SNAPCKPT| int=1  | int=n  |                     | of     |
 *  +--------+--------+--------+---------------------+ v,l,e  +
 *  entries: int count, then per file:
 *    UTF sequence | UTF path | long device | long inode | int fpLength | long fingerprint | long offset
 * </pre>
 *
 * A file that is torn, corrupt or of another version is reported with {@link CheckpointException},
 * never silently treated as "no checkpoint": that would re-read or skip data.
 */
public final class CheckpointFile {

    static final byte[] MAGIC = "SNAPCKPT".getBytes(StandardCharsets.US_ASCII);
    static final int VERSION = 1;
    private static final int HEADER = MAGIC.length + 4 + 4;
    private static final int TRAILER = 4;

    private final Path file;
    private final Path temp;

    public CheckpointFile(Path file) {
        this.file = file.toAbsolutePath();
        this.temp = this.file.resolveSibling(this.file.getFileName() + ".tmp");
    }

    public Path path() {
        return file;
    }

    /** A stored checkpoint that cannot be trusted. */
    public static final class CheckpointException extends IOException {
        private static final long serialVersionUID = 1L;

        CheckpointException(Path file, String reason) {
            super("checkpoint " + file + ": " + reason);
        }
    }

    /** Stores the positions durably, replacing the previous checkpoint atomically. */
    public void write(TailerPositions positions) throws IOException {
        byte[] entries = encode(positions);
        ByteBuffer bytes = ByteBuffer.allocate(HEADER + entries.length + TRAILER);
        bytes.put(MAGIC).putInt(VERSION).putInt(entries.length).put(entries);
        bytes.putInt((int) crc(bytes.array(), MAGIC.length, bytes.position() - MAGIC.length));
        bytes.flip();
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
            channel.force(true);
        }
        try {
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("checkpoint " + file + ": the file system cannot rename atomically", e);
        }
        try (FileChannel directory = FileChannel.open(file.getParent(), StandardOpenOption.READ)) {
            directory.force(true); // make the rename itself durable
        }
    }

    /**
     * The stored positions, or empty if there is no checkpoint yet (a first start).
     *
     * @throws CheckpointException if the file is torn, corrupt or of another version
     */
    public Optional<TailerPositions> read() throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        if (bytes.length < HEADER + TRAILER) {
            throw new CheckpointException(file, "torn: " + bytes.length + " bytes, shorter than any checkpoint");
        }
        if (!Arrays.equals(bytes, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            throw new CheckpointException(file, "not a Snapline checkpoint (bad magic)");
        }
        ByteBuffer view = ByteBuffer.wrap(bytes);
        int version = view.getInt(MAGIC.length);
        if (version != VERSION) {
            throw new CheckpointException(file, "version " + version + " is not supported (this build reads "
                    + VERSION + ")");
        }
        int length = view.getInt(MAGIC.length + 4);
        if (length < 0 || HEADER + (long) length + TRAILER != bytes.length) {
            throw new CheckpointException(file, "torn: header says " + length + " bytes of entries, file holds "
                    + (bytes.length - HEADER - TRAILER));
        }
        int stored = view.getInt(HEADER + length);
        if (stored != (int) crc(bytes, MAGIC.length, HEADER - MAGIC.length + length)) {
            throw new CheckpointException(file, "corrupt: checksum mismatch");
        }
        try {
            return Optional.of(decode(bytes, HEADER, length));
        } catch (EOFException | IllegalArgumentException e) {
            throw new CheckpointException(file, "corrupt: " + e.getMessage());
        }
    }

    private static byte[] encode(TailerPositions positions) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(positions.files().size());
            for (FilePosition position : positions.files()) {
                out.writeUTF(position.sequence());
                out.writeUTF(position.path());
                out.writeLong(position.identity().device());
                out.writeLong(position.identity().inode());
                out.writeInt(position.identity().fingerprintLength());
                out.writeLong(position.identity().fingerprint());
                out.writeLong(position.offset());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // cannot happen writing to memory
        }
        return bytes.toByteArray();
    }

    private static TailerPositions decode(byte[] bytes, int offset, int length) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes, offset, length));
        int count = in.readInt();
        if (count < 0) {
            throw new IllegalArgumentException("negative entry count " + count);
        }
        List<FilePosition> files = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String sequence = in.readUTF();
            String path = in.readUTF();
            FileIdentity identity = new FileIdentity(in.readLong(), in.readLong(), in.readInt(), in.readLong());
            files.add(new FilePosition(sequence, path, identity, in.readLong()));
        }
        if (in.available() != 0) {
            throw new IllegalArgumentException(in.available() + " bytes after the last entry");
        }
        return new TailerPositions(files);
    }

    private static long crc(byte[] bytes, int offset, int length) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, offset, length);
        return crc.getValue();
    }
}
