package io.snapline.sidecar.ops;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.snapline.tailer.TailedFile;
import io.snapline.tailer.Tailer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Warns before the node prunes a file Snapline has not finished reading. The node deletes files
 * older than {@code pruneAfter} (48 h); a file still holding unread bytes when that happens is
 * lost. The age is the file's last modification, when the node last wrote it.
 *
 * <p>Called on the reader thread with the tailer (about once a second); it looks at the files at
 * most every {@link #CHECK_INTERVAL}, one {@code stat} per file with unread bytes.
 */
public final class LagGuard implements Consumer<Tailer>, AutoCloseable {

    static final Duration CHECK_INTERVAL = Duration.ofSeconds(10);
    private static final Duration REPEAT_WARNING = Duration.ofMinutes(10);
    private static final Logger LOG = LoggerFactory.getLogger("snapline.lag");

    private final Duration pruneAfter;
    private final Duration warnBefore;
    private final Clock clock;
    private final MeterRegistry registry;
    private final Gauge ageGauge;
    private volatile long oldestUnreadAgeMillis;
    private long nextCheck = Long.MIN_VALUE;
    private long nextWarning = Long.MIN_VALUE;
    private Path oldestPath;
    private long oldestModified;

    public LagGuard(Duration pruneAfter, Duration warnBefore, MeterRegistry registry, Clock clock) {
        this.pruneAfter = pruneAfter;
        this.warnBefore = warnBefore;
        this.clock = clock;
        this.registry = registry;
        this.ageGauge = Gauge.builder("snapline.lag.oldest.unread.age", this, guard -> guard.oldestUnreadAgeMillis / 1000.0)
                .baseUnit("seconds")
                .description("age of the oldest file with unread bytes; the node prunes files at " + pruneAfter.toHours() + " h")
                .register(registry);
    }

    @Override
    public void accept(Tailer tailer) {
        long now = clock.millis();
        if (now < nextCheck) {
            return;
        }
        nextCheck = now + CHECK_INTERVAL.toMillis();
        oldestPath = null;
        oldestModified = Long.MAX_VALUE;
        tailer.forEachFile(this::consider);
        check(now, oldestPath, oldestModified);
    }

    private void consider(TailedFile file) {
        if (file.lagBytes() <= 0 || file.isGone()) {
            return;
        }
        try {
            long modified = Files.getLastModifiedTime(file.path()).toMillis();
            if (modified < oldestModified) {
                oldestModified = modified;
                oldestPath = file.path();
            }
        } catch (NoSuchFileException e) {
            // gone since the last poll: the tailer notices and says so
        } catch (IOException e) {
            LOG.debug("cannot read the modification time of {}: {}", file.path(), e.toString());
        }
    }

    /** Judges the oldest unread file; package-private so a test can feed it ages directly. */
    void check(long now, Path oldest, long modifiedMillis) {
        if (oldest == null) {
            oldestUnreadAgeMillis = 0;
            nextWarning = Long.MIN_VALUE;
            return;
        }
        long age = Math.max(0, now - modifiedMillis);
        oldestUnreadAgeMillis = age;
        long warnAt = pruneAfter.minus(warnBefore).toMillis();
        if (age < warnAt) {
            nextWarning = Long.MIN_VALUE;
            return;
        }
        if (now >= nextWarning) {
            nextWarning = now + REPEAT_WARNING.toMillis();
            LOG.warn("lag: {} still has unread bytes and was last written {} h {} min ago; the node prunes files "
                            + "after {} h, so its unread lines are lost if Snapline does not catch up in {} min",
                    oldest, TimeUnit.MILLISECONDS.toHours(age), TimeUnit.MILLISECONDS.toMinutes(age) % 60,
                    pruneAfter.toHours(), Math.max(0, TimeUnit.MILLISECONDS.toMinutes(pruneAfter.toMillis() - age)));
        }
    }

    @Override
    public void close() {
        registry.remove(ageGauge);
    }
}
