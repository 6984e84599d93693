package io.snapline.queue.chronicle;

import io.snapline.engine.output.OutputInUseException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The engine's exclusive claim on a queue directory, held for the output's life: two engines
 * writing one queue would both resume from the same positions and write every line twice. An OS
 * file lock ({@code fcntl}), so a process that dies, even by kill -9, releases it with its
 * descriptors; the file stays and only says who held it last (pid and host, for the message a
 * second instance refuses with).
 *
 * <p>File locks belong to the JVM, not the thread or the channel, and on Linux closing any
 * descriptor of the file releases every lock this process holds on it. So a second output in the
 * same JVM is refused from {@link #HELD} before it opens the file: opening and closing a second
 * channel would silently drop the first one's lock.
 */
final class OutputLock implements AutoCloseable {

    /** Not {@code *.cq4}/{@code *.cq4t}: Chronicle lists and retention deletes only those. */
    static final String FILE_NAME = "snapline.lock";

    /** The directories (real paths) this JVM holds a lock on. */
    private static final Set<Path> HELD = ConcurrentHashMap.newKeySet();

    private final Path key;
    private final FileChannel channel;
    private final FileLock lock;

    private OutputLock(Path key, FileChannel channel, FileLock lock) {
        this.key = key;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the lock on {@code directory} (created if missing) or refuses.
     *
     * @throws OutputInUseException when another process, or another output in this JVM, holds it
     */
    static OutputLock acquire(Path directory) {
        Path file = directory.resolve(FILE_NAME);
        FileChannel channel = null;
        Path key = null;
        try {
            Files.createDirectories(directory);
            Path real = directory.toRealPath();
            if (!HELD.add(real)) {
                throw inUse(directory, file, "pid " + ProcessHandle.current().pid() + " on host " + host()
                        + ", this process");
            }
            key = real;
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                throw inUse(directory, file, holder(channel));
            }
            byte[] self = (ProcessHandle.current().pid() + " " + host() + "\n").getBytes(StandardCharsets.UTF_8);
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(self), 0);
            return new OutputLock(key, channel, lock);
        } catch (IOException e) {
            release(key, channel);
            throw new UncheckedIOException("could not lock queue " + directory + " (" + file + ")", e);
        } catch (RuntimeException e) {
            release(key, channel);
            throw e;
        }
    }

    private static OutputInUseException inUse(Path directory, Path file, String holder) {
        return new OutputInUseException("queue " + directory + " is in use by another Snapline engine (" + holder
                + "; lock file " + file + "): two engines on one queue would write every line twice."
                + " Stop the other instance first (a --drain next to the service, or the old one of a rolling restart)");
    }

    private static void release(Path key, FileChannel channel) {
        closeQuietly(channel);
        if (key != null) {
            HELD.remove(key);
        }
    }

    /** What the holder wrote: "pid 1234 on host h", or why that cannot be said. */
    private static String holder(FileChannel channel) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(512);
        int read = channel.read(buffer, 0);
        String text = read <= 0 ? "" : new String(buffer.array(), 0, read, StandardCharsets.UTF_8).trim();
        String[] parts = text.split(" ", 2);
        if (parts.length != 2) {
            return "holder unknown: the lock file names none yet";
        }
        return "pid " + parts[0] + " on host " + parts[1];
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            String name = ManagementFactory.getRuntimeMXBean().getName(); // "pid@host" on HotSpot
            int at = name.indexOf('@');
            return at < 0 ? "unknown" : name.substring(at + 1);
        }
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // the original failure is what matters
            }
        }
    }

    /** Releases the lock; the file stays, naming the last holder. */
    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException ignored) {
            // closing the channel releases it too
        } finally {
            release(key, channel);
        }
    }
}
