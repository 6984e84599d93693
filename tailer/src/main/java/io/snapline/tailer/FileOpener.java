package io.snapline.tailer;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * How the tailer opens a file for reading. A seam for tests, not a file-system mock: CI runs as
 * root, which {@code chmod 000} does not stop, so a test hands the tailer an opener that fails for
 * one path the way the kernel would ({@code AccessDeniedException}), or opens something whose reads
 * really fail, and every other path opens as usual.
 */
@FunctionalInterface
interface FileOpener {

    FileOpener READ_ONLY = path -> FileChannel.open(path, StandardOpenOption.READ);

    FileChannel open(Path path) throws IOException;
}
