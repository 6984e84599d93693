package io.snapline.sidecar.ops;

import io.snapline.tailer.TailedFile;
import io.snapline.tailer.TailerEvents;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;

/**
 * One log line per file event on logger {@code snapline.files}: the story of which files were
 * read from where, for the person asking why a line is missing or a file was held open.
 * Events are per file, at most a few an hour per sequence, never per line. Truncation and an
 * over-long line are WARN: both mean data the queue will not hold as written. Opening a
 * descriptor is DEBUG: the paired "closed" line already says the file was read.
 */
public final class FileEventLog implements TailerEvents {

    public static final String LOGGER = "snapline.files";
    private static final Logger LOG = LoggerFactory.getLogger(LOGGER);

    private final Logger log;

    public FileEventLog() {
        this(LOG);
    }

    /** Tests, or a caller that wants the events under another logger. */
    public FileEventLog(Logger log) {
        this.log = log;
    }

    @Override
    public void fileAdded(TailedFile file, long position) {
        log.info("added {} {} at offset {}", file.sequence(), file.path(), position);
    }

    @Override
    public void fileResumed(TailedFile file, long position) {
        log.info("resumed {} {} at offset {}", file.sequence(), file.path(), position);
    }

    @Override
    public void fileRotated(TailedFile previous, TailedFile next) {
        log.info("rotated {} {} -> {}; the previous file drains until its grace period ends ({} bytes unread)",
                next.sequence(), previous.path(), next.path(), previous.lagBytes());
    }

    @Override
    public void fileTruncated(TailedFile file, long previousPosition, long newSize) {
        log.warn("truncated {} {}: was read to offset {}, now {} bytes; reading again from 0",
                file.sequence(), file.path(), previousPosition, newSize);
    }

    @Override
    public void fileDeleted(TailedFile file) {
        log.info("deleted {} {} at offset {}; {}", file.sequence(), file.path(), file.position(),
                file.isOpen() ? "reading what is left, then closing" : "forgotten");
    }

    @Override
    public void fileRenamed(TailedFile file, Path previousPath) {
        log.info("renamed {} {} -> {}", file.sequence(), previousPath, file.path());
    }

    @Override
    public void fileOpened(TailedFile file) {
        log.debug("opened {} {} at offset {}", file.sequence(), file.path(), file.position());
    }

    @Override
    public void fileClosed(TailedFile file) {
        log.info("closed {} {} at offset {}", file.sequence(), file.path(), file.position());
    }

    @Override
    public void lineTooLong(TailedFile file, long startOffset, long length) {
        log.warn("line too long in {} {} at offset {}: {} bytes; skipped and kept as a dead letter",
                file.sequence(), file.path(), startOffset, length);
    }
}
