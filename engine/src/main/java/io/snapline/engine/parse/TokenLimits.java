package io.snapline.engine.parse;

import io.snapline.records.DeadLetterReason;
import io.snapline.records.RecordLayout;

/**
 * The most the parsers read of one token, found over a line's raw bytes before the Jackson cursor
 * is fed them. Jackson's non-blocking parser copies every string, number and name into its own
 * buffers (growing them as it goes) before its own {@code StreamReadConstraints} look at the
 * length: issue 12 measured about 330 MB for a 30 MB number. Found here first, the line is fed
 * only up to the token over a limit, which is never buffered, and rejected there.
 *
 * <p>The limits hold whichever cursor reads a line: the fast cursor reads in place and defers
 * at or inside them ({@link FastJsonCursor#MAX_DEPTH}, {@link FastJsonCursor#MAX_NAME_LENGTH},
 * {@link FastJsonCursor#MAX_NUMBER_LENGTH}, {@link RecordLayout#MAX_TEXT_LENGTH}), so a line
 * over one always reaches the Jackson cursor. The number and string limits reject no line that
 * could become records but for a skipped field (no record field holds more); the name and
 * nesting limits are the fast cursor's own, far beyond anything the node writes.
 *
 * <p>The scan knows strings (a backslash escapes the next byte) and nothing else of JSON: a
 * number is a run of number characters outside strings, a name a string followed by a colon.
 * On a valid line these are exactly JSON's tokens; on an invalid one a verdict of too long or
 * too deep instead of malformed is as good. It allocates nothing; one per Jackson cursor.
 */
final class TokenLimits {

    /** Deepest nesting of objects and arrays: the fast cursor's, so both read the same lines. */
    static final int MAX_NESTING_DEPTH = FastJsonCursor.MAX_DEPTH;
    /** Longest field name, in bytes as written (escapes included): the fast cursor's. */
    static final int MAX_NAME_BYTES = FastJsonCursor.MAX_NAME_LENGTH;
    /** Longest number, in characters: what a record's text field holds. */
    static final int MAX_NUMBER_LENGTH = RecordLayout.MAX_TEXT_LENGTH;
    /**
     * Longest string, in bytes as written: 1 MiB. Over six times what a record's text field holds
     * (a six-byte unicode escape is the most written for one byte decoded), so a longer string
     * could never be a field; it is the value of a field the extractors skip, which is read up to
     * here (Jackson buffers it at about five bytes a byte) and no further.
     */
    static final int MAX_STRING_BYTES = 1 << 20;

    static final LineRejected TOO_DEEP = new LineRejected(DeadLetterReason.NESTING_TOO_DEEP,
            "objects and arrays nested deeper than " + MAX_NESTING_DEPTH);
    static final LineRejected NAME_TOO_LONG = new LineRejected(DeadLetterReason.NAME_TOO_LONG,
            "field name over " + MAX_NAME_BYTES + " bytes");

    /** Where the first token over a limit starts, after {@link #scan}; -1 when none is. */
    private int overAt;
    /** Why that token is over, after {@link #scan}; null when none is. */
    private LineRejected over;

    /**
     * Finds the first token of {@code line[offset, offset + length)} over a limit: where it
     * starts ({@link #overAt()}) and the rejection it earns ({@link #over()}). The Jackson cursor
     * is fed the line only up to there, so it reads every token before it as the fast cursor
     * would (an extractor may reject the line on one of them first) and never buffers it.
     *
     * @return whether a token is over a limit
     */
    boolean scan(byte[] line, int offset, int length) {
        overAt = -1;
        over = null;
        int depth = 0;
        int numberStart = -1;
        for (int p = offset, end = offset + length; p < end; p++) {
            byte c = line[p];
            if (c == '"') {
                int start = p;
                p = closingQuote(line, start + 1, end);
                int stringBytes = p - start - 1;
                if (stringBytes > MAX_NAME_BYTES && isName(line, p + 1, end)) {
                    return overAt(start, NAME_TOO_LONG);
                }
                if (stringBytes > MAX_STRING_BYTES) {
                    return overAt(start, JacksonCursor.TEXT_TOO_LONG); // decodes to more than a field holds
                }
                numberStart = -1;
                continue;
            }
            if ((c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E') {
                if (numberStart < 0) {
                    numberStart = p;
                } else if (p - numberStart >= MAX_NUMBER_LENGTH) {
                    return overAt(numberStart, JacksonCursor.TEXT_TOO_LONG);
                }
                continue;
            }
            numberStart = -1;
            if (c == '{' || c == '[') {
                if (++depth > MAX_NESTING_DEPTH) {
                    return overAt(p, TOO_DEEP);
                }
            } else if (c == '}' || c == ']') {
                depth--;
            }
        }
        return false;
    }

    int overAt() {
        return overAt;
    }

    LineRejected over() {
        return over;
    }

    private boolean overAt(int at, LineRejected rejection) {
        overAt = at;
        over = rejection;
        return true;
    }

    /** Whether the first byte from {@code p} that is not whitespace is a colon: the string before was a name. */
    private static boolean isName(byte[] line, int p, int end) {
        for (; p < end; p++) {
            byte c = line[p];
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return c == ':';
            }
        }
        return false;
    }

    /** Index of the quote closing the string whose first byte is at {@code p}, or {@code end}. */
    private static int closingQuote(byte[] line, int p, int end) {
        for (; p < end; p++) {
            byte c = line[p];
            if (c == '"') {
                return p;
            }
            if (c == '\\') {
                p++;
            }
        }
        return end;
    }
}
