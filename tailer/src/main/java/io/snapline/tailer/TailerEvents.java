package io.snapline.tailer;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * What is worth observing about the files, called on the tailer's thread. Never per line: these
 * are the hooks for logs and metrics. Every method has a no-op default.
 */
public interface TailerEvents {

    TailerEvents NONE = new TailerEvents() {
    };

    /** A file joined its sequence; {@code position} is where reading starts. */
    default void fileAdded(TailedFile file, long position) {
    }

    /** Reading picked up from a position handed back at start. */
    default void fileResumed(TailedFile file, long position) {
    }

    /** A newer file became the sequence's newest; {@code previous} now drains within the grace period. */
    default void fileRotated(TailedFile previous, TailedFile next) {
    }

    /** The file shrank below the read position, or its first bytes changed: reading restarts at 0. */
    default void fileTruncated(TailedFile file, long previousPosition, long newSize) {
    }

    /** The file is no longer at its path (deleted, or renamed out of the sequence). */
    default void fileDeleted(TailedFile file) {
    }

    /** The file moved to another path that is still part of its sequence. */
    default void fileRenamed(TailedFile file, Path previousPath) {
    }

    /** A descriptor was opened for the file. */
    default void fileOpened(TailedFile file) {
    }

    /** The file's descriptor was closed: idle past the grace period, gone, or the tailer closed. */
    default void fileClosed(TailedFile file) {
    }

    /** A line longer than the maximum was skipped. */
    default void lineTooLong(TailedFile file, long startOffset, long length) {
    }

    /**
     * A file or directory of the sequence cannot be read (permission denied, an I/O error). Called
     * once, when it first fails; the tailer skips it, keeps its position and retries with back-off,
     * and every other file goes on. {@link #pathReadable} follows when it no longer fails.
     */
    default void pathUnreadable(String sequence, Path path, IOException cause) {
    }

    /** A path reported by {@link #pathUnreadable} was read again, or is no longer part of the sequence. */
    default void pathReadable(String sequence, Path path) {
    }

    /**
     * A path the sequence listed is not read: a symbolic link, a file whose real path is outside
     * the sequence's root, a FIFO or device. Called once while it stays there.
     */
    default void pathSkipped(String sequence, Path path, String reason) {
    }

    /**
     * After the first discovery: which layout each stream of a node data directory is read in
     * ({@link HourlyFileSequence#activeLayout}) or which are configured. Once per directory.
     */
    default void layoutsFound(Path nodeDataRoot, List<StreamLayout> streams) {
    }

    /**
     * The node writes another layout of the stream now (or, with {@code from} null, the stream's
     * first files appeared after the start). Files of {@code from} the tailer has are read to their
     * end; {@code to} is read from the hour of the switch on.
     */
    default void layoutSwitched(NodeStream stream, NodeLayout from, NodeLayout to) {
    }

    /**
     * A configured layout's newest file is {@code behind} older than the newest file of {@code
     * writing}, another layout of the same stream: the node probably writes that one now. Once,
     * until the layout is no longer stale.
     */
    default void layoutStale(NodeStream stream, NodeLayout configured, NodeLayout writing, Duration behind) {
    }
}
