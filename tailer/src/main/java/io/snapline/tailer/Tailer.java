package io.snapline.tailer;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Follows the files of one or more {@link FileSequence}s and hands whole lines to a {@link LineSink}.
 *
 * <p>Deterministic and single-threaded: each {@link #poll()} lists directories when due, reads what
 * is new in each open file, and opens or closes files; tests call it directly with a fake clock, and
 * {@link TailerLoop} calls it on a thread of its own. Within a sequence, files are read oldest first,
 * and a newer file is read only once every older one is read to its end, so a backlog is read in the
 * order it was written.
 *
 * <p>Open descriptors are bounded: the newest file of each sequence, files that are still getting
 * writes or were written within the grace period, and at most one older file being caught up.
 *
 * <p>One file must not stop the others. A file or directory that cannot be read (permission
 * denied, an I/O error) is reported once through {@link TailerEvents#pathUnreadable}, skipped, and
 * retried with back-off ({@link #RETRY_FIRST} doubling to {@link #RETRY_MAX}); its position is
 * kept. Newer files of its sequence are read meanwhile, so its lines arrive late (out of order)
 * but exactly once, from where it was. A stored position is dropped only when its file is
 * positively gone ({@link Listing#confirmsGone}), never because a listing failed or came back empty.
 *
 * <p>Of a node stream followed in its active layout ({@link HourlyFileSequence#activeLayout}), one
 * layout is read at a time ({@link StreamLayouts}); after a switch the old layout's files are
 * drained before the new layout is read. Discovery itself is {@link Discovery}.
 */
public final class Tailer implements AutoCloseable {

    /** First wait before an unreadable file is tried again; doubled on each failure. */
    public static final Duration RETRY_FIRST = Duration.ofSeconds(1);
    /** Longest wait between tries of an unreadable file. */
    public static final Duration RETRY_MAX = Duration.ofSeconds(60);

    private final List<SequenceState> sequences = new ArrayList<>();
    private final List<StreamLayouts> layouts = new ArrayList<>();
    private final TailerConfig config;
    private final LineSink sink;
    private final TailerEvents events;
    private final LongSupplier nanoClock;
    private final FileLineReader reader;
    private final FileHandles handles;
    private final Discovery discovery;
    private final long graceNanos;
    private final long discoveryIntervalNanos;

    private long nextDiscoveryNanos;
    private volatile boolean discoveryRequested = true;
    private boolean polled;
    private boolean closed;

    public Tailer(List<FileSequence> sequences, TailerConfig config, LineSink sink, TailerEvents events) {
        this(sequences, config, sink, events, System::nanoTime);
    }

    /** With a clock of the caller's, so tests decide when the grace period has passed. */
    public Tailer(List<FileSequence> sequences, TailerConfig config, LineSink sink, TailerEvents events,
                  LongSupplier nanoClock) {
        this(sequences, config, sink, events, nanoClock, FileOpener.READ_ONLY);
    }

    /** With an opener of the caller's too: tests make one path fail to open, even as root. */
    Tailer(List<FileSequence> sequences, TailerConfig config, LineSink sink, TailerEvents events,
           LongSupplier nanoClock, FileOpener opener) {
        for (FileSequence sequence : sequences) {
            if (sequenceNamed(sequence.name()) != null) {
                throw new IllegalArgumentException("two file sequences are named " + sequence.name());
            }
            SequenceState state = new SequenceState(sequence);
            if (sequence instanceof HourlyFileSequence hourly) {
                joinLayouts(state, hourly);
            }
            this.sequences.add(state);
        }
        this.config = config;
        this.sink = sink;
        this.events = events;
        this.nanoClock = nanoClock;
        this.graceNanos = config.rolloverGrace().toNanos();
        this.discoveryIntervalNanos = config.discoveryInterval().toNanos();
        Fingerprinter fingerprinter = new Fingerprinter();
        PathGuard guard = new PathGuard(config.followSymlinks());
        this.reader = new FileLineReader(config, sink, events, fingerprinter);
        this.handles = new FileHandles(events, guard, opener, fingerprinter, graceNanos, this::requestDiscovery);
        this.discovery = new Discovery(config, events, guard, handles);
    }

    /** The layouts of one stream of one node data directory are judged together. */
    private void joinLayouts(SequenceState state, HourlyFileSequence sequence) {
        StreamLayouts group = null;
        for (StreamLayouts existing : layouts) {
            if (existing.stream() == sequence.stream() && existing.root().equals(sequence.root())) {
                group = existing;
            }
        }
        if (group == null) {
            group = new StreamLayouts(sequence.root(), sequence.stream(), sequence.followsActiveLayout());
            layouts.add(group);
        } else if (group.followsActive() != sequence.followsActiveLayout()) {
            throw new IllegalArgumentException("layouts of " + sequence.stream().directoryName() + " in "
                    + sequence.root() + " are both followed (activeLayout) and chosen explicitly");
        }
        group.add(sequence.layout(), state);
        state.layouts = group;
    }

    /**
     * Resumes from positions a consumer stored. Call before the first poll. Files are matched by
     * device, inode and fingerprint; a file not among the positions is read from its first byte.
     * Any positions at all mean this is not a first start, so {@link TailerConfig#startAt()} no
     * longer applies to any sequence: a sequence renamed in the configuration is read from its
     * start rather than skipped. Positions of sequences not configured are ignored.
     */
    public void resume(TailerPositions positions) {
        if (polled) {
            throw new IllegalStateException("resume() must come before the first poll()");
        }
        for (SequenceState state : sequences) {
            state.resumed |= !positions.isEmpty();
        }
        for (FilePosition position : positions.files()) {
            SequenceState state = sequenceNamed(position.sequence());
            if (state == null || state.find(position.identity().device(), position.identity().inode()) != null) {
                continue; // not configured any more, or the same file twice
            }
            TailedFile file = new TailedFile(position.sequence(), Path.of(position.path()),
                    position.identity(), position.offset());
            file.awaitingResume = true;
            state.files.add(file);
            state.add(file);
        }
    }

    private SequenceState sequenceNamed(String name) {
        for (SequenceState state : sequences) {
            if (state.sequence.name().equals(name)) {
                return state;
            }
        }
        return null;
    }

    /** Asks the next poll to list directories, e.g. because a watch saw a file created. */
    public void requestDiscovery() {
        discoveryRequested = true;
    }

    /**
     * Does one round of work: discovery when due, then reading every file that has something new.
     *
     * @return bytes read; 0 means there was nothing to do
     */
    public long poll() throws IOException {
        if (closed) {
            throw new IllegalStateException("tailer is closed");
        }
        polled = true;
        long now = nanoClock.getAsLong();
        if (discoveryRequested || now - nextDiscoveryNanos >= 0) {
            discoveryRequested = false;
            nextDiscoveryNanos = now + discoveryIntervalNanos;
            discovery.run(sequences, layouts, now);
        }
        long work = 0;
        for (SequenceState state : sequences) {
            if (state.layouts == null || !state.layouts.isActive(state)) {
                work += pollSequence(state, now);
            }
        }
        // The active layout of a stream after the others, and only once they are drained: after a
        // switch the old layout's last lines come out before the new layout's first.
        for (SequenceState state : sequences) {
            if (state.layouts != null && state.layouts.isActive(state) && !othersDraining(state)) {
                work += pollSequence(state, now);
            }
        }
        return work;
    }

    private static boolean othersDraining(SequenceState active) {
        for (NodeLayout layout : NodeLayout.values()) {
            SequenceState other = active.layouts.state(layout);
            if (other != null && other != active && other.draining()) {
                return true;
            }
        }
        return false;
    }

    private long pollSequence(SequenceState state, long now) throws IOException {
        long work = 0;
        TailedFile newest = state.newest;
        if (newest != null && !newest.isOpen() && !newest.awaitingResume && FileHandles.retryDue(newest, now)) {
            // Held open even while an older file catches up, so a rename of it cannot lose it.
            handles.open(newest, now);
        }
        List<TailedFile> files = state.files;
        int reached = files.size();
        for (int i = 0; i < files.size(); i++) {
            TailedFile file = files.get(i);
            if (!file.isOpen()) {
                if (file.isGone() || file.awaitingResume || !FileHandles.retryDue(file, now)
                        || (file.unreadable == null && file.size == file.sizeAtLastRead)) {
                    continue; // nothing new since it was last read, or not yet time to try again
                }
                if (!handles.open(file, now)) {
                    continue; // newer files go on meanwhile: one unreadable file holds nothing back
                }
            }
            try {
                work += reader.read(file, now);
            } catch (IOException e) {
                handles.unreadable(file, e, now);
                continue;
            }
            if (file.unreadable != null) {
                handles.readableAgain(file);
            }
            if (!file.atEnd) {
                reached = i + 1;
                break; // newer files wait until this one is caught up
            }
        }
        // Only files read in this poll are judged: a newer file skipped above may have new bytes.
        for (int i = reached - 1; i >= 0; i--) {
            closeIfDone(state, files.get(i), now);
        }
        return work;
    }

    private void closeIfDone(SequenceState state, TailedFile file, long now) throws IOException {
        if (!file.isOpen() || !file.atEnd) {
            return;
        }
        boolean idle = now - file.lastGrowthNanos >= graceNanos;
        if (file.isGone()) {
            if (idle || now - file.goneSinceNanos >= graceNanos) {
                handles.close(file);
                state.forget(file);
            }
        } else if (file != state.newest && idle) {
            handles.close(file);
        }
    }

    /**
     * Positions of every file known, for a consumer to store. Files gone from their path but still
     * draining are included: after a restart, one renamed within its directory is found again.
     */
    public TailerPositions positions() {
        List<FilePosition> list = new ArrayList<>();
        for (SequenceState state : sequences) {
            for (TailedFile file : state.files) {
                list.add(file.toPosition());
            }
        }
        return new TailerPositions(list);
    }

    /**
     * Visits every known file, in the order of {@link #positions()}, e.g. to publish per-file lag.
     * Call on the tailer's thread. Allocates nothing itself, so with a visitor made once the walk
     * is allocation-free: the engine records every batch's positions this way.
     */
    public void forEachFile(Consumer<TailedFile> visitor) {
        // Indexed, not for-each: an iterator per call is garbage unless the JIT happens to remove it.
        for (int i = 0; i < sequences.size(); i++) {
            sequences.get(i).files.forEach(visitor);
        }
    }

    /** Directories worth watching for new files and appends. */
    public List<Path> watchDirectories() {
        List<Path> directories = new ArrayList<>();
        for (SequenceState state : sequences) {
            directories.addAll(state.sequence.watchDirectories());
        }
        return directories;
    }

    /** Descriptors the tailer holds now. */
    public int openFileCount() {
        int open = 0;
        for (SequenceState state : sequences) {
            for (TailedFile file : state.files) {
                open += file.isOpen() ? 1 : 0;
            }
        }
        return open;
    }

    /** Capacity of the read buffer: the configured size, or more after a long line. */
    public int readBufferCapacity() {
        return reader.bufferCapacity();
    }

    /** Closes every open file. Positions stay readable. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        IOException failure = null;
        List<TailedFile> closedFiles = new ArrayList<>();
        for (SequenceState state : sequences) {
            for (TailedFile file : state.files) {
                if (file.isOpen()) {
                    FileChannel channel = file.channel;
                    file.channel = null;
                    closedFiles.add(file);
                    try {
                        channel.close();
                    } catch (IOException e) {
                        failure = addTo(failure, e);
                    }
                }
            }
        }
        // Events only once every descriptor is closed: a throwing listener cannot leak one.
        for (TailedFile file : closedFiles) {
            try {
                events.fileClosed(file);
            } catch (RuntimeException e) {
                failure = addTo(failure, new IOException("fileClosed listener failed for " + file, e));
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private static IOException addTo(IOException first, IOException next) {
        if (first == null) {
            return next;
        }
        first.addSuppressed(next);
        return first;
    }
}
