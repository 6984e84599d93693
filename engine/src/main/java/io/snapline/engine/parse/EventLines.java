package io.snapline.engine.parse;

import static io.snapline.engine.parse.JsonCursor.END_ARRAY;
import static io.snapline.engine.parse.JsonCursor.END_OBJECT;
import static io.snapline.engine.parse.JsonCursor.FIELD_NAME;
import static io.snapline.engine.parse.JsonCursor.START_ARRAY;
import static io.snapline.engine.parse.JsonCursor.START_OBJECT;
import static io.snapline.records.RecordLayout.RECORD_HEADER_LENGTH;

import io.snapline.engine.filter.TypeFilter;
import io.snapline.records.Field;
import io.snapline.records.RecordWriter;

/**
 * Finds a line's events, whatever its layout, and writes one record per event. The layout is
 * told by content, not by directory: a root object with an "events" key is an envelope
 * (streaming or by-block), anything else is one plain event.
 *
 * <p>One pass suffices for the node's own key order (envelope fields, then "events"; or an event
 * whose first key is not an envelope key). Other orders cost extra passes over the line, never a
 * wrong record: "events" before a block field (or before an envelope key this version does not
 * know, which every record carries too) means the events are read in a second pass once the
 * block fields are known; a plain-looking object that turns out to hold "events", or an
 * envelope-looking one without it, is read again as what it is.
 *
 * <p>Records of the line may be taken back with {@link RecordWriter#rollbackLine()}, so the
 * caller must have marked the line just before.
 *
 * <p>What the line produces is bounded as it is written ({@link LineParser#recordBytesBound}):
 * before an event's record is begun (so the envelope's fields, copied into every event, are not
 * copied once too often) and after it is ended. The first event over the bound rejects the line,
 * so the buffer never holds more than the bound plus one event's fields.
 *
 * <p>With an ingest filter for the stream's type ({@link EventDrops}), each event's fields are
 * shown to it as soon as the extractor has written them (after each top-level key of the event),
 * so an event is known dropped once its status, coin or user is read: the rest of its values are
 * then only skipped (still checked for syntax, so a broken line is a dead letter as before), its
 * required fields are not checked, and its record is taken back alone; the line's other events stay.
 */
final class EventLines {

    /** What the event index adds to a record: field id, kind, i64. */
    private static final int EVENT_INDEX_BYTES = 10;

    private final EventExtractor events;
    private final Envelope envelope = new Envelope();
    /** Null when nothing of this stream's type is dropped: then a null check per field is the filter's cost. */
    private final EventDrops drops;

    private byte[] line;
    private int offset;
    private int length;
    private int sourceIndex;
    private long lineOffset;
    /** What this line's records may take, in bytes: {@link LineParser#recordBytesBound}. */
    private long recordBytesBound;
    /** Events of the line's envelope read so far, the dropped ones too: the next one's index in the line. */
    private int envelopeEvents;

    EventLines(EventExtractor events, TypeFilter filterOrNull) {
        this.events = events;
        this.drops = filterOrNull == null ? null : new EventDrops(filterOrNull);
    }

    /** How many events of the line read last were dropped by the filter. */
    int dropped() {
        return drops == null ? 0 : drops.total();
    }

    /** Adds the line's drops to {@code counts}, indexed by {@link io.snapline.engine.filter.FilterReason#index}. */
    void addDroppedTo(int[] counts) {
        if (drops != null) {
            drops.addTo(counts);
        }
    }

    /** Events in the envelope of the line read last (the filter's dropped ones too); 0 for a plain line. */
    int envelopeEvents() {
        return envelopeEvents;
    }

    /** The envelope's block_number of the line last read, or {@link LineParser#NO_BLOCK}. */
    long blockNumber() {
        return envelope.blockNumber();
    }

    /** The envelope's unknown keys of the line last read, each once (in every record of the line too). */
    RecordWriter envelopeMembers() {
        return envelope.captured();
    }

    /** Reads the root value from a begun cursor; leaves the cursor just after it, to be finished. */
    void read(JsonCursor cursor, byte[] line, int offset, int length, int sourceIndex, long lineOffset,
            RecordWriter out) {
        this.line = line;
        this.offset = offset;
        this.length = length;
        this.sourceIndex = sourceIndex;
        this.lineOffset = lineOffset;
        this.recordBytesBound = LineParser.recordBytesBound(length);
        this.envelopeEvents = 0;
        envelope.clear();
        if (drops != null) {
            drops.clearLine();
        }
        int token = cursor.next();
        if (token == START_ARRAY) {
            writeEvent(cursor, token, out, false); // a plain [user, fill]
            return;
        }
        if (token != START_OBJECT) {
            throw Rejections.NOT_AN_EVENT;
        }
        token = cursor.next();
        if (token == END_OBJECT) {
            out.beginRecord(events.type(), sourceIndex, lineOffset);
            events.start();
            events.end(); // rejects: an empty object lacks the required fields
            out.endRecord();
            return;
        }
        int key = cursor.nameIndex(Envelope.NAMES);
        if (key < 0) {
            plainPass(cursor, out, true);
        } else {
            envelopePass(cursor, out, key);
        }
    }

    /** The cursor is on the root object's first FIELD_NAME. */
    private void plainPass(JsonCursor cursor, RecordWriter out, boolean mayBeEnvelope) {
        out.beginRecord(events.type(), sourceIndex, lineOffset);
        events.start();
        startDrops(out);
        for (int token = FIELD_NAME; token != END_OBJECT; token = cursor.next()) {
            if (mayBeEnvelope && cursor.nameIndex(Envelope.NAMES) == Envelope.EVENTS) {
                out.rollbackLine(); // the one record begun: nothing of it was counted yet
                Values.skipNext(cursor);
                skipRestOfObject(cursor);
                restart(cursor);
                envelopePass(cursor, out, cursor.nameIndex(Envelope.NAMES));
                return;
            }
            readField(cursor, out);
        }
        endEvent(out);
        checkBound(out, 0);
    }

    /** The cursor is on the root object's first FIELD_NAME, whose index in the envelope names is given. */
    private void envelopePass(JsonCursor cursor, RecordWriter out, int firstKey) {
        boolean sawEvents = false;
        boolean deferred = false;
        boolean written = false;
        int key = firstKey;
        for (int token = FIELD_NAME; token != END_OBJECT; ) {
            if (key == Envelope.EVENTS) {
                sawEvents = true;
                if (!deferred && envelope.complete()) {
                    writeEvents(cursor, out);
                    written = true;
                } else {
                    deferred = true;
                    Values.skipNext(cursor);
                }
            } else if (key >= 0) {
                envelope.capture(cursor, key);
            } else {
                envelope.keepUnknown(cursor);
                if (written) {
                    // Records already written lack it: they are written again once it is known.
                    out.rollbackLine();
                    written = false;
                    deferred = true;
                }
            }
            token = cursor.next();
            if (token == FIELD_NAME) {
                key = cursor.nameIndex(Envelope.NAMES);
            }
        }
        if (!sawEvents) {
            restart(cursor);
            plainPass(cursor, out, false);
        } else if (deferred) {
            restart(cursor);
            eventsPass(cursor, out);
        }
    }

    /** Second pass once the block fields are known: writes the events, skips the rest. */
    private void eventsPass(JsonCursor cursor, RecordWriter out) {
        for (int token = FIELD_NAME; token != END_OBJECT; token = cursor.next()) {
            if (cursor.nameIndex(Envelope.NAMES) == Envelope.EVENTS) {
                writeEvents(cursor, out);
            } else {
                Values.skipNext(cursor);
            }
        }
    }

    private void writeEvents(JsonCursor cursor, RecordWriter out) {
        if (cursor.next() != START_ARRAY) {
            throw Rejections.EVENTS_NOT_ARRAY;
        }
        envelopeEvents = 0; // a second pass writes the events again
        for (int token = cursor.next(); token != END_ARRAY; token = cursor.next()) {
            writeEvent(cursor, token, out, true);
        }
    }

    private void writeEvent(JsonCursor cursor, int token, RecordWriter out, boolean inEnvelope) {
        checkBound(out, RECORD_HEADER_LENGTH + EVENT_INDEX_BYTES + (inEnvelope ? envelope.encodedLength() : 0));
        out.beginRecord(events.type(), sourceIndex, lineOffset);
        if (inEnvelope) {
            if (envelope.blockNumber() != LineParser.NO_BLOCK) {
                // First, right after the header, where the writer's BlockLedger adds the events of
                // the block's earlier lines (docs/operations.md, "Blocks"): the index in the line here.
                out.putLong(Field.EVENT_INDEX, envelopeEvents);
            }
            envelopeEvents++;
            envelope.copyTo(out);
        }
        events.start();
        startDrops(out);
        if (token == START_OBJECT) {
            for (int next = cursor.next(); next != END_OBJECT; next = cursor.next()) {
                readField(cursor, out);
            }
        } else if (token == START_ARRAY) {
            events.arrayEvent(cursor, out);
            if (drops != null) {
                drops.show(out);
            }
        } else {
            throw Rejections.EVENT_NOT_OBJECT;
        }
        endEvent(out);
        checkBound(out, 0);
    }

    /** The cursor has just returned one of the event's FIELD_NAMEs. */
    private void readField(JsonCursor cursor, RecordWriter out) {
        if (drops == null) {
            events.field(cursor, out);
        } else if (drops.dropping()) {
            Values.skipNext(cursor);
        } else {
            events.field(cursor, out);
            drops.show(out);
        }
    }

    private void startDrops(RecordWriter out) {
        if (drops != null) {
            drops.startEvent(out);
        }
    }

    /** Ends the event's record, or takes it back if the filter drops the event. */
    private void endEvent(RecordWriter out) {
        if (drops == null) {
            events.end();
            out.endRecord();
            return;
        }
        if (!drops.dropping()) {
            events.end();
            drops.show(out); // any field an extractor writes only at the end
        }
        if (drops.dropping()) {
            out.abandonRecord();
            drops.countDropped();
        } else {
            out.endRecord();
        }
    }

    /** Rejects the line if its records so far, and {@code more} bytes, would pass its bound. */
    private void checkBound(RecordWriter out, int more) {
        if ((long) out.lineBytes() + more > recordBytesBound) {
            throw Rejections.RECORDS_TOO_LARGE;
        }
    }

    /** Inside an object, after a value: skips the remaining pairs and the object's end. */
    private static void skipRestOfObject(JsonCursor cursor) {
        for (int token = cursor.next(); token != END_OBJECT; token = cursor.next()) {
            Values.skipNext(cursor);
        }
    }

    /**
     * Ends this pass over the line (which also proves nothing follows the value) and starts the
     * next one on the root object's first FIELD_NAME: only objects with keys are read twice.
     */
    private void restart(JsonCursor cursor) {
        cursor.finish();
        cursor.begin(line, offset, length);
        cursor.next(); // START_OBJECT, as in the first pass
        cursor.next(); // its first FIELD_NAME
    }
}
