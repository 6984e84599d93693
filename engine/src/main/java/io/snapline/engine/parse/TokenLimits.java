package io.snapline.engine.parse;

import io.snapline.records.DeadLetterReason;
import io.snapline.records.RecordLayout;

/**
 * The most the parsers read of one token, checked over a line's raw bytes before the Jackson
 * cursor is fed any of them. Jackson's non-blocking parser copies every string, number and name
 * into its own buffers (growing them as it goes) before its own {@code StreamReadConstraints}
 * look at the length, so a 30 MB number cost about 330 MB there; checked here first, such a line
 * costs one pass over its bytes and no buffer at all.
 *
 * <p>The limits hold whichever cursor reads a line: the fast cursor reads in place and defers
 * well inside them ({@link FastJsonCursor#MAX_DEPTH}, {@link FastJsonCursor#MAX_NAME_LENGTH},
 * {@link FastJsonCursor#MAX_NUMBER_LENGTH}, {@link RecordLayout#MAX_TEXT_LENGTH}), so a line
 * over one always reaches the Jackson cursor and this check. None of them rejects a line that
 * could become records: no record field holds a longer number or string.
 *
 * <p>The scan knows strings (a backslash escapes the next byte) and nothing else of JSON: a
 * number is a run of number characters outside strings, a name a string followed by a colon.
 * On a valid line these are exactly JSON's tokens; on an invalid one a verdict of too long or
 * too deep instead of malformed is as good. It allocates nothing.
 */
final class TokenLimits {

    /** Deepest nesting of objects and arrays: the fast cursor's, so both read the same lines. */
    static final int MAX_NESTING_DEPTH = FastJsonCursor.MAX_DEPTH;
    /** Longest field name, in bytes as written (escapes included): the fast cursor's. */
    static final int MAX_NAME_BYTES = FastJsonCursor.MAX_NAME_LENGTH;
    /** Longest number, in characters: what a record's text field holds. */
    static final int MAX_NUMBER_LENGTH = RecordLayout.MAX_TEXT_LENGTH;
    /**
     * Longest string, in bytes as written: six times what a record's text field holds, since an
     * escape ({@code \u0041}) is at most six bytes for one byte decoded; any longer string
     * decodes to more than a field holds.
     */
    static final int MAX_STRING_BYTES = 6 * RecordLayout.MAX_TEXT_LENGTH;

    static final LineRejected TOO_DEEP = new LineRejected(DeadLetterReason.NESTING_TOO_DEEP,
            "objects and arrays nested deeper than " + MAX_NESTING_DEPTH);
    static final LineRejected NAME_TOO_LONG = new LineRejected(DeadLetterReason.NAME_TOO_LONG,
            "field name over " + MAX_NAME_BYTES + " bytes");

    private TokenLimits() {
    }

    /** Rejects {@code line[offset, offset + length)} if a token in it is over a limit. */
    static void check(byte[] line, int offset, int length) {
        int depth = 0;
        int numberRun = 0;
        for (int p = offset, end = offset + length; p < end; p++) {
            byte c = line[p];
            if (c == '"') {
                int start = p + 1;
                p = closingQuote(line, start, end);
                int stringBytes = p - start;
                if (stringBytes > MAX_NAME_BYTES && isName(line, p + 1, end)) {
                    throw NAME_TOO_LONG;
                }
                if (stringBytes > MAX_STRING_BYTES) {
                    throw JacksonCursor.TEXT_TOO_LONG; // decodes to more than a field holds
                }
                numberRun = 0;
                continue;
            }
            if ((c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E') {
                if (++numberRun > MAX_NUMBER_LENGTH) {
                    throw JacksonCursor.TEXT_TOO_LONG;
                }
                continue;
            }
            numberRun = 0;
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
                continue;
            }
            if (c == '{' || c == '[') {
                if (++depth > MAX_NESTING_DEPTH) {
                    throw TOO_DEEP;
                }
            } else if (c == '}' || c == ']') {
                depth--;
            }
        }
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
