package io.snapline.tailer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * An ordered family of files written one after another, such as one layout of one node stream.
 * The last file in the order is the one being written; earlier ones may still get late writes.
 */
public interface FileSequence {

    /** A stable name for positions and metrics, e.g. {@code node_fills_streaming}. */
    String name();

    /** The files that exist now, oldest first. A missing or unreadable directory adds none. */
    List<Path> discover() throws IOException;

    /**
     * Lists the files into {@code listing}, oldest first, saying which directories were listed
     * without error and which paths could not be read, so that the tailer drops a stored position
     * only for a file positively gone. The default trusts {@link #discover()} to be complete.
     */
    default void list(Listing listing) throws IOException {
        for (Path path : discover()) {
            listing.file(path);
        }
        listing.complete();
    }

    /**
     * The directory every file of the sequence must really be under (after resolving links), or
     * null for no such rule. Links inside it that point inside it are fine.
     */
    default Path root() {
        return null;
    }

    /** Directories whose changes (new files, appends) are worth a file-system watch. */
    List<Path> watchDirectories();
}
