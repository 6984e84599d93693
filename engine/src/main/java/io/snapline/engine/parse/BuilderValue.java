package io.snapline.engine.parse;

import static io.snapline.engine.parse.JsonCursor.START_OBJECT;

import io.snapline.records.Field;
import io.snapline.records.RecordWriter;

/**
 * A {@code builder} value, which the node writes as null, an address string, or
 * {@code {"b": address, "f": fee}}; the object form is flattened into BUILDER and BUILDER_FEE, any
 * other key of it kept as a member {@code builder.<key>}.
 */
final class BuilderValue {

    private static final NameTable NAMES = NameTable.of("b", "f");
    private static final Field[] FIELDS = {Field.BUILDER, Field.BUILDER_FEE};
    private static final byte[] PREFIX = Values.prefix("builder.");

    private BuilderValue() {
    }

    /** The cursor has just returned the {@code builder} FIELD_NAME. */
    static void read(JsonCursor cursor, RecordWriter out) {
        int token = cursor.next();
        if (token == START_OBJECT) {
            Values.copyObject(cursor, out, NAMES, FIELDS, PREFIX);
        } else {
            Values.copy(cursor, token, out, Field.BUILDER);
        }
    }
}
