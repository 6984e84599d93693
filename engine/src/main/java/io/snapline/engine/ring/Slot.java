package io.snapline.engine.ring;

import io.snapline.engine.blocks.BlockLines;
import io.snapline.engine.filter.FilterReason;
import io.snapline.records.Batch;
import io.snapline.records.DeadLetterReason;
import io.snapline.records.RecordWriter;
import io.snapline.tailer.NodeStream;
import io.snapline.tailer.TailedFile;

/**
 * One preallocated ring entry: a slab of line bytes with each line's boundaries and source,
 * the positions the batch advances to, and (after parsing) its records.
 *
 * <p>Ownership moves with the ring's sequences and never overlaps: the reader fills a slot it
 * claimed, publishing hands it to one parse worker, then to the writer, which makes it
 * durable and releases it; only then can the reader claim it again. So no field needs a lock
 * or a volatile: the Disruptor's sequence barriers order every hand-over.
 */
public final class Slot implements Batch, BlockLines {

    /** A line entry whose bytes are only the head of an over-long line. */
    static final long NOT_TOO_LONG = -1;

    final byte[] slab;
    int slabUsed;
    final int[] lineStart;
    final int[] lineLength;
    final long[] lineOffset;
    final int[] lineSource;
    /** The full length of an over-long line whose head is stored, else {@link #NOT_TOO_LONG}. */
    final long[] tooLongLength;
    /** Per line, set by the parse worker: its block_number (or LineParser.NO_BLOCK) and envelope events. */
    final long[] lineBlock;
    final int[] lineEvents;
    int lineCount;

    /** A line bigger than the slab, lent by the {@link OversizeLineBuffer} until release. */
    OversizeLineBuffer oversize;

    final TailedFile[] sourceFiles;
    final String[] sourcePaths;
    final NodeStream[] sourceStreams;
    int sourceCount;

    /** Every tailed file's position once this batch is durable, in PositionsCodec's layout. */
    byte[] positions = new byte[4096];
    int positionsLength;

    /** This slot's records, unless an oversize line's are in {@link #oversize} (see {@link #records()}). */
    private final RecordWriter ownRecords;
    private final int recordsCapacity;
    /** Dead letters the parse worker wrote, by {@link DeadLetterReason#ordinal()}. */
    final int[] deadLetters = new int[DeadLetterReason.values().length];
    /** Events the ingest filter dropped, indexed by {@link FilterReason#index}. */
    final int[] filtered = new int[FilterReason.COUNTS];
    /** Whether {@link #filtered} holds anything, so an unfiltered batch costs no pass over it. */
    boolean anyFiltered;
    /** Nanoseconds the parse worker spent on this slot. */
    long parseNanos;
    /** Set by the parse worker if parsing failed unexpectedly (a bug, not a bad line). */
    Throwable failure;
    /** What publishing added to the in-flight gauges; taken off exactly once on release. */
    long inFlightBytes;
    int inFlightLines;

    Slot(RingConfig config) {
        int maxLines = config.maxLines();
        int maxSources = config.maxSources();
        this.slab = new byte[config.slabBytes()];
        this.lineStart = new int[maxLines];
        this.lineLength = new int[maxLines];
        this.lineOffset = new long[maxLines];
        this.lineSource = new int[maxLines];
        this.tooLongLength = new long[maxLines];
        this.lineBlock = new long[maxLines];
        this.lineEvents = new int[maxLines];
        this.sourceFiles = new TailedFile[maxSources];
        this.sourcePaths = new String[maxSources];
        this.sourceStreams = new NodeStream[maxSources];
        this.recordsCapacity = config.recordBufferBytes();
        this.ownRecords = new RecordWriter(recordsCapacity);
    }

    /** Empties the slot for the reader's next claim. */
    void clear() {
        slabUsed = 0;
        lineCount = 0;
        oversize = null;
        java.util.Arrays.fill(sourceFiles, 0, sourceCount, null);
        sourceCount = 0;
        positionsLength = 0;
        ownRecords.reset(recordsCapacity);
        java.util.Arrays.fill(deadLetters, 0);
        if (anyFiltered) {
            java.util.Arrays.fill(filtered, 0);
            anyFiltered = false;
        }
        parseNanos = 0;
        failure = null;
        inFlightBytes = 0;
        inFlightLines = 0;
    }

    public int lineCount() {
        return lineCount;
    }

    /** Line bytes held: the slab's used part plus an oversize line. */
    public long bytes() {
        return slabUsed + (oversize == null ? 0 : oversize.length());
    }

    public boolean isEmpty() {
        return lineCount == 0;
    }

    @Override
    public int sourceCount() {
        return sourceCount;
    }

    @Override
    public String sourcePath(int index) {
        return sourcePaths[index];
    }

    @Override
    public byte[] positionsBytes() {
        return positions;
    }

    @Override
    public int positionsLength() {
        return positionsLength;
    }

    @Override
    public byte[] recordBytes() {
        return records().buffer();
    }

    @Override
    public int recordsLength() {
        return records().length();
    }

    @Override
    public int recordCount() {
        return records().recordCount();
    }

    /** Where this batch's records are: the slot's own buffer, or the oversize line's. */
    public RecordWriter records() {
        return oversize != null ? oversize.records() : ownRecords;
    }

    /** Bytes the slot's own record buffer holds now: it must not keep an oversize line's records. */
    int ownRecordsCapacity() {
        return ownRecords.capacity();
    }

    public int deadLetters(DeadLetterReason reason) {
        return deadLetters[reason.ordinal()];
    }

    public Throwable failure() {
        return failure;
    }

    // ---- BlockLines: what the writer's block ledger reads and adds ----------------------------

    @Override
    public int lineSource(int line) {
        return lineSource[line];
    }

    @Override
    public long lineOffset(int line) {
        return lineOffset[line];
    }

    @Override
    public long lineBlock(int line) {
        return lineBlock[line];
    }

    @Override
    public int lineEvents(int line) {
        return lineEvents[line];
    }

    @Override
    public String sourceSequence(int source) {
        return sourceFiles[source].sequence();
    }

    @Override
    public NodeStream sourceStream(int source) {
        return sourceStreams[source];
    }

    @Override
    public void appendToPositions(byte[] bytes, int offset, int length) {
        if (positions.length < positionsLength + length) {
            positions = java.util.Arrays.copyOf(positions, Math.max(positionsLength + length, 2 * positions.length));
        }
        System.arraycopy(bytes, offset, positions, positionsLength, length);
        positionsLength += length;
    }

    /** The bytes of line {@code i}: an oversize line lives outside the slab. */
    byte[] lineBytes(int i) {
        return oversize != null ? oversize.bytes() : slab;
    }
}
