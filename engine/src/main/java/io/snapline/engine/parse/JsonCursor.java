package io.snapline.engine.parse;

import io.snapline.records.Field;
import io.snapline.records.RecordWriter;

/**
 * A pull tokenizer over one line holding one JSON value, allocation-free once warm. The
 * extractors are written against this interface, so the Jackson reference cursor and the fast
 * schema-specialised cursor yield records through the very same code.
 *
 * <p>Errors are thrown as shared {@link LineRejected} instances; the fast cursor throws
 * {@link DeferToReference} for anything it leaves to the reference cursor.
 */
public interface JsonCursor {

    int START_OBJECT = 1;
    int END_OBJECT = 2;
    int START_ARRAY = 3;
    int END_ARRAY = 4;
    int FIELD_NAME = 5;
    int STRING = 6;
    int NUMBER_INT = 7;
    int NUMBER_FLOAT = 8;
    int TRUE = 9;
    int FALSE = 10;
    int NULL = 11;

    /** Starts on a line: {@code line[offset, offset + length)} without its newline. */
    void begin(byte[] line, int offset, int length);

    /** The next token of the value; throws {@link LineRejected} on malformed input or past its end. */
    int next();

    /** After the root value's last token: rejects the line unless only whitespace follows. */
    void finish();

    /** For FIELD_NAME: the name's index in the table, or -1 for a name it does not hold. */
    int nameIndex(NameTable names);

    /** For STRING: whether the decoded text equals this ASCII constant. */
    boolean textEquals(byte[] ascii);

    /**
     * For STRING, NUMBER_INT or NUMBER_FLOAT: writes the text as a record field (STRING kind for
     * a string, NUMBER kind with the exact characters for a number); for FIELD_NAME, the name as
     * a STRING (a tagged union's tag, such as a misc event's kind). Rejects text longer than
     * {@link io.snapline.records.RecordLayout#MAX_TEXT_LENGTH} as FIELD_TOO_LONG.
     */
    void writeText(RecordWriter out, Field field);

    /** For NUMBER_INT: the value; rejects a number that does not fit a long. */
    long longValue();

    /** After START_OBJECT or START_ARRAY: skips to, and consumes, the matching end token. */
    void skipChildren();

    /** The array the line being read is in ({@link #begin}'s {@code line}): spans index into it. */
    byte[] line();

    /**
     * Where the current token starts in {@link #line()}: its first byte, the opening quote of a
     * string or name, the bracket of a container's start. Not for an end token.
     */
    int tokenStart();

    /**
     * Just after the current token's last byte in {@link #line()}: after the closing quote of a
     * string or name, after a number or literal; for the end token that {@link #skipChildren()}
     * stopped on, after that closing bracket. So a value's exact text is
     * {@code [tokenStart() at its first token, tokenEnd() at its last)}.
     */
    int tokenEnd();
}
