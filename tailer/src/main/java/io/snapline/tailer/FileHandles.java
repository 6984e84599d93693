package io.snapline.tailer;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Opens and closes the tailer's descriptors, and keeps the back-off of files that cannot be read.
 * Shared by {@link Tailer} (reading) and {@link Discovery} (a file renamed while stopped is opened
 * where it was found), so both open a file the same way and report the same events.
 */
final class FileHandles {

    private final TailerEvents events;
    private final PathGuard guard;
    private final FileOpener opener;
    private final Fingerprinter fingerprinter;
    private final long graceNanos;
    private final Runnable requestDiscovery;

    FileHandles(TailerEvents events, PathGuard guard, FileOpener opener, Fingerprinter fingerprinter,
                long graceNanos, Runnable requestDiscovery) {
        this.events = events;
        this.guard = guard;
        this.opener = opener;
        this.fingerprinter = fingerprinter;
        this.graceNanos = graceNanos;
        this.requestDiscovery = requestDiscovery;
    }

    static boolean retryDue(TailedFile file, long now) {
        return file.unreadable == null || now - file.retryAtNanos >= 0;
    }

    /** Opens the file for reading; false if it is gone, replaced or unreadable (then reported). */
    boolean open(TailedFile file, long now) throws IOException {
        FileChannel channel;
        try {
            if (!guard.openable(file.path)) {
                requestDiscovery.run(); // replaced by a link, a FIFO or a directory since discovery
                return false;
            }
            channel = opener.open(file.path);
        } catch (NoSuchFileException e) {
            return false; // gone since discovery; the next discovery says so
        } catch (IOException e) {
            unreadable(file, e, now);
            return false;
        }
        boolean ok = false;
        try {
            Map<String, Object> attributes = Files.readAttributes(file.path, "unix:dev,ino,lastModifiedTime");
            if (!file.identity.sameInode(FileStat.number(attributes, "dev"), FileStat.number(attributes, "ino"))) {
                requestDiscovery.run(); // replaced between discovery and open
                return false;
            }
            // Whether the inode still holds the bytes we read (not rewritten while closed, not
            // reused) is the reader's check, made on every read, the first after this one included.
            long modifiedMillis = ((FileTime) attributes.get("lastModifiedTime")).toMillis();
            long idleNanos = TimeUnit.MILLISECONDS.toNanos(Math.max(0, System.currentTimeMillis() - modifiedMillis));
            // A backlog file that has been quiet for a while needs no grace period after it is read.
            file.lastGrowthNanos = now - Math.min(idleNanos, graceNanos);
            file.channel = channel;
            file.atEnd = false;
            ok = true;
        } catch (NoSuchFileException e) {
            return false;
        } catch (IOException e) {
            unreadable(file, e, now);
            return false;
        } finally {
            if (!ok) {
                channel.close();
            }
        }
        events.fileOpened(file);
        return true;
    }

    void close(TailedFile file) throws IOException {
        FileChannel channel = file.channel;
        file.channel = null;
        channel.close();
        events.fileClosed(file);
    }

    /** The file could not be opened or read: closed, skipped, and tried again after a back-off. */
    void unreadable(TailedFile file, IOException cause, long now) {
        if (file.channel != null) {
            try {
                close(file);
            } catch (IOException e) {
                cause.addSuppressed(e);
            }
        }
        boolean first = file.unreadable == null;
        file.retryDelayNanos = first ? Tailer.RETRY_FIRST.toNanos()
                : Math.min(file.retryDelayNanos * 2, Tailer.RETRY_MAX.toNanos());
        file.retryAtNanos = now + file.retryDelayNanos;
        file.unreadable = cause;
        if (first) {
            events.pathUnreadable(file.sequence(), file.path, cause);
        }
    }

    void readableAgain(TailedFile file) {
        file.unreadable = null;
        file.retryDelayNanos = 0;
        events.pathReadable(file.sequence(), file.path);
    }

    /** Whether the file at {@code path} starts with the bytes {@code file} was fingerprinted from. */
    boolean sameContent(TailedFile file, Path path) throws IOException {
        try (FileChannel channel = opener.open(path)) {
            return fingerprinter.matches(file.identity, channel);
        } catch (NoSuchFileException e) {
            return false;
        } catch (IOException e) {
            // Cannot tell now: keep the position. The reader checks the fingerprint on every read,
            // so other content is still caught (and read from 0) once the file can be read.
            return true;
        }
    }
}
