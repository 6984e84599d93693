package io.snapline.records;

/** Why a line became a dead letter; the name is what the record and the metrics say. */
public enum DeadLetterReason {
    /** Not one valid JSON value: a syntax error, truncated, or data after the value. */
    MALFORMED_JSON("malformed_json"),
    /** Bytes that are not valid UTF-8. */
    INVALID_UTF8("invalid_utf8"),
    /** Valid JSON without a field every record of its type needs. */
    MISSING_FIELD("missing_field"),
    /** Valid JSON of another shape: a field of the wrong type, an event that is not an object, … */
    UNEXPECTED_SHAPE("unexpected_shape"),
    /**
     * A text value longer than a record field holds; also any number or string in the line too
     * long for a field, written or not, which the parsers do not buffer.
     */
    FIELD_TOO_LONG("field_too_long"),
    /** A line over the configured maximum length: only its length and first bytes are kept. */
    LINE_TOO_LONG("line_too_long"),
    /**
     * A line whose records would pass the bound on what one line may produce (twice its length
     * plus a small constant): envelope fields copied into very many events, say. No record of
     * the line is kept but this one.
     */
    RECORDS_TOO_LARGE("records_too_large"),
    /** A field name longer than the parsers read (docs/records.md's limits). */
    NAME_TOO_LONG("name_too_long"),
    /** Objects and arrays nested deeper than the parsers read. */
    NESTING_TOO_DEEP("nesting_too_deep"),
    /**
     * The parser failed on the line in a way it does not foresee (an exception, or an error such
     * as OutOfMemoryError); the detail names the throwable's class. The rest of the batch is parsed.
     */
    PARSER_ERROR("parser_error");

    private final String label;
    private final byte[] labelBytes;

    DeadLetterReason(String label) {
        this.label = label;
        this.labelBytes = label.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    public String label() {
        return label;
    }

    /** The label as ASCII bytes, so a dead letter is written without allocating. */
    public byte[] labelBytes() {
        return labelBytes;
    }
}
