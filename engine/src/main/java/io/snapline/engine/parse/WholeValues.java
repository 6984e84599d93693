package io.snapline.engine.parse;

import static io.snapline.engine.parse.JsonCursor.NULL;
import static io.snapline.engine.parse.JsonCursor.START_ARRAY;
import static io.snapline.engine.parse.JsonCursor.START_OBJECT;
import static io.snapline.engine.parse.JsonCursor.STRING;

import io.snapline.records.Field;
import io.snapline.records.RecordWriter;

/**
 * Values kept whole (KIND_JSON, the node's exact text) by the extractors of tagged unions, which
 * also look inside them: an object is read key by key (for its tag) and then stored whole from
 * where it started, so it is read once by the cursor and its bytes copied once.
 */
final class WholeValues {

    private WholeValues() {
    }

    /**
     * The cursor has read the object that began at {@code start} (its START_OBJECT's
     * {@link JsonCursor#tokenStart()}) through its END_OBJECT: stores it whole. The cursor has
     * validated it, so its closing brace is found by brackets and quotes alone.
     */
    static void putObjectRead(JsonCursor cursor, int start, RecordWriter out, Field field) {
        byte[] line = cursor.line();
        int end = RawSpans.containerEnd(line, start, line.length);
        out.putJson(field, line, start, end - start);
    }

    /** The cursor has just returned {@code token}, a value's first: stores that value whole. */
    static void putCurrent(JsonCursor cursor, int token, RecordWriter out, Field field) {
        int start = cursor.tokenStart();
        if (token == START_OBJECT || token == START_ARRAY) {
            cursor.skipChildren();
        }
        out.putJson(field, cursor.line(), start, cursor.tokenEnd() - start);
    }

    /**
     * A field that is a string in every documented shape: a string or null as such, anything
     * else (a number, which may be beyond 64 bits, a boolean, an object, an array) whole.
     *
     * @return {@code token}
     */
    static int putStringOrWhole(JsonCursor cursor, int token, RecordWriter out, Field field) {
        if (token == STRING) {
            cursor.writeText(out, field);
        } else if (token == NULL) {
            out.putNull(field);
        } else {
            putCurrent(cursor, token, out, field);
        }
        return token;
    }
}
