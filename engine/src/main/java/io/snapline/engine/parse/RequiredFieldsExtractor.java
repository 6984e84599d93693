package io.snapline.engine.parse;

import static io.snapline.records.DeadLetterReason.MISSING_FIELD;
import static io.snapline.engine.parse.JsonCursor.NULL;

import io.snapline.records.Field;
import io.snapline.records.RecordWriter;

/**
 * What every stream's extractor does the same way: it tracks its required fields as bits of
 * {@link #seen} (bit {@code i} for the {@code i}-th name given to {@link #missing(String...)}),
 * rejects an event lacking one in {@link #end()} (the first missing in that order is the one
 * reported), and copies a field found by its index in the stream's name table. A subclass only
 * says which fields its stream has and reads the values that are not plain scalars.
 */
abstract class RequiredFieldsExtractor implements EventExtractor {

    private final LineRejected[] missing;
    private final int all;

    /** Which required fields have had a non-null value in the current event. */
    int seen;

    /** {@code missing}: as made by {@link #missing(String...)}, at most 31 fields. */
    RequiredFieldsExtractor(LineRejected[] missing) {
        this.missing = missing;
        this.all = (1 << missing.length) - 1;
    }

    /** One shared MISSING_FIELD rejection per required field, in the order they are checked. */
    static LineRejected[] missing(String... names) {
        LineRejected[] rejections = new LineRejected[names.length];
        for (int i = 0; i < names.length; i++) {
            rejections[i] = new LineRejected(MISSING_FIELD, names[i]);
        }
        return rejections;
    }

    @Override
    public final void start() {
        seen = 0;
    }

    @Override
    public final void end() {
        int absent = ~seen & all;
        if (absent != 0) {
            throw missing[Integer.numberOfTrailingZeros(absent)];
        }
    }

    /**
     * The cursor has just returned a FIELD_NAME whose index in the stream's name table is
     * {@code key} (-1 for a name it does not know): copies the value to {@code fields[key]} and,
     * unless it is null, marks {@code required[key]} seen; keeps an unknown name and its value
     * as a member under that name (the event and objects flattened into it).
     */
    final void copyField(JsonCursor cursor, RecordWriter out, int key, Field[] fields, int[] required) {
        if (key < 0) {
            Values.keepUnknown(cursor, out);
        } else if (Values.copyNext(cursor, out, fields[key]) != NULL) {
            seen |= required[key];
        }
    }
}
