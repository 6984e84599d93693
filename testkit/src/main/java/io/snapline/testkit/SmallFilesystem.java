package io.snapline.testkit;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A real filesystem small enough to fill: a tmpfs of a given size mounted on a directory, for the
 * tests of what happens when the queue's disk runs out. Nothing else makes a real filesystem full
 * without filling the host's disk, and a mock would not show the mapped file's fault.
 *
 * <p>Mounting needs root (CI runs as root); where it is refused, {@link #mount} skips the test
 * through a JUnit assumption. {@link #close()} unmounts lazily ({@code umount -l}): a mapping
 * still being unmapped would make a plain unmount fail and leave the mount behind, and a mount
 * that cannot be removed fails the test.
 */
public final class SmallFilesystem implements AutoCloseable {

    private static final long COMMAND_TIMEOUT_SECONDS = 30;

    private final Path root;

    private SmallFilesystem(Path root) {
        this.root = root;
    }

    /** Mounts a tmpfs of {@code sizeMiB} on {@code directory} (created if missing), or skips the test. */
    public static SmallFilesystem mount(Path directory, int sizeMiB) throws IOException, InterruptedException {
        Files.createDirectories(directory);
        boolean mounted = run("mount", "-t", "tmpfs", "-o", "size=" + sizeMiB + "m", "tmpfs", directory.toString());
        assumeTrue(mounted, "mounting a tmpfs is not permitted here (needs root): no small real filesystem to fill");
        return new SmallFilesystem(directory);
    }

    public Path root() {
        return root;
    }

    public long usableBytes() throws IOException {
        return Files.getFileStore(root).getUsableSpace();
    }

    /**
     * Writes a file of {@code blockBytes} blocks until at most {@code freeBytes} are left, as
     * something else filling the disk would; deleting the returned file gives the space back.
     */
    public Path fillUntilFree(long freeBytes, int blockBytes) throws IOException {
        Path filler = root.resolve("filler");
        try (RandomAccessFile out = new RandomAccessFile(filler.toFile(), "rw")) {
            byte[] block = new byte[blockBytes];
            while (usableBytes() > freeBytes) {
                out.write(block);
            }
        }
        return filler;
    }

    @Override
    public void close() throws IOException {
        boolean unmounted;
        try {
            unmounted = run("umount", "-l", root.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            unmounted = false;
        }
        if (!unmounted) {
            throw new IOException("could not unmount the tmpfs at " + root);
        }
    }

    private static boolean run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getInputStream().transferTo(OutputStream.nullOutputStream());
        if (!process.waitFor(COMMAND_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly(); // not left running behind the test
            return false;
        }
        return process.exitValue() == 0;
    }
}
