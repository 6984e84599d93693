package io.snapline.records;

import static io.snapline.records.LittleEndian.INT;
import static io.snapline.records.LittleEndian.SHORT;
import static io.snapline.records.RecordLayout.*;

import io.snapline.tailer.TailerPositions;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * A reusable read-only view of one batch document ({@link RecordLayout}) held in a byte array.
 *
 * <p>{@link #wrap} checks the whole frame once: header, sources, the positions blob's extent, and
 * every record's length and source index. After a successful wrap, iterating records cannot run
 * off the document; only a record's fields are checked later, when the record is first read
 * ({@link RecordView}).
 *
 * <p>Steady state allocates nothing per record. Per batch it allocates only the source path
 * strings that are asked for, each decoded once and cached until the next wrap. The bytes are
 * not copied: the view is valid while the caller leaves the array unchanged. Not thread-safe.
 */
public final class BatchView {

    private byte[] bytes;
    private int offset;
    private int length;
    private int version;
    private int sourceCount;
    private int recordCount;
    private int positionsOffset;
    private int positionsLength;
    private int recordsOffset;
    private int recordsLength;

    // Where each source path's UTF-8 bytes are; grown, never shrunk, so a wrap allocates nothing.
    private int[] sourceOffsets = new int[8];
    private int[] sourceLengths = new int[8];
    private String[] sourceCache = new String[8];

    private int cursor;
    private int cursorIndex;
    private final RecordView forEachView = new RecordView();

    /**
     * Points this view at the batch document {@code bytes[offset, offset + length)} and checks
     * its frame.
     *
     * @throws IllegalArgumentException naming what is wrong, if the bytes are not a well-framed
     *     batch document of a version this reader reads; the view is then empty
     */
    public BatchView wrap(byte[] bytes, int offset, int length) {
        clear();
        if (bytes == null) {
            throw new IllegalArgumentException("batch document: no bytes");
        }
        if (offset < 0 || length < 0 || offset > bytes.length - length) {
            throw new IllegalArgumentException("batch document: range [" + offset + ", +" + length
                    + ") is outside the " + bytes.length + "-byte array");
        }
        if (length < BATCH_HEADER_LENGTH) {
            throw new IllegalArgumentException("batch document: " + length + " bytes, shorter than the "
                    + BATCH_HEADER_LENGTH + "-byte header");
        }
        int magic = (int) INT.get(bytes, offset + BATCH_MAGIC_OFFSET);
        if (magic != BATCH_MAGIC) {
            throw new IllegalArgumentException(String.format(
                    "batch document: bad magic 0x%08X, expected 0x%08X (\"SNPB\"): not a Snapline batch", magic, BATCH_MAGIC));
        }
        int version = u16(bytes, offset + BATCH_VERSION_OFFSET);
        if (version < MIN_VERSION || version > VERSION) {
            throw new IllegalArgumentException("batch document: version " + version + ", this reader reads versions "
                    + MIN_VERSION + " to " + VERSION);
        }
        int sources = u16(bytes, offset + BATCH_SOURCE_COUNT_OFFSET);
        int records = (int) INT.get(bytes, offset + BATCH_RECORD_COUNT_OFFSET);
        int positionsLen = (int) INT.get(bytes, offset + BATCH_POSITIONS_LENGTH_OFFSET);
        int recordsLen = (int) INT.get(bytes, offset + BATCH_RECORDS_LENGTH_OFFSET);
        if (records < 0) {
            throw new IllegalArgumentException("batch document: negative record count " + records);
        }
        if (positionsLen < 0) {
            throw new IllegalArgumentException("batch document: negative positions length " + positionsLen);
        }
        if (recordsLen < 0) {
            throw new IllegalArgumentException("batch document: negative records length " + recordsLen);
        }

        int end = offset + length;
        ensureSources(sources);
        int at = offset + BATCH_HEADER_LENGTH;
        for (int i = 0; i < sources; i++) {
            if (end - at < 2) {
                throw new IllegalArgumentException("batch document: source " + i + " of " + sources
                        + " starts past the end of the " + length + "-byte document");
            }
            int pathLength = u16(bytes, at);
            if (end - at - 2 < pathLength) {
                throw new IllegalArgumentException("batch document: source " + i + "'s path (" + pathLength
                        + " bytes) runs past the end of the " + length + "-byte document");
            }
            sourceOffsets[i] = at + 2;
            sourceLengths[i] = pathLength;
            at += 2 + pathLength;
        }
        if (end - at < positionsLen) {
            throw new IllegalArgumentException("batch document: positions (" + positionsLen
                    + " bytes) run past the end of the " + length + "-byte document");
        }
        int positionsAt = at;
        at += positionsLen;
        if (end - at != recordsLen) {
            throw new IllegalArgumentException("batch document: header says records are " + recordsLen
                    + " bytes but " + (end - at) + " bytes follow the positions");
        }
        checkRecords(bytes, at, recordsLen, records, sources);

        this.bytes = bytes;
        this.offset = offset;
        this.length = length;
        this.version = version;
        this.sourceCount = sources;
        this.recordCount = records;
        this.positionsOffset = positionsAt;
        this.positionsLength = positionsLen;
        this.recordsOffset = at;
        this.recordsLength = recordsLen;
        this.cursor = at;
        return this;
    }

    // Walks the record lengths once so that iteration never has to distrust them.
    private static void checkRecords(byte[] bytes, int start, int recordsLen, int records, int sources) {
        int at = start;
        int end = start + recordsLen;
        for (int i = 0; i < records; i++) {
            if (end - at < RECORD_HEADER_LENGTH) {
                throw new IllegalArgumentException("batch document: record " + i + " of " + records
                        + " at records offset " + (at - start) + " has no room for its "
                        + RECORD_HEADER_LENGTH + "-byte header (" + (end - at) + " bytes left)");
            }
            int recordLength = (int) INT.get(bytes, at + RECORD_LENGTH_OFFSET);
            if (recordLength < RECORD_HEADER_LENGTH || recordLength > end - at) {
                throw new IllegalArgumentException("batch document: record " + i + " at records offset "
                        + (at - start) + " has length " + recordLength + ", outside ["
                        + RECORD_HEADER_LENGTH + ", " + (end - at) + "]");
            }
            int source = u16(bytes, at + RECORD_SOURCE_OFFSET);
            if (source >= sources) {
                throw new IllegalArgumentException("batch document: record " + i + " at records offset "
                        + (at - start) + " names source " + source + " but the batch has " + sources);
            }
            at += recordLength;
        }
        if (at != end) {
            throw new IllegalArgumentException("batch document: " + records + " records end at records offset "
                    + (at - start) + " but the records section is " + recordsLen + " bytes");
        }
    }

    private void clear() {
        Arrays.fill(sourceCache, 0, sourceCount, null);
        bytes = null;
        offset = length = version = sourceCount = recordCount = 0;
        positionsOffset = positionsLength = recordsOffset = recordsLength = 0;
        cursor = 0;
        cursorIndex = 0;
    }

    private void ensureSources(int sources) {
        if (sources > sourceOffsets.length) {
            int capacity = Math.max(sources, sourceOffsets.length * 2);
            sourceOffsets = new int[capacity];
            sourceLengths = new int[capacity];
            sourceCache = new String[capacity];
        }
    }

    /**
     * The document's layout version ({@link RecordLayout}): 1 or 2. Records read the same through
     * either, but for what version 1 lacks: its {@code children} is a LONG count.
     */
    public int version() {
        return version;
    }

    public int recordCount() {
        return recordCount;
    }

    public int sourceCount() {
        return sourceCount;
    }

    /** The path of source {@code index}, decoded on first use and cached until the next wrap. */
    public String source(int index) {
        checkSource(index);
        String path = sourceCache[index];
        if (path == null) {
            path = new String(bytes, sourceOffsets[index], sourceLengths[index], StandardCharsets.UTF_8);
            sourceCache[index] = path;
        }
        return path;
    }

    /** Where source {@code index}'s UTF-8 path starts in {@link #bytes()}, for zero-copy use. */
    public int sourceOffset(int index) {
        checkSource(index);
        return sourceOffsets[index];
    }

    /** The byte length of source {@code index}'s UTF-8 path. */
    public int sourceLength(int index) {
        checkSource(index);
        return sourceLengths[index];
    }

    private void checkSource(int index) {
        if (index < 0 || index >= sourceCount) {
            throw new IndexOutOfBoundsException("source " + index + " of " + sourceCount);
        }
    }

    /** The array this view reads; positions and record offsets are absolute indexes into it. */
    public byte[] bytes() {
        return bytes;
    }

    /** Where the document starts in {@link #bytes()}. */
    public int offset() {
        return offset;
    }

    /** The whole document's length. */
    public int length() {
        return length;
    }

    /** Where the positions blob starts in {@link #bytes()}; decoded by the positions codec. */
    public int positionsOffset() {
        return positionsOffset;
    }

    public int positionsLength() {
        return positionsLength;
    }

    /** The positions every tailed file stands at once this batch is durable: where a restart resumes. */
    public TailerPositions positions() {
        return PositionsCodec.decode(bytes, positionsOffset, positionsLength);
    }

    /** Where the first record starts in {@link #bytes()}. */
    public int recordsOffset() {
        return recordsOffset;
    }

    public int recordsLength() {
        return recordsLength;
    }

    /**
     * Points {@code view} at the next record of this batch.
     *
     * @return false, leaving {@code view} unchanged, when every record has been visited
     */
    public boolean next(RecordView view) {
        if (cursorIndex >= recordCount) {
            return false;
        }
        cursor += view.wrap(this, cursor);
        cursorIndex++;
        return true;
    }

    /** Starts {@link #next} over from the first record. */
    public void rewind() {
        cursor = recordsOffset;
        cursorIndex = 0;
    }

    /**
     * Hands every record to {@code action} through one reused view, which is only valid during
     * the call. Independent of {@link #next}'s position.
     */
    public void forEach(Consumer<? super RecordView> action) {
        int at = recordsOffset;
        for (int i = 0; i < recordCount; i++) {
            at += forEachView.wrap(this, at);
            action.accept(forEachView);
        }
    }

    private static int u16(byte[] bytes, int index) {
        return Short.toUnsignedInt((short) SHORT.get(bytes, index));
    }
}
