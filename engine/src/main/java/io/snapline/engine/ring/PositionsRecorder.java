package io.snapline.engine.ring;

import io.snapline.records.PositionsCodec;
import io.snapline.tailer.FileIdentity;
import io.snapline.tailer.TailedFile;
import io.snapline.tailer.Tailer;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Encodes where every tailed file stands into a batch's positions, once per batch on the reader
 * thread, in the very bytes {@link PositionsCodec#encode} gives for {@link Tailer#positions()}.
 * Going through {@code positions()} made a list, a record per file and two UTF-8 arrays per file
 * for every batch; here the tailer's files are walked in place and each file's names are kept
 * encoded, so in steady state (the same files) a batch allocates nothing.
 *
 * <p>The names are kept by place in the walk, each with the file and the {@link Path} object it
 * was encoded from; the tailer walks its files in the same order every time, so a place whose
 * file or path object differs (a new hour file, a file forgotten, a rename) is encoded again,
 * and only then. A file's sequence never changes; its path is replaced, never mutated. Reader
 * thread only, like the tailer it reads: no locks.
 */
final class PositionsRecorder {

    private static final int INITIAL_FILES = 16;

    /** Collects the tailer's files; made once, so the walk is no capturing lambda per batch. */
    private final Consumer<TailedFile> collect = this::collect;

    /** The files of the last walk, in the tailer's order, and their names as encoded. */
    private TailedFile[] files = new TailedFile[INITIAL_FILES];
    private Path[] paths = new Path[INITIAL_FILES];
    private byte[][] sequenceBytes = new byte[INITIAL_FILES][];
    private byte[][] pathBytes = new byte[INITIAL_FILES][];
    private int count;
    /** Places holding a file, which may be more than {@link #count} after a walk that threw. */
    private int held;
    private int encodedLength;

    /**
     * Encodes the positions of every file the tailer knows into {@code target} (grown if too
     * small) and returns the array holding them; {@link #length()} gives their length.
     *
     * @param readingFile    the file whose read is under way, or null; the tailer updates its
     *                       position only when the read ends, so {@code readingFileEnd} (the end
     *                       of the last line taken from it) is recorded instead, with its identity
     * @param readingFileEnd used only with a reading file
     */
    byte[] encode(Tailer tailer, TailedFile readingFile, long readingFileEnd, byte[] target) {
        count = 0;
        encodedLength = PositionsCodec.COUNT_BYTES;
        tailer.forEachFile(collect);
        if (count < held) {
            // Places left over from a bigger set: let forgotten files go.
            Arrays.fill(files, count, held, null);
            Arrays.fill(paths, count, held, null);
            Arrays.fill(sequenceBytes, count, held, null);
            Arrays.fill(pathBytes, count, held, null);
            held = count;
        }
        byte[] out = PositionsCodec.withRoom(target, encodedLength);
        int at = PositionsCodec.putCount(out, count);
        for (int i = 0; i < count; i++) {
            TailedFile file = files[i];
            boolean reading = readingFile != null && isReadingFile(file, readingFile);
            FileIdentity identity = reading ? readingFile.identity() : file.identity();
            long offset = reading ? readingFileEnd : file.position();
            at = PositionsCodec.putEntry(out, at, sequenceBytes[i], pathBytes[i], identity, offset);
        }
        return out;
    }

    /** Bytes the last {@link #encode} wrote. */
    int length() {
        return encodedLength;
    }

    private void collect(TailedFile file) {
        int place = count;
        if (place == files.length) {
            grow();
        }
        Path path = file.path();
        if (files[place] != file || paths[place] != path) {
            // Encoded before the file is put in its place: if a name is refused, the place stays stale.
            sequenceBytes[place] = PositionsCodec.utf8(file.sequence());
            pathBytes[place] = PositionsCodec.utf8(path.toString());
            files[place] = file;
            paths[place] = path;
            held = Math.max(held, place + 1);
        }
        encodedLength += PositionsCodec.entryLength(sequenceBytes[place], pathBytes[place]);
        count = place + 1;
    }

    private void grow() {
        int size = 2 * files.length;
        files = Arrays.copyOf(files, size);
        paths = Arrays.copyOf(paths, size);
        sequenceBytes = Arrays.copyOf(sequenceBytes, size);
        pathBytes = Arrays.copyOf(pathBytes, size);
    }

    /**
     * Matched as {@code positions()}-based recording matched it, by sequence, device and inode
     * rather than by object, so the bytes are the same in every case.
     */
    private static boolean isReadingFile(TailedFile file, TailedFile readingFile) {
        FileIdentity identity = file.identity();
        FileIdentity reading = readingFile.identity();
        return identity.device() == reading.device() && identity.inode() == reading.inode()
                && file.sequence().equals(readingFile.sequence());
    }
}
