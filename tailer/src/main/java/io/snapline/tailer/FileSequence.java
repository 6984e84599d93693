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

    /** The files that exist now, oldest first. A missing directory is an empty sequence. */
    List<Path> discover() throws IOException;

    /** Directories whose changes (new files, appends) are worth a file-system watch. */
    List<Path> watchDirectories();
}
