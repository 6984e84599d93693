package io.snapline.engine.parse;

import io.snapline.records.DeadLetterReason;

/**
 * Thrown by a cursor or an extractor when a line cannot become records. Instances are shared
 * and carry no stack trace, so rejecting a line allocates nothing; the detail names the field
 * or rule that failed and must be a constant.
 */
public final class LineRejected extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final DeadLetterReason reason;
    private final String detail;

    public LineRejected(DeadLetterReason reason, String detail) {
        super(reason.label() + ": " + detail, null, false, false);
        this.reason = reason;
        this.detail = detail;
    }

    public DeadLetterReason reason() {
        return reason;
    }

    public String detail() {
        return detail;
    }
}
