package io.snapline.tailer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * One discovery round of the tailer: lists every sequence, matches what it finds to the files it
 * knows (by device and inode, checking the fingerprint where an inode may have been reused), adds
 * new files, notices renamed, deleted and unreadable ones, and, for node streams, decides which
 * layout is read ({@link StreamLayouts}). Runs on the tailer's thread, at most every discovery
 * interval; never per line.
 *
 * <p>A stored position is dropped only when its file is positively gone ({@link Listing#confirmsGone}),
 * never because a listing failed or came back empty.
 */
final class Discovery {

    private final TailerConfig config;
    private final TailerEvents events;
    private final PathGuard guard;
    private final FileHandles handles;
    private long round;

    Discovery(TailerConfig config, TailerEvents events, PathGuard guard, FileHandles handles) {
        this.config = config;
        this.events = events;
        this.guard = guard;
        this.handles = handles;
    }

    /** Lists every sequence: the grouped node streams, then the sequences of no group (globs). */
    void run(List<SequenceState> states, List<StreamLayouts> groups, long now) throws IOException {
        round++;
        for (StreamLayouts group : groups) {
            discover(group, now);
        }
        for (SequenceState state : states) {
            if (state.layouts == null) {
                discover(state, now);
            }
        }
        if (round == 1) {
            reportLayouts(groups);
        }
    }

    private void reportLayouts(List<StreamLayouts> groups) {
        Map<Path, List<StreamLayout>> byRoot = new LinkedHashMap<>();
        for (StreamLayouts group : groups) {
            byRoot.computeIfAbsent(group.root(), root -> new ArrayList<>()).add(group.report());
        }
        byRoot.forEach(events::layoutsFound);
    }

    /** Lists every layout of the stream, decides which is read, then takes in each configured one. */
    private void discover(StreamLayouts group, long now) throws IOException {
        NodeLayout[] layouts = NodeLayout.values();
        LayoutFiles[] seen = new LayoutFiles[layouts.length];
        Listing[] listings = new Listing[layouts.length];
        for (NodeLayout layout : layouts) {
            Listing listing = new Listing();
            SequenceState state = group.state(layout);
            try {
                group.listed(layout).list(listing);
                listings[layout.ordinal()] = listing;
            } catch (IOException e) {
                if (state != null) {
                    unlisted(state, e);
                }
            }
            seen[layout.ordinal()] = listings[layout.ordinal()] == null ? LayoutFiles.none(layout)
                    : LayoutFiles.of(layout, listing.files());
        }
        group.decide(seen, round == 1, events);
        for (NodeLayout layout : layouts) {
            SequenceState state = group.state(layout);
            if (state != null && listings[layout.ordinal()] != null) {
                group.startRound(layout);
                take(state, listings[layout.ordinal()], group, layout, now);
            }
        }
    }

    private void discover(SequenceState state, long now) throws IOException {
        Listing listing = new Listing();
        try {
            state.sequence.list(listing);
        } catch (IOException e) {
            unlisted(state, e);
            return;
        }
        take(state, listing, null, null, now);
    }

    /** The sequence could not say what it holds: nothing is known to be gone, keep it all. */
    private void unlisted(SequenceState state, IOException cause) {
        Listing listing = new Listing();
        Path root = state.sequence.root();
        listing.unreadable(root != null ? root : Path.of(state.sequence.name()), cause);
        noteUnreadable(state, listing.unreadable());
    }

    /**
     * Matches the listing to the sequence's known files. With {@code group}, a file not known yet
     * joins only if the group admits it (it is in its layout's hours); known files always stay.
     */
    private void take(SequenceState state, Listing listing, StreamLayouts group, NodeLayout layout, long now)
            throws IOException {
        List<Path> paths = listing.files();
        List<TailedFile> found = new ArrayList<>(paths.size());
        Map<Path, String> skipped = new HashMap<>();
        guard.startRound(state.sequence.root());
        for (Path path : paths) {
            if (group != null && !group.admits(layout, path) && !state.knowsPath(path)) {
                group.notAdmitted(layout, path, round == 1);
                continue; // another layout's hour: not read, and not reported as skipped either
            }
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
            if (file != null && file.seenInRound == round) {
                continue; // one file reachable by two paths (a link): read it once
            }
            if (file != null && !file.isOpen() && !file.path.equals(path) && !handles.sameContent(file, path)) {
                // A closed file was deleted and the file system gave its inode to this new file.
                file = null;
            }
            if (file == null) {
                file = addFile(state, path, stat, group == null ? 0 : group.startOf(layout, path));
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
            file.seenInRound = round;
            found.add(file);
        }

        state.skipped = skipped;
        noteUnreadable(state, listing.unreadable());

        List<TailedFile> ordered = new ArrayList<>(found.size() + 1);
        for (TailedFile file : state.files) {
            if (file.seenInRound == round) {
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
                    handles.readableAgain(file); // no longer counted as unreadable: it is gone
                }
            }
        }
        ordered.addAll(found);
        state.files = ordered;

        TailedFile newest = found.isEmpty() ? null : found.get(found.size() - 1);
        if (state.newest != null && newest != null && newest != state.newest && newest.addedInRound == round) {
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
                if (!handles.sameContent(file, entry)) {
                    return; // the inode now belongs to another file: ours was deleted
                }
                file.path = entry;
                file.size = stat.size();
                if (handles.open(file, now)) {
                    file.awaitingResume = false;
                    file.goneSinceNanos = now;
                    events.fileResumed(file, file.position);
                }
                return;
            }
        }
    }

    /**
     * @param heldBefore bytes the file held before its layout became the one read (see
     *                   {@link StreamLayouts#startOf}); reading starts after the last whole line of them
     */
    private TailedFile addFile(SequenceState state, Path path, FileStat stat, long heldBefore) throws IOException {
        long position = 0;
        boolean firstLook = !state.discovered && !state.resumed;
        if (firstLook && config.startAt() == TailerConfig.StartAt.END) {
            position = endOfLastWholeLine(path, stat.size());
        } else if (heldBefore > 0) {
            position = endOfLastWholeLine(path, Math.min(heldBefore, stat.size()));
        }
        TailedFile file = new TailedFile(state.sequence.name(), path, new FileIdentity(stat.device(), stat.inode(), 0, 0), position);
        file.addedInRound = round;
        state.add(file);
        events.fileAdded(file, position);
        return file;
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
}
