package io.snapline.tailer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashMap;
import java.util.Map;

/**
 * Decides whether a path a sequence found may be opened: only regular files, and (unless links are
 * allowed) only files that really are under the sequence's root. A symbolic link {@code
 * hourly/20261122/5 -> /etc/passwd} would otherwise put another file's lines in the queue, and a
 * FIFO blocks the reader thread in {@code open} until something writes to it.
 *
 * <p>Per discovery, one {@code lstat} per file (which also gives the tailer the file's device,
 * inode and size: {@link #stat()}) and one {@code realpath} per directory, remembered for the
 * round, so a day of hour files costs one.
 */
final class PathGuard {

    private final boolean followLinks;
    private final Map<Path, Boolean> directoryInside = new HashMap<>();
    private static final String ATTRIBUTES = "unix:dev,ino,size,mode";
    private static final int TYPE_MASK = 0170000;
    private static final int TYPE_LINK = 0120000;
    private static final int TYPE_REGULAR = 0100000;
    private static final int TYPE_DIRECTORY = 0040000;

    private Path root;
    private Path realRoot;
    private FileStat stat;

    PathGuard(boolean followLinks) {
        this.followLinks = followLinks;
    }

    /** Starts a discovery round for a sequence rooted at {@code root} (null: no confinement). */
    void startRound(Path root) {
        directoryInside.clear();
        this.root = root;
        this.realRoot = null;
        if (root != null && !followLinks) {
            try {
                realRoot = root.toRealPath(); // links in the configured root itself are the operator's choice
            } catch (IOException e) {
                realRoot = null; // not there: the listing is empty anyway
            }
        }
    }

    /**
     * Whether the path may be opened without blocking or leaving the root through a link: a
     * regular file, or a link to one when links are followed. Checked again right before an open,
     * because the path may have been replaced since discovery.
     *
     * @throws NoSuchFileException if nothing is at the path (any more)
     */
    boolean openable(Path path) throws IOException {
        BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (attributes.isSymbolicLink() && followLinks) {
            attributes = Files.readAttributes(path, BasicFileAttributes.class);
        }
        return attributes.isRegularFile();
    }

    /**
     * Why the path must not be read, or null if it may be.
     *
     * @throws NoSuchFileException if nothing is at the path (any more)
     */
    String rejection(Path path) throws IOException {
        stat = null;
        Map<String, Object> attributes = Files.readAttributes(path, ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
        int type = (int) FileStat.number(attributes, "mode") & TYPE_MASK;
        if (type == TYPE_LINK) {
            if (!followLinks) {
                return "a symbolic link (engine.follow_symlinks is false)";
            }
            attributes = Files.readAttributes(path, ATTRIBUTES); // the file it points to
            type = (int) FileStat.number(attributes, "mode") & TYPE_MASK;
        }
        if (type != TYPE_REGULAR) {
            return type == TYPE_DIRECTORY ? "a directory" : "not a regular file (a FIFO, socket or device)";
        }
        FileStat found = new FileStat(FileStat.number(attributes, "dev"), FileStat.number(attributes, "ino"),
                FileStat.number(attributes, "size"));
        if (!followLinks && root != null) {
            Path directory = path.toAbsolutePath().getParent();
            Boolean inside = directoryInside.get(directory);
            if (inside == null) {
                inside = realRoot != null && directory.toRealPath().startsWith(realRoot);
                directoryInside.put(directory, inside);
            }
            if (!inside) {
                return "outside " + root + " (through a linked directory)";
            }
        }
        stat = found;
        return null;
    }

    /** Device, inode and size of the file the last {@link #rejection} accepted (of its target, for a link). */
    FileStat stat() {
        return stat;
    }
}
