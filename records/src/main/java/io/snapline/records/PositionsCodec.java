package io.snapline.records;

import static io.snapline.records.LittleEndian.INT;
import static io.snapline.records.LittleEndian.LONG;
import static io.snapline.records.LittleEndian.SHORT;

import io.snapline.tailer.FileIdentity;
import io.snapline.tailer.FilePosition;
import io.snapline.tailer.TailerPositions;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The positions part of a batch document: where every tailed file stands once the batch is
 * durable. Restart reads the last batch's positions and resumes the tailer there, which is what
 * makes a kill -9 neither lose nor repeat a line. Little-endian:
 *
 * <pre>
 *  [i32 count] then count x
 *  [u16 n][sequence UTF-8] [u16 n][path UTF-8] [i64 device] [i64 inode]
 *  [i32 fingerprint length] [i64 fingerprint] [i64 offset]
 * </pre>
 *
 * The layout is written in one place, {@link #putCount} and {@link #putEntry}: {@link #encode}
 * uses them for a {@link TailerPositions}, and the reader's {@code PositionsRecorder} uses them
 * for the tailer's live files with names it keeps encoded, so that a batch's positions cost no
 * allocation. {@link #decode} runs on restart and in tools, so plain Java collections are fine there.
 */
public final class PositionsCodec {

    private static final int FIXED_PER_FILE = 2 + 2 + 8 + 8 + 4 + 8 + 8;
    /** Bytes of the count that starts the positions; the first entry follows. */
    public static final int COUNT_BYTES = 4;

    private PositionsCodec() {
    }

    /**
     * Encodes the positions into {@code target} (grown if too small) and returns the array
     * holding them; {@code lengthOut[0]} receives their length.
     */
    public static byte[] encode(TailerPositions positions, byte[] target, int[] lengthOut) {
        List<FilePosition> files = positions.files();
        List<byte[]> sequences = new ArrayList<>(files.size());
        List<byte[]> paths = new ArrayList<>(files.size());
        int length = COUNT_BYTES;
        for (FilePosition file : files) {
            byte[] sequence = utf8(file.sequence());
            byte[] path = utf8(file.path());
            sequences.add(sequence);
            paths.add(path);
            length += entryLength(sequence, path);
        }
        byte[] out = withRoom(target, length);
        int at = putCount(out, files.size());
        for (int i = 0; i < files.size(); i++) {
            FilePosition file = files.get(i);
            at = putEntry(out, at, sequences.get(i), paths.get(i), file.identity(), file.offset());
        }
        lengthOut[0] = at;
        return out;
    }

    /** Bytes one file's entry takes, with its sequence name and path as {@link #utf8} gives them. */
    public static int entryLength(byte[] sequence, byte[] path) {
        return FIXED_PER_FILE + sequence.length + path.length;
    }

    /** {@code target} if it holds {@code length} bytes, else a new array of at least twice its size. */
    public static byte[] withRoom(byte[] target, int length) {
        return target.length >= length ? target : new byte[Math.max(length, 2 * target.length)];
    }

    /** Starts the positions at index 0 with the number of entries; returns where the first entry goes. */
    public static int putCount(byte[] out, int count) {
        INT.set(out, 0, count);
        return COUNT_BYTES;
    }

    /** Writes one file's entry at {@code at}; returns where the next one goes. */
    public static int putEntry(byte[] out, int at, byte[] sequence, byte[] path, FileIdentity identity, long offset) {
        at = putText(out, at, sequence);
        at = putText(out, at, path);
        LONG.set(out, at, identity.device());
        LONG.set(out, at + 8, identity.inode());
        INT.set(out, at + 16, identity.fingerprintLength());
        LONG.set(out, at + 20, identity.fingerprint());
        LONG.set(out, at + 28, offset);
        return at + 36;
    }

    /** A sequence name or path as an entry holds it. */
    public static byte[] utf8(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > 0xFFFF) {
            throw new IllegalArgumentException("path or sequence name over 65535 bytes: " + text);
        }
        return bytes;
    }

    public static TailerPositions decode(byte[] bytes, int offset, int length) {
        int end = offset + length;
        if (length < 4) {
            throw new IllegalArgumentException("positions of " + length + " bytes: too short for a count");
        }
        int count = (int) INT.get(bytes, offset);
        List<FilePosition> files = new ArrayList<>(Math.max(0, Math.min(count, length / FIXED_PER_FILE)));
        int at = offset + 4;
        for (int i = 0; i < count; i++) {
            int sequenceLength = Short.toUnsignedInt((short) SHORT.get(bytes, at));
            String sequence = new String(bytes, at + 2, sequenceLength, StandardCharsets.UTF_8);
            at += 2 + sequenceLength;
            int pathLength = Short.toUnsignedInt((short) SHORT.get(bytes, at));
            String path = new String(bytes, at + 2, pathLength, StandardCharsets.UTF_8);
            at += 2 + pathLength;
            if (at + 36 > end) {
                throw new IllegalArgumentException("positions truncated in entry " + i + " of " + count);
            }
            FileIdentity identity = new FileIdentity((long) LONG.get(bytes, at), (long) LONG.get(bytes, at + 8),
                    (int) INT.get(bytes, at + 16), (long) LONG.get(bytes, at + 20));
            files.add(new FilePosition(sequence, path, identity, (long) LONG.get(bytes, at + 28)));
            at += 36;
        }
        return new TailerPositions(files);
    }

    /**
     * Where the file entries of a positions blob end: what follows them (the engine's block ledger)
     * is not positions, and {@link #decode} never reads it.
     */
    public static int entriesEnd(byte[] bytes, int offset, int length) {
        int end = offset + length;
        int count = (int) INT.get(bytes, offset);
        int at = offset + COUNT_BYTES;
        for (int i = 0; i < count && at + 4 <= end; i++) {
            at += 2 + Short.toUnsignedInt((short) SHORT.get(bytes, at));
            at += 2 + Short.toUnsignedInt((short) SHORT.get(bytes, at));
            at += 36;
        }
        return Math.min(at, end);
    }

    private static int putText(byte[] out, int at, byte[] text) {
        SHORT.set(out, at, (short) text.length);
        System.arraycopy(text, 0, out, at + 2, text.length);
        return at + 2 + text.length;
    }
}
