package io.snapline.engine.parse;

import static io.snapline.records.DeadLetterReason.UNEXPECTED_SHAPE;

import io.snapline.records.DeadLetterReason;
import io.snapline.records.Field;

/** The rejections every stream shares; each is one instance, so rejecting allocates nothing. */
final class Rejections {

    static final LineRejected NOT_AN_EVENT = new LineRejected(UNEXPECTED_SHAPE, "line is not an event object");
    static final LineRejected EVENTS_NOT_ARRAY = new LineRejected(UNEXPECTED_SHAPE, "events is not an array");
    static final LineRejected EVENT_NOT_OBJECT = new LineRejected(UNEXPECTED_SHAPE, "event is not an object");
    static final LineRejected RECORDS_TOO_LARGE = new LineRejected(DeadLetterReason.RECORDS_TOO_LARGE,
            "records over twice the line's length plus " + LineParser.LINE_RECORD_SLACK + " bytes");

    private static final LineRejected[] NOT_SCALAR = new LineRejected[Field.values().length];

    static {
        for (Field field : Field.values()) {
            NOT_SCALAR[field.ordinal()] = new LineRejected(UNEXPECTED_SHAPE,
                    field.jsonName() + " is an object or array");
        }
    }

    private Rejections() {
    }

    /** An object or array where the field's value should be a string, number, boolean or null. */
    static LineRejected notScalar(Field field) {
        return NOT_SCALAR[field.ordinal()];
    }
}
