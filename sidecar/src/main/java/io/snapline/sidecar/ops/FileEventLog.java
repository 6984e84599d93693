package io.snapline.sidecar.ops;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.snapline.tailer.NodeLayout;
import io.snapline.tailer.NodeStream;
import io.snapline.tailer.StreamLayout;
import io.snapline.tailer.Tailer;
import io.snapline.tailer.TailedFile;
import io.snapline.tailer.TailerEvents;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * One log line per file event on logger {@code snapline.files}: the story of which files were
 * read from where, for the person asking why a line is missing or a file was held open.
 * Events are per file, at most a few an hour per sequence, never per line. Truncation and an
 * over-long line are WARN: both mean data the queue will not hold as written. Opening a
 * descriptor is DEBUG: the paired "closed" line already says the file was read.
 *
 * <p>Over-long lines are the one event that can come once per line (a by-block backlog full of
 * them), so they are logged at most once a minute, like the block-gap summary, with a count of
 * those not logged; one suppressed costs a comparison and an increment, no allocation.
 *
 * <p>It also keeps the files that cannot be read, for {@code /healthz} (degraded, naming them)
 * and the {@code snapline.files.unreadable} gauge: written on the reader thread, read on the HTTP
 * and scrape threads.
 */
public final class FileEventLog implements TailerEvents, HealthCondition {

    public static final String LOGGER = "snapline.files";
    private static final Logger LOG = LoggerFactory.getLogger(LOGGER);
    /** How often an over-long line is logged at most; the others are counted into the next line. */
    static final long TOO_LONG_LOG_EVERY_NANOS = TimeUnit.MINUTES.toNanos(1);
    /** Unreadable paths named in {@code /healthz}; the rest are counted. */
    private static final int NAMED_IN_HEALTH = 5;

    private final Logger log;
    private final LongSupplier nanoClock;
    private final Map<Path, String> unreadable = new ConcurrentHashMap<>();
    private final AtomicLong unreadableEvents = new AtomicLong();
    private final AtomicLong skipped = new AtomicLong();

    private boolean tooLongLogged;
    private long nextTooLongLogNanos;
    private long tooLongSuppressed;

    public FileEventLog() {
        this(LOG);
    }

    /** Tests, or a caller that wants the events under another logger. */
    public FileEventLog(Logger log) {
        this(log, System::nanoTime);
    }

    /** With a clock of the caller's, so tests decide when the next over-long line may be logged. */
    public FileEventLog(Logger log, LongSupplier nanoClock) {
        this.log = log;
        this.nanoClock = nanoClock;
    }

    /**
     * Registers {@code snapline.files.unreadable} (paths that cannot be read now), {@code
     * snapline.files.unreadable.events} (times a path became unreadable), {@code
     * snapline.files.skipped} (links, FIFOs and files outside the root not read). Over-long lines
     * are counted by the engine's {@code snapline.dead.letters}.
     */
    public FileEventLog registerMeters(MeterRegistry registry) {
        Gauge.builder("snapline.files.unreadable", unreadable, Map::size)
                .description("files and directories of the sources that cannot be read now").register(registry);
        FunctionCounter.builder("snapline.files.unreadable.events", unreadableEvents, AtomicLong::get)
                .description("times a file or directory of the sources became unreadable").register(registry);
        FunctionCounter.builder("snapline.files.skipped", skipped, AtomicLong::get)
                .description("paths found and not read: links, files outside the root, FIFOs, devices")
                .register(registry);
        return this;
    }

    /** Degraded while a file or directory cannot be read: the stream flows, without it. */
    @Override
    public HealthStatus check() {
        if (unreadable.isEmpty()) {
            return null;
        }
        List<String> named = new ArrayList<>();
        int total = 0;
        for (Map.Entry<Path, String> entry : unreadable.entrySet()) {
            total++;
            if (named.size() < NAMED_IN_HEALTH) {
                named.add(entry.getKey() + " (" + entry.getValue() + ")");
            }
        }
        if (total == 0) {
            return null; // emptied meanwhile
        }
        String more = total > named.size() ? ", and " + (total - named.size()) + " more" : "";
        return HealthStatus.degraded(total + (total == 1 ? " file" : " files") + " unreadable: "
                + String.join(", ", named) + more);
    }

    /** Paths that cannot be read now. */
    public int unreadableCount() {
        return unreadable.size();
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
        long now = nanoClock.getAsLong();
        if (tooLongLogged && now - nextTooLongLogNanos < 0) {
            tooLongSuppressed++;
            return;
        }
        tooLongLogged = true;
        nextTooLongLogNanos = now + TOO_LONG_LOG_EVERY_NANOS;
        if (tooLongSuppressed == 0) {
            log.warn("line too long in {} {} at offset {}: {} bytes; skipped and kept as a dead letter",
                    file.sequence(), file.path(), startOffset, length);
        } else {
            log.warn("line too long in {} {} at offset {}: {} bytes; skipped and kept as a dead letter"
                            + " ({} more over-long lines since the last of these were not logged one by one)",
                    file.sequence(), file.path(), startOffset, length, tooLongSuppressed);
            tooLongSuppressed = 0;
        }
    }

    @Override
    public void pathUnreadable(String sequence, Path path, IOException cause) {
        String reason = reason(cause);
        unreadable.put(path, reason);
        unreadableEvents.incrementAndGet();
        log.warn("cannot read {} {}: {}; skipped with its position kept, tried again after {} doubling to {};"
                + " the other files go on", sequence, path, reason, Tailer.RETRY_FIRST, Tailer.RETRY_MAX);
    }

    @Override
    public void pathReadable(String sequence, Path path) {
        if (unreadable.remove(path) != null) {
            log.info("no longer unreadable: {} {}", sequence, path);
        }
    }

    @Override
    public void pathSkipped(String sequence, Path path, String reason) {
        skipped.incrementAndGet();
        log.warn("not reading {} {}: {}", sequence, path, reason);
    }

    @Override
    public void layoutsFound(Path nodeDataRoot, List<StreamLayout> streams) {
        List<String> described = new ArrayList<>();
        for (StreamLayout stream : streams) {
            described.add(stream.describe());
        }
        log.info("layouts in {}: {}", nodeDataRoot, String.join("; ", described));
    }

    @Override
    public void layoutSwitched(NodeStream stream, NodeLayout from, NodeLayout to) {
        if (from == null) {
            log.info("layout of {}: {} (the stream's first files)", stream.directoryName(), to.configName());
        } else {
            log.info("layout of {} switched: {} -> {}; {} is read to its end, {} from the hour of the switch on",
                    stream.directoryName(), from.configName(), to.configName(), from.configName(), to.configName());
        }
    }

    @Override
    public void layoutStale(NodeStream stream, NodeLayout configured, NodeLayout writing, Duration behind) {
        log.warn("layout {} of {} looks stale: its newest file is {} older than {}'s, which the node writes now;"
                        + " list {} in the source's layouts (or leave layouts out to follow the node)",
                configured.configName(), stream.directoryName(), behind, writing.configName(), writing.configName());
    }

    /** What the kernel said, as a person reads it: {@code Permission denied}, {@code Input/output error}. */
    static String reason(IOException cause) {
        if (cause instanceof AccessDeniedException) {
            return "Permission denied";
        }
        if (cause instanceof FileSystemException fileSystem && fileSystem.getReason() != null) {
            return fileSystem.getReason();
        }
        return cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName();
    }
}
