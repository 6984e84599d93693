package io.snapline.engine.parse;

import static io.snapline.engine.parse.JsonCursor.END_OBJECT;
import static io.snapline.engine.parse.JsonCursor.FALSE;
import static io.snapline.engine.parse.JsonCursor.NULL;
import static io.snapline.engine.parse.JsonCursor.NUMBER_FLOAT;
import static io.snapline.engine.parse.JsonCursor.NUMBER_INT;
import static io.snapline.engine.parse.JsonCursor.START_ARRAY;
import static io.snapline.engine.parse.JsonCursor.START_OBJECT;
import static io.snapline.engine.parse.JsonCursor.STRING;
import static io.snapline.engine.parse.JsonCursor.TRUE;

import io.snapline.records.Field;
import io.snapline.records.RecordLayout;
import io.snapline.records.RecordWriter;

/**
 * The one rule for turning a JSON scalar into a record field, so every stream keeps the node's
 * values the same way: strings and decimals as the very text written, integers as longs.
 */
final class Values {

    private static final byte[] NO_PREFIX = new byte[0];

    private Values() {
    }

    /** Reads the next value and copies it; returns its token (so callers can tell null apart). */
    static int copyNext(JsonCursor cursor, RecordWriter out, Field field) {
        return copy(cursor, cursor.next(), out, field);
    }

    /** Copies the scalar the cursor has just returned as {@code token}. */
    static int copy(JsonCursor cursor, int token, RecordWriter out, Field field) {
        switch (token) {
            case STRING:
            case NUMBER_FLOAT:
                cursor.writeText(out, field);
                break;
            case NUMBER_INT:
                out.putLong(field, cursor.longValue());
                break;
            case TRUE:
                out.putBoolean(field, true);
                break;
            case FALSE:
                out.putBoolean(field, false);
                break;
            case NULL:
                out.putNull(field);
                break;
            default:
                throw Rejections.notScalar(field);
        }
        return token;
    }

    /** Reads and drops the next value, whatever it is: how unknown fields are tolerated. */
    static void skipNext(JsonCursor cursor) {
        int token = cursor.next();
        if (token == START_OBJECT || token == START_ARRAY) {
            cursor.skipChildren();
        }
    }

    /**
     * Reads the next value, which must be {@code start} (START_OBJECT or START_ARRAY) or null:
     * returns true for the former, with the cursor inside it; false for null; otherwise throws
     * {@code otherwise}.
     */
    static boolean openOrNull(JsonCursor cursor, int start, LineRejected otherwise) {
        int token = cursor.next();
        if (token == start) {
            return true;
        }
        if (token == NULL) {
            return false;
        }
        throw otherwise;
    }

    /**
     * The cursor has just returned START_OBJECT: copies each known name's scalar value to
     * {@code fields[names.indexOf(name)]}, skips the others' values, and consumes END_OBJECT.
     */
    static void copyObject(JsonCursor cursor, RecordWriter out, NameTable names, Field[] fields) {
        for (int token = cursor.next(); token != END_OBJECT; token = cursor.next()) {
            int key = cursor.nameIndex(names);
            if (key < 0) {
                skipNext(cursor);
            } else {
                copyNext(cursor, out, fields[key]);
            }
        }
    }

    /**
     * Reads the next value, whatever it is, and keeps it whole as a JSON field: its exact text.
     *
     * @return its first token (so callers can tell null apart)
     */
    static int copyRawNext(JsonCursor cursor, RecordWriter out, Field field) {
        int token = cursor.next();
        int start = cursor.tokenStart();
        if (token == START_OBJECT || token == START_ARRAY) {
            cursor.skipChildren();
        }
        out.putJson(field, cursor.line(), start, cursor.tokenEnd() - start);
        return token;
    }

    /**
     * The cursor has just returned a FIELD_NAME the extractor does not know: keeps it as a member,
     * its name as written and its value's exact text, read here. Costs nothing unless one appears.
     */
    static void keepUnknown(JsonCursor cursor, RecordWriter out) {
        keepUnknown(cursor, out, NO_PREFIX);
    }

    /**
     * As {@link #keepUnknown(JsonCursor, RecordWriter)}, the member's name being {@code prefix}
     * then the name as written: how a field of a nested object says where it was.
     */
    static void keepUnknown(JsonCursor cursor, RecordWriter out, byte[] prefix) {
        int nameStart = cursor.tokenStart() + 1;
        int nameLength = cursor.tokenEnd() - 1 - nameStart;
        int token = cursor.next();
        int valueStart = cursor.tokenStart();
        if (token == START_OBJECT || token == START_ARRAY) {
            cursor.skipChildren();
        }
        out.putMember(prefix, cursor.line(), nameStart, nameLength, valueStart, cursor.tokenEnd() - valueStart);
    }

    /** A STRING field from an ASCII constant. */
    static void putAscii(RecordWriter out, Field field, byte[] ascii) {
        out.putText(field, RecordLayout.KIND_STRING, ascii, 0, ascii.length);
    }
}
