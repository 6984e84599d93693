package io.snapline.tailer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.stream.Stream;

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
 */
public final class Tailer implements AutoCloseable {

    /** First wait before an unreadable file is tried again; doubled on each failure. */
    public static final Duration RETRY_FIRST = Duration.ofSeconds(1);
    /** Longest wait between tries of an unreadable file. */
    public static final Duration RETRY_MAX = Duration.ofSeconds(60);

    private final List<SequenceState> sequences = new ArrayList<>();
    private final TailerConfig config;
    private final LineSink sink;
    private final TailerEvents events;
    private final LongSupplier nanoClock;
    private final Fingerprinter fingerprinter = new Fingerprinter();
    private final FileLineReader reader;
    private final PathGuard guard;
    private final FileOpener opener;
    private final long graceNanos;
    private final long discoveryIntervalNanos;

    private long discoveryRound;
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
            this.sequences.add(new SequenceState(sequence));
        }
        this.config = config;
        this.sink = sink;
        this.events = events;
        this.nanoClock = nanoClock;
        this.opener = opener;
        this.reader = new FileLineReader(config, sink, events, fingerprinter);
        this.guard = new PathGuard(config.followSymlinks());
        this.graceNanos = config.rolloverGrace().toNanos();
        this.discoveryIntervalNanos = config.discoveryInterval().toNanos();
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
            discoveryRound++;
            for (SequenceState state : sequences) {
                discover(state, now);
            }
        }
        long work = 0;
        for (SequenceState state : sequences) {
            work += pollSequence(state, now);
        }
        return work;
    }

    private long pollSequence(SequenceState state, long now) throws IOException {
        long work = 0;
        TailedFile newest = state.newest;
        if (newest != null && !newest.isOpen() && !newest.awaitingResume && retryDue(newest, now)) {
            // Held open even while an older file catches up, so a rename of it cannot lose it.
            open(newest, now);
        }
        List<TailedFile> files = state.files;
        int reached = files.size();
        for (int i = 0; i < files.size(); i++) {
            TailedFile file = files.get(i);
            if (!file.isOpen()) {
                if (file.isGone() || file.awaitingResume || !retryDue(file, now)
                        || (file.unreadable == null && file.size == file.sizeAtLastRead)) {
                    continue; // nothing new since it was last read, or not yet time to try again
                }
                if (!open(file, now)) {
                    continue; // newer files go on meanwhile: one unreadable file holds nothing back
                }
            }
            try {
                work += reader.read(file, now);
            } catch (IOException e) {
                unreadable(file, e, now);
                continue;
            }
            if (file.unreadable != null) {
                readableAgain(file);
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
                closeChannel(file);
                state.forget(file);
            }
        } else if (file != state.newest && idle) {
            closeChannel(file);
        }
    }

    private static boolean retryDue(TailedFile file, long now) {
        return file.unreadable == null || now - file.retryAtNanos >= 0;
    }

    /** The file could not be opened or read: closed, skipped, and tried again after a back-off. */
    private void unreadable(TailedFile file, IOException cause, long now) {
        if (file.channel != null) {
            try {
                closeChannel(file);
            } catch (IOException e) {
                cause.addSuppressed(e);
            }
        }
        boolean first = file.unreadable == null;
        file.retryDelayNanos = first ? RETRY_FIRST.toNanos() : Math.min(file.retryDelayNanos * 2, RETRY_MAX.toNanos());
        file.retryAtNanos = now + file.retryDelayNanos;
        file.unreadable = cause;
        if (first) {
            events.pathUnreadable(file.sequence(), file.path, cause);
        }
    }

    private void readableAgain(TailedFile file) {
        file.unreadable = null;
        file.retryDelayNanos = 0;
        events.pathReadable(file.sequence(), file.path);
    }

    private boolean open(TailedFile file, long now) throws IOException {
        FileChannel channel;
        try {
            if (!guard.openable(file.path)) {
                requestDiscovery(); // replaced by a link, a FIFO or a directory since discovery
                return false;
            }
            channel = opener.open(file.path);
        } catch (NoSuchFileException e) {
            return false; // gone since discovery; the next discovery says so
        } catch (IOException e) {
            unreadable(file, e, now);
            return false;
        }
        boolean ok = false;
        try {
            Map<String, Object> attributes = Files.readAttributes(file.path, "unix:dev,ino,lastModifiedTime");
            if (!file.identity.sameInode(FileStat.number(attributes, "dev"), FileStat.number(attributes, "ino"))) {
                requestDiscovery(); // replaced between discovery and open
                return false;
            }
            // Whether the inode still holds the bytes we read (not rewritten while closed, not
            // reused) is the reader's check, made on every read, the first after this one included.
            long modifiedMillis = ((FileTime) attributes.get("lastModifiedTime")).toMillis();
            long idleNanos = TimeUnit.MILLISECONDS.toNanos(Math.max(0, System.currentTimeMillis() - modifiedMillis));
            // A backlog file that has been quiet for a while needs no grace period after it is read.
            file.lastGrowthNanos = now - Math.min(idleNanos, graceNanos);
            file.channel = channel;
            file.atEnd = false;
            ok = true;
        } catch (NoSuchFileException e) {
            return false;
        } catch (IOException e) {
            unreadable(file, e, now);
            return false;
        } finally {
            if (!ok) {
                channel.close();
            }
        }
        events.fileOpened(file);
        return true;
    }

    private void closeChannel(TailedFile file) throws IOException {
        FileChannel channel = file.channel;
        file.channel = null;
        channel.close();
        events.fileClosed(file);
    }

    private void discover(SequenceState state, long now) throws IOException {
        Listing listing = new Listing();
        try {
            state.sequence.list(listing);
        } catch (IOException e) {
            // The sequence could not say what it holds: nothing is known to be gone, keep it all.
            Path root = state.sequence.root();
            listing.unreadable(root != null ? root : Path.of(state.sequence.name()), e);
            noteUnreadable(state, listing.unreadable());
            return;
        }
        List<Path> paths = listing.files();
        List<TailedFile> found = new ArrayList<>(paths.size());
        Map<Path, String> skipped = new HashMap<>();
        guard.startRound(state.sequence.root());
        for (Path path : paths) {
            FileStat stat;
            try {
                String rejection = guard.rejection(path);
                if (rejection != null) {
                    skipped.put(path, rejection);
                    if (!rejection.equals(state.skipped.get(path))) {
                        events.pathSkipped(state.sequence.name(), path, rejection);
                    }
                    continue;
                }
                stat = guard.stat();
            } catch (NoSuchFileException e) {
                continue; // gone since the listing
            } catch (IOException e) {
                listing.unreadable(path, e);
                continue;
            }
            if (stat == null) {
                continue;
            }
            TailedFile file = state.find(stat.device(), stat.inode());
            if (file != null && file.seenInRound == discoveryRound) {
                continue; // one file reachable by two paths (a link): read it once
            }
            if (file != null && !file.isOpen() && !file.path.equals(path) && !sameContent(file, path)) {
                // A closed file was deleted and the file system gave its inode to this new file.
                file = null;
            }
            if (file == null) {
                file = addFile(state, path, stat);
            } else if (file.awaitingResume) {
                file.awaitingResume = false;
                file.path = path;
                events.fileResumed(file, file.position);
            } else if (!file.path.equals(path)) {
                Path previous = file.path;
                file.path = path;
                events.fileRenamed(file, previous);
                if (file.unreadable != null) {
                    // Reported under its old name, which is no longer the sequence's: a consumer
                    // keyed by path (/healthz) would name it unreadable for good otherwise.
                    events.pathReadable(file.sequence(), previous);
                    events.pathUnreadable(file.sequence(), path, file.unreadable);
                }
            }
            if (file.isGone()) {
                file.goneSinceNanos = -1; // back under a name of the sequence
            }
            file.size = stat.size();
            file.seenInRound = discoveryRound;
            found.add(file);
        }

        state.skipped = skipped;
        noteUnreadable(state, listing.unreadable());

        List<TailedFile> ordered = new ArrayList<>(found.size() + 1);
        for (TailedFile file : state.files) {
            if (file.seenInRound == discoveryRound) {
                continue;
            }
            if (!listing.confirmsGone(file.path)) {
                // Its directory is missing, unreadable or came back empty: that proves nothing, and
                // the position is all that stops the file being read again from 0 when it is back.
                ordered.add(file);
                continue;
            }
            if (file.awaitingResume) {
                resumeRenamedWhileStopped(file, now);
            }
            if (file.isOpen()) {
                if (!file.isGone()) {
                    file.goneSinceNanos = now;
                    events.fileDeleted(file);
                }
                ordered.add(file); // drained first, then forgotten
            } else {
                state.byInode.remove(SequenceState.InodeKey.of(file.identity), file);
                if (!file.awaitingResume) {
                    events.fileDeleted(file);
                }
                if (file.unreadable != null) {
                    readableAgain(file); // no longer counted as unreadable: it is gone
                }
            }
        }
        ordered.addAll(found);
        state.files = ordered;

        TailedFile newest = found.isEmpty() ? null : found.get(found.size() - 1);
        if (state.newest != null && newest != null && newest != state.newest && newest.addedInRound == discoveryRound) {
            events.fileRotated(state.newest, newest);
        }
        state.newest = newest;
        state.discovered = true;
    }

    /** Reports paths that started or stopped failing to read since the last discovery. */
    private void noteUnreadable(SequenceState state, Map<Path, IOException> now) {
        for (Map.Entry<Path, IOException> entry : now.entrySet()) {
            if (!state.unreadable.containsKey(entry.getKey())) {
                events.pathUnreadable(state.sequence.name(), entry.getKey(), entry.getValue());
            }
        }
        for (Path path : state.unreadable.keySet()) {
            if (!now.containsKey(path)) {
                events.pathReadable(state.sequence.name(), path);
            }
        }
        state.unreadable = new HashMap<>(now);
    }

    /**
     * A file from the positions that is no longer at its path may have been renamed out of the
     * sequence while we were stopped ({@code 17} to {@code 17.old}, {@code app.log} to
     * {@code app.log.1}). If its inode is still in the same directory, drain it from there.
     */
    private void resumeRenamedWhileStopped(TailedFile file, long now) throws IOException {
        Path directory = file.path.getParent();
        if (directory == null || file.identity.fingerprintLength() < Fingerprinter.MAX_BYTES) {
            // Without a whole fingerprint (the file held fewer than 64 bytes when last read) a
            // rename cannot be told from another file that took the inode: a copytruncate copy of
            // a file we read starts with the same few bytes, and reading it would repeat its lines.
            return;
        }
        List<Path> entries;
        try (Stream<Path> listing = Files.list(directory)) {
            entries = listing.toList();
        } catch (IOException | UncheckedIOException e) {
            return; // not listable now: it stays awaiting resume, and is looked for again
        }
        for (Path entry : entries) {
            FileStat stat;
            try {
                stat = FileStat.of(entry);
            } catch (IOException e) {
                continue;
            }
            if (stat != null && file.identity.sameInode(stat.device(), stat.inode())) {
                if (!sameContent(file, entry)) {
                    return; // the inode now belongs to another file: ours was deleted
                }
                file.path = entry;
                file.size = stat.size();
                if (open(file, now)) {
                    file.awaitingResume = false;
                    file.goneSinceNanos = now;
                    events.fileResumed(file, file.position);
                }
                return;
            }
        }
    }

    private TailedFile addFile(SequenceState state, Path path, FileStat stat) throws IOException {
        long position = 0;
        boolean firstLook = !state.discovered && !state.resumed;
        if (firstLook && config.startAt() == TailerConfig.StartAt.END) {
            position = endOfLastWholeLine(path, stat.size());
        }
        TailedFile file = new TailedFile(state.sequence.name(), path, new FileIdentity(stat.device(), stat.inode(), 0, 0), position);
        file.addedInRound = discoveryRound;
        state.add(file);
        events.fileAdded(file, position);
        return file;
    }

    /** Whether the file at {@code path} starts with the bytes {@code file} was fingerprinted from. */
    private boolean sameContent(TailedFile file, Path path) throws IOException {
        try (FileChannel channel = opener.open(path)) {
            return fingerprinter.matches(file.identity, channel);
        } catch (NoSuchFileException e) {
            return false;
        } catch (IOException e) {
            // Cannot tell now: keep the position. The reader checks the fingerprint on every read,
            // so other content is still caught (and read from 0) once the file can be read.
            return true;
        }
    }

    /** The offset just after the last newline among the first {@code size} bytes, or 0. */
    private static long endOfLastWholeLine(Path path, long size) throws IOException {
        ByteBuffer chunk = ByteBuffer.allocate(64 << 10);
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            long end = size;
            while (end > 0) {
                long start = Math.max(0, end - chunk.capacity());
                chunk.clear().limit((int) (end - start));
                while (chunk.hasRemaining() && channel.read(chunk, start + chunk.position()) > 0) {
                    // fill the chunk
                }
                for (int i = chunk.position() - 1; i >= 0; i--) {
                    if (chunk.get(i) == '\n') {
                        return start + i + 1;
                    }
                }
                end = start;
            }
        } catch (IOException e) {
            return 0; // gone, or unreadable now: read from its start once it can be (nothing lost)
        }
        return 0;
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
