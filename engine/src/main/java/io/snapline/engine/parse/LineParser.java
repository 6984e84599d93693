package io.snapline.engine.parse;

import io.snapline.engine.filter.IngestFilter;
import io.snapline.records.DeadLetterReason;
import io.snapline.records.RecordWriter;
import io.snapline.tailer.NodeStream;

/**
 * Turns one line of a node stream into records, or into one dead letter: one instance per parse
 * worker thread, reused for every line, allocating nothing for a line that parses.
 *
 * <p>A line is first read with the fast cursor when there is one; if that cursor defers
 * ({@link DeferToReference}), the line's records so far are taken back and the very same
 * extractor reads it again with the Jackson reference cursor. A rejection by either cursor is
 * final: the line's records are taken back and a dead letter holding the whole line is written.
 *
 * <p>What one line may produce is bounded ({@link #recordBytesBound}), and so is what the Jackson
 * cursor buffers for one token ({@link TokenLimits}); a line over either is a dead letter. Anything
 * else thrown while a line is parsed, an OutOfMemoryError or a bug included, is that line's
 * {@code parser_error} dead letter too: one line never fails its batch.
 */
public final class LineParser {

    private final JsonCursor fast;
    private final JsonCursor reference;
    private final EventLines[] byStream = new EventLines[NodeStream.values().length];
    private final UnknownFieldCounts unknownFields;
    private long blockNumber = NO_BLOCK;
    /** The line last parsed into records (null after a dead letter): where its filter drops are counted. */
    private EventLines parsed;

    /** Reads every line with the Jackson reference cursor. */
    public LineParser() {
        this(null);
    }

    /** Tries {@code fastOrNull} first (when not null), the Jackson cursor when it defers. */
    public LineParser(JsonCursor fastOrNull) {
        this(fastOrNull, new UnknownFields(), IngestFilter.NONE);
    }

    /** As {@link #LineParser(JsonCursor)}, counting unknown fields into the engine's {@code unknownFields}. */
    public LineParser(JsonCursor fastOrNull, UnknownFields unknownFields) {
        this(fastOrNull, unknownFields, IngestFilter.NONE);
    }

    /** As {@link #LineParser(JsonCursor)}, dropping the events {@code filter} says to drop. */
    public LineParser(JsonCursor fastOrNull, IngestFilter filter) {
        this(fastOrNull, new UnknownFields(), filter);
    }

    /** Counting unknown fields into {@code unknownFields} and dropping the events {@code filter} says to drop. */
    public LineParser(JsonCursor fastOrNull, UnknownFields unknownFields, IngestFilter filter) {
        this(fastOrNull, new JacksonCursor(), unknownFields, filter);
    }

    LineParser(JsonCursor fastOrNull, JsonCursor reference) {
        this(fastOrNull, reference, new UnknownFields(), IngestFilter.NONE);
    }

    LineParser(JsonCursor fastOrNull, JsonCursor reference, UnknownFields unknownFields, IngestFilter filter) {
        this.fast = fastOrNull;
        this.reference = reference;
        this.unknownFields = new UnknownFieldCounts(unknownFields);
        for (NodeStream stream : NodeStream.values()) {
            EventExtractor extractor = extractorFor(stream);
            byStream[stream.ordinal()] = new EventLines(extractor, filter.forType(extractor.type()));
        }
    }

    /**
     * The one place a stream meets its parser, and so the record type its events become
     * ({@link EventExtractor#type()}). The switch has no default, so a new {@link NodeStream}
     * does not compile until it has an extractor here.
     */
    static EventExtractor extractorFor(NodeStream stream) {
        return switch (stream) {
            case ORDER_STATUSES -> new OrderStatusExtractor();
            case FILLS -> new FillExtractor();
            case TRADES -> new TradeExtractor();
            case RAW_BOOK_DIFFS -> new BookDiffExtractor();
            case TWAP_STATUSES -> new TwapStatusExtractor();
            case MISC_EVENTS -> new MiscEventExtractor();
            case HIP3_ORACLE_UPDATES -> new Hip3OracleUpdateExtractor();
            case SYSTEM_ACTIONS -> new SystemActionExtractor();
        };
    }

    /**
     * Bytes a line's records may take beyond twice its length: more than any dead letter adds to
     * its line (its header, reason, detail of at most {@link DeadLetters#MAX_DETAIL_LENGTH}
     * characters, and length: under 200 bytes).
     */
    public static final int LINE_RECORD_SLACK = 256;

    /**
     * The most a line of {@code lineLength} bytes may produce, in record bytes: twice its length
     * plus {@link #LINE_RECORD_SLACK}. A line's records are checked against it as they are
     * written, and a line over it becomes one {@code records_too_large} dead letter, which always
     * fits. Records are at least their 16-byte header, so this bounds the line's records too.
     */
    public static long recordBytesBound(int lineLength) {
        return 2L * lineLength + LINE_RECORD_SLACK;
    }

    /** Bytes of the line a {@code parser_error} dead letter keeps when the whole line does not fit in memory. */
    static final int PARSER_ERROR_HEAD_BYTES = 1024;

    /** The {@link #blockNumber()} of a line without one: plain layout, or a dead letter. */
    public static final long NO_BLOCK = -1;

    /** The envelope's block_number of the line last parsed into records, or {@link #NO_BLOCK}. */
    public long blockNumber() {
        return blockNumber;
    }

    /**
     * Events in the envelope of the line last parsed into records, those the filter dropped too;
     * 0 for a plain line or a dead letter. With {@link #blockNumber()} it is what the block ledger
     * counts.
     */
    public int envelopeEvents() {
        return parsed == null ? 0 : parsed.envelopeEvents();
    }

    /** Events of the line last parsed that the ingest filter dropped; 0 when it became a dead letter. */
    public int filteredEvents() {
        return parsed == null ? 0 : parsed.dropped();
    }

    /**
     * Adds the line last parsed's filter drops to {@code counts}, indexed by
     * {@link io.snapline.engine.filter.FilterReason#index}: once a line, and only if
     * {@link #filteredEvents()} is above 0.
     */
    public void addFilteredTo(int[] counts) {
        if (parsed != null) {
            parsed.addDroppedTo(counts);
        }
    }

    /**
     * Appends the records of {@code line[offset, offset + length)} (no newline) to {@code out}.
     *
     * @return null when the line became records; otherwise the reason of the one dead letter
     *         written in their place
     */
    public DeadLetterReason parse(NodeStream stream, byte[] line, int offset, int length, int sourceIndex,
            long lineOffset, RecordWriter out) {
        out.markLine();
        blockNumber = NO_BLOCK;
        parsed = null;
        EventLines lines = byStream[stream.ordinal()];
        try {
            if (fast != null) {
                try {
                    read(fast, lines, line, offset, length, sourceIndex, lineOffset, out);
                    accepted(stream, lines, out);
                    return null;
                } catch (DeferToReference deferred) {
                    out.rollbackLine();
                }
            }
            read(reference, lines, line, offset, length, sourceIndex, lineOffset, out);
            accepted(stream, lines, out);
            return null;
        } catch (LineRejected rejected) {
            out.rollbackLine();
            DeadLetters.write(out, rejected.reason(), rejected.detail(), sourceIndex, lineOffset, length,
                    line, offset, length);
            return rejected.reason();
        } catch (Throwable unforeseen) {
            // An OutOfMemoryError or a bug: this line's alone, so it must not fail its batch.
            blockNumber = NO_BLOCK;
            out.rollbackLine();
            writeParserError(out, unforeseen, sourceIndex, lineOffset, line, offset, length);
            return DeadLetterReason.PARSER_ERROR;
        }
    }

    /** The line became records: its block number, and its unknown fields counted (only now, so never twice). */
    private void accepted(NodeStream stream, EventLines lines, RecordWriter out) {
        blockNumber = lines.blockNumber();
        parsed = lines;
        if (out.lineMemberCount() > 0) {
            unknownFields.countLine(stream, out);
        }
        RecordWriter envelope = lines.envelopeMembers();
        if (envelope.lineMemberCount() > 0) {
            unknownFields.countLine(stream, envelope);
        }
    }

    /**
     * Adds the unknown fields counted since the last call to the engine's counts: once per batch,
     * off the per-line path.
     */
    public void publishCounts() {
        unknownFields.publish();
    }

    /**
     * The dead letter of a line the parser failed on: the throwable's class as its detail (a
     * String the class already holds, so nothing is built while memory may be short) and the
     * whole line, or only its first bytes when even that copy runs out of memory.
     */
    private static void writeParserError(RecordWriter out, Throwable unforeseen, int sourceIndex, long lineOffset,
            byte[] line, int offset, int length) {
        String detail = unforeseen.getClass().getName();
        try {
            DeadLetters.write(out, DeadLetterReason.PARSER_ERROR, detail, sourceIndex, lineOffset, length,
                    line, offset, length);
        } catch (OutOfMemoryError stillShort) {
            out.rollbackLine();
            DeadLetters.write(out, DeadLetterReason.PARSER_ERROR, detail, sourceIndex, lineOffset, length,
                    line, offset, Math.min(length, PARSER_ERROR_HEAD_BYTES));
        }
    }

    /**
     * The dead letter of a line over the maximum length, which is never parsed: its full length
     * and the first bytes the reader kept.
     */
    public static void writeLineTooLong(RecordWriter out, int sourceIndex, long lineOffset, long lineLength,
            byte[] head, int headOffset, int headLength) {
        DeadLetters.write(out, DeadLetterReason.LINE_TOO_LONG, null, sourceIndex, lineOffset, lineLength,
                head, headOffset, headLength);
    }

    private static void read(JsonCursor cursor, EventLines lines, byte[] line, int offset, int length,
            int sourceIndex, long lineOffset, RecordWriter out) {
        cursor.begin(line, offset, length);
        lines.read(cursor, line, offset, length, sourceIndex, lineOffset, out);
        cursor.finish();
    }
}
