package io.snapline.engine.blocks;

import io.snapline.engine.parse.LineParser;
import io.snapline.records.Batch;
import io.snapline.records.Field;
import io.snapline.records.RecordType;
import io.snapline.records.RecordWriter;
import io.snapline.tailer.NodeStream;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A parsed batch as the parse workers leave it for the ledger, built by hand: each line's records
 * carry their index in the line first, as {@code EventLines} writes them. Not a stand-in for files:
 * the ledger never sees files, only this.
 */
final class TestLines implements BlockLines, Batch {

    record Source(String sequence, NodeStream stream, String path) {
    }

    private final List<Source> sources = new ArrayList<>();
    private final List<long[]> lines = new ArrayList<>(); // source, offset, block, events
    private final RecordWriter records = new RecordWriter(1024);
    /** Positions with no file entries (a count of 0), then what the ledger appends. */
    byte[] positions = new byte[4];

    int source(String sequence, NodeStream stream, String path) {
        sources.add(new Source(sequence, stream, path));
        return sources.size() - 1;
    }

    /** A line with a block and {@code events} events, each a record with its index in the line. */
    void line(int source, long offset, long block, int events) {
        lines.add(new long[] {source, offset, block, events});
        records.markLine();
        for (int i = 0; i < events; i++) {
            records.beginRecord(RecordType.ORDER_STATUS, source, offset);
            records.putLong(Field.EVENT_INDEX, i);
            records.putLong(Field.BLOCK_NUMBER, block);
            records.endRecord();
        }
    }

    /** A line the parser could not read: a dead letter, no block. */
    void deadLetter(int source, long offset) {
        lines.add(new long[] {source, offset, LineParser.NO_BLOCK, 0});
        records.beginRecord(RecordType.DEAD_LETTER, source, offset);
        records.putLong(Field.LINE_LENGTH, 3);
        records.endRecord();
    }

    @Override
    public int lineCount() {
        return lines.size();
    }

    @Override
    public int lineSource(int line) {
        return (int) lines.get(line)[0];
    }

    @Override
    public long lineOffset(int line) {
        return lines.get(line)[1];
    }

    @Override
    public long lineBlock(int line) {
        return lines.get(line)[2];
    }

    @Override
    public int lineEvents(int line) {
        return (int) lines.get(line)[3];
    }

    @Override
    public int sourceCount() {
        return sources.size();
    }

    @Override
    public String sourcePath(int source) {
        return sources.get(source).path();
    }

    @Override
    public String sourceSequence(int source) {
        return sources.get(source).sequence();
    }

    @Override
    public NodeStream sourceStream(int source) {
        return sources.get(source).stream();
    }

    @Override
    public RecordWriter records() {
        return records;
    }

    @Override
    public void appendToPositions(byte[] bytes, int offset, int length) {
        int at = positions.length;
        positions = Arrays.copyOf(positions, at + length);
        System.arraycopy(bytes, offset, positions, at, length);
    }

    @Override
    public byte[] positionsBytes() {
        return positions;
    }

    @Override
    public int positionsLength() {
        return positions.length;
    }

    @Override
    public byte[] recordBytes() {
        return records.buffer();
    }

    @Override
    public int recordsLength() {
        return records.length();
    }

    @Override
    public int recordCount() {
        return records.recordCount();
    }
}
