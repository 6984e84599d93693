package io.snapline.engine.parse;

/**
 * Where a token Jackson has already read ends in the line's raw bytes. Jackson's non-blocking
 * parser tells where a token starts but not where it ends (and its start of an end token lags),
 * so the reference cursor finds ends here: the token is known valid, so a string ends at its
 * first unescaped quote, a number at its first byte that is no number character, and a container
 * at the bracket that closes it, strings skipped.
 */
final class RawSpans {

    private RawSpans() {
    }

    /** After the closing quote of the string or name whose opening quote is at {@code quote}. */
    static int stringEnd(byte[] b, int quote, int end) {
        for (int p = quote + 1; p < end; p++) {
            byte c = b[p];
            if (c == '"') {
                return p + 1;
            }
            if (c == '\\') {
                p++;
            }
        }
        return end;
    }

    /** After the number starting at {@code start}. */
    static int numberEnd(byte[] b, int start, int end) {
        int p = start;
        while (p < end && isNumberByte(b[p])) {
            p++;
        }
        return p;
    }

    /** After the bracket closing the object or array whose opening bracket is at {@code open}. */
    static int containerEnd(byte[] b, int open, int end) {
        int depth = 0;
        for (int p = open; p < end; p++) {
            byte c = b[p];
            if (c == '"') {
                p = stringEnd(b, p, end) - 1;
            } else if (c == '{' || c == '[') {
                depth++;
            } else if ((c == '}' || c == ']') && --depth == 0) {
                return p + 1;
            }
        }
        return end;
    }

    private static boolean isNumberByte(byte c) {
        return (c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E';
    }
}
