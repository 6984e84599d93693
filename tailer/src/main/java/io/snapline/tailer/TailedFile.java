package io.snapline.tailer;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * What the tailer knows about one file: kept apart from the open descriptor, which comes and goes
 * (a file idle past the grace period is closed, and reopened if it grows again).
 *
 * <p>Mutated only by the tailer's thread. {@link #position()} and {@link #size()} are published
 * for metrics on other threads; they are updated once per read, not per line.
 */
public final class TailedFile {

    private final String sequence;
    volatile Path path;
    FileIdentity identity;

    /** Just after the last whole line handed on; never inside a line. */
    volatile long position;
    /** The latest size seen, by discovery or by a read. */
    volatile long size = -1;
    /** The size when the file was last read; a closed file whose size moved since is reopened. */
    long sizeAtLastRead = -1;

    FileChannel channel;
    boolean atEnd;
    long lastGrowthNanos;
    /** When discovery stopped finding it at its path, or -1 while it is there. */
    long goneSinceNanos = -1;
    /** Discovery rounds in which it was first and last found. */
    long addedInRound = -1;
    long seenInRound = -1;
    /** Restored from positions and not yet matched to a file on disk. */
    boolean awaitingResume;

    /** Why the last open or read failed, while it keeps failing; null when it reads fine. */
    IOException unreadable;
    /** While {@link #unreadable}: when to try again, and the back-off that led there. */
    long retryAtNanos;
    long retryDelayNanos;

    /** A partial last line starts at {@link #position} and holds no newline up to here, or -1. */
    long partialScannedTo = -1;

    /** Start of an over-long line being skipped whose newline has not arrived yet, or -1. */
    long skipStart = -1;
    long skipScannedTo;

    TailedFile(String sequence, Path path, FileIdentity identity, long position) {
        this.sequence = sequence;
        this.path = path;
        this.identity = identity;
        this.position = position;
    }

    /** The {@link FileSequence#name()} of the sequence the file belongs to. */
    public String sequence() {
        return sequence;
    }

    public Path path() {
        return path;
    }

    public FileIdentity identity() {
        return identity;
    }

    /** Offset just after the last whole line handed on. */
    public long position() {
        return position;
    }

    /** The latest size seen, or -1 before the file was first looked at. */
    public long size() {
        return size;
    }

    /** Bytes written but not yet handed on, including a partial last line. */
    public long lagBytes() {
        return Math.max(0, size - position);
    }

    public boolean isOpen() {
        return channel != null;
    }

    /** No longer at its path: deleted, or renamed out of its sequence. It is drained, then forgotten. */
    public boolean isGone() {
        return goneSinceNanos >= 0;
    }

    /** Its last open or read failed (permission denied, an I/O error): skipped, retried with back-off. */
    public boolean isUnreadable() {
        return unreadable != null;
    }

    FilePosition toPosition() {
        return new FilePosition(sequence, path.toString(), identity, position);
    }

    /** Starts over at 0 (truncated, or the inode now holds other content). */
    void restartAtZero() {
        position = 0;
        sizeAtLastRead = -1;
        partialScannedTo = -1;
        skipStart = -1;
        identity = identity.withFingerprint(0, 0);
    }

    @Override
    public String toString() {
        return sequence + ":" + path + "@" + position;
    }
}
