package io.snapline.tailer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What one discovery of a {@link FileSequence} saw: the files, the directories it listed without
 * error, and the paths it could not read. The tailer needs more than the files: a file missing from
 * a listing is only gone if the listing could have seen it. A directory that failed to list, or is
 * not there at all (a late mount, {@code hl/data} moved aside for a moment), says nothing about the
 * files that were in it, and their positions must outlive it.
 *
 * <p>Made once per discovery, never per line.
 */
public final class Listing {

    private final List<Path> files = new ArrayList<>();
    private final Set<Path> listed = new HashSet<>();
    private final Map<Path, IOException> unreadable = new LinkedHashMap<>();
    private boolean complete;

    /** A file of the sequence, in the sequence's order (oldest first). */
    public void file(Path path) {
        files.add(path);
    }

    /** A directory was listed without error: a file that was in it and is not any more is gone. */
    public void listed(Path directory) {
        listed.add(directory);
    }

    /** A directory or file could not be read; what is under it is not known to be gone. */
    public void unreadable(Path path, IOException cause) {
        unreadable.put(path, cause);
    }

    /**
     * The files are every file of the sequence, for a sequence that cannot say which directories it
     * listed: any file not among them is gone. Discouraged: a failed listing then loses positions.
     */
    public void complete() {
        complete = true;
    }

    List<Path> files() {
        return files;
    }

    Map<Path, IOException> unreadable() {
        return unreadable;
    }

    /**
     * Whether a file not among {@link #files()} is positively gone. Its own directory was listed
     * without error and does not hold it: gone. Its directory is missing but a directory above it
     * was listed (a day directory deleted by retention): gone too, unless the whole listing came
     * back empty, which is what a moved-aside or freshly recreated directory looks like. Anything
     * on the way that failed to read, or no listed directory above it at all (the hourly directory
     * or the whole data root missing), proves nothing: the position is kept.
     */
    boolean confirmsGone(Path file) {
        if (complete) {
            return true;
        }
        Path parent = file.getParent();
        for (Path at = file; at != null; at = at.getParent()) {
            if (unreadable.containsKey(at)) {
                return false;
            }
            if (at != file && listed.contains(at)) {
                return at.equals(parent) || !files.isEmpty();
            }
        }
        return false;
    }
}
