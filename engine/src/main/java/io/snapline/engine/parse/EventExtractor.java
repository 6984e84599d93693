package io.snapline.engine.parse;

import io.snapline.records.RecordType;
import io.snapline.records.RecordWriter;

/**
 * How one stream's event becomes a record's fields. {@link EventLines} finds the events in a line
 * (plain or in an envelope) and begins and ends each record; an extractor only reads the event's
 * own fields, so the same code serves every layout and both cursors.
 */
interface EventExtractor {

    RecordType type();

    /** A new event begins: forget what the previous one had. */
    void start();

    /** The cursor has just returned one of the event object's FIELD_NAMEs: reads its value. */
    void field(JsonCursor cursor, RecordWriter out);

    /** The event is an array (START_ARRAY just returned): only fills' {@code [user, fill]} are. */
    default void arrayEvent(JsonCursor cursor, RecordWriter out) {
        throw Rejections.EVENT_NOT_OBJECT;
    }

    /** The event has been read: rejects it if a required field is missing. */
    void end();
}
