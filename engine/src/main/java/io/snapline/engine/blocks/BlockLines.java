package io.snapline.engine.blocks;

import io.snapline.records.RecordWriter;
import io.snapline.tailer.NodeStream;

/**
 * What the {@link BlockLedger} reads of a parsed batch, and the two things it adds to it: records
 * (seals, gaps, stalls, after the batch's own) and its state (after the positions, so it becomes
 * durable in the same step). The ring's slot implements it; the ledger sees a batch only on the
 * writer thread, before the batch is written, and keeps nothing of it.
 *
 * <p>Lines are in file order within each source. A line's records are contiguous in
 * {@link #records()} and carry its source and offset in their headers.
 */
public interface BlockLines {

    int lineCount();

    /** Index into the batch's sources of line {@code i}. */
    int lineSource(int line);

    /** Byte offset of line {@code i} in its file: the LINE OFFSET of its records. */
    long lineOffset(int line);

    /** The envelope's block_number of line {@code i}, or {@code LineParser.NO_BLOCK} (plain, dead letter). */
    long lineBlock(int line);

    /** Events in line {@code i}'s envelope, the ingest filter's dropped ones too. */
    int lineEvents(int line);

    int sourceCount();

    String sourcePath(int source);

    /** The file sequence (positions key, e.g. {@code node_fills_streaming}) of source {@code s}. */
    String sourceSequence(int source);

    NodeStream sourceStream(int source);

    /** The batch's records: the ledger patches event indexes in place and appends its own records. */
    RecordWriter records();

    /** Appends {@code length} bytes after the batch's positions (writer thread, before the write). */
    void appendToPositions(byte[] bytes, int offset, int length);
}
