package io.snapline.tailer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The tailer's view of one {@link FileSequence}: its known files, oldest first, and the newest. */
final class SequenceState {

    final FileSequence sequence;
    /** Gone files still draining first, then the files found at the last discovery, oldest first. */
    List<TailedFile> files = new ArrayList<>();
    final Map<InodeKey, TailedFile> byInode = new HashMap<>();
    TailedFile newest;
    /** Whether discovery has run once: files found later are always read from their first byte. */
    boolean discovered;
    /** Whether positions were handed back (for any sequence): then no start-at policy applies. */
    boolean resumed;
    /** Paths the last discovery could not read, reported once until they read again. */
    Map<Path, IOException> unreadable = new HashMap<>();
    /** Paths the last discovery found and would not read (links, FIFOs), reported once while there. */
    Map<Path, String> skipped = new HashMap<>();
    /** The layouts of the node stream this sequence is one layout of, or null (a glob). */
    StreamLayouts layouts;

    SequenceState(FileSequence sequence) {
        this.sequence = sequence;
    }

    void add(TailedFile file) {
        byInode.put(InodeKey.of(file.identity), file);
    }

    void forget(TailedFile file) {
        files.remove(file);
        byInode.remove(InodeKey.of(file.identity), file);
        if (newest == file) {
            newest = null;
        }
    }

    /** Whether a known file was last seen at {@code path}; discovery only, so a walk is fine. */
    boolean knowsPath(Path path) {
        for (TailedFile file : files) {
            if (file.path.equals(path)) {
                return true;
            }
        }
        return false;
    }

    /** Whether a file is open with bytes not yet read: after a switch, the old layout still drains. */
    boolean draining() {
        for (TailedFile file : files) {
            if (file.isOpen() && !file.atEnd && file.unreadable == null) {
                return true;
            }
        }
        return false;
    }

    TailedFile find(long device, long inode) {
        return byInode.get(new InodeKey(device, inode));
    }

    record InodeKey(long device, long inode) {
        static InodeKey of(FileIdentity identity) {
            return new InodeKey(identity.device(), identity.inode());
        }
    }
}
