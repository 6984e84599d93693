package io.snapline.records;

/**
 * JSON text kept raw in a record (a JSON value, a member's name as written): whether it is what
 * it claims (RFC 8259, strict UTF-8), and a member name's decoded characters. The parser only
 * ever stores text it has read as JSON, so these checks fail only on a corrupt record; the
 * record view uses them to print a valid line whatever the bytes are. Allocation-free.
 */
final class JsonText {

    /** Deeper nesting than the parser ever stores (64) is taken for corruption. */
    static final int MAX_DEPTH = 512;

    private JsonText() {
    }

    /** Whether {@code b[offset, +length)} is exactly one JSON value (whitespace around allowed). */
    static boolean isValue(byte[] b, int offset, int length) {
        int end = offset + length;
        int p = value(b, skipWhitespace(b, offset, end), end, 0);
        return p >= 0 && skipWhitespace(b, p, end) == end;
    }

    /**
     * Whether {@code b[offset, +length)} is what may stand between a JSON string's quotes: UTF-8,
     * no control character, only JSON's escapes.
     */
    static boolean isStringContent(byte[] b, int offset, int length) {
        int end = offset + length;
        return stringContentEnd(b, offset, end) == end;
    }

    /**
     * Appends the characters a valid string content decodes to ({@link #isStringContent}); an
     * escaped lone surrogate is appended as that char, as Jackson decodes it.
     */
    static void appendDecoded(byte[] b, int offset, int length, StringBuilder out) {
        int end = offset + length;
        int p = offset;
        while (p < end) {
            int run = p;
            while (p < end && b[p] != '\\') {
                p++;
            }
            RecordView.appendUtf8(b, run, p - run, out);
            if (p < end) {
                byte e = b[p + 1];
                switch (e) {
                    case 'b' -> out.append('\b');
                    case 'f' -> out.append('\f');
                    case 'n' -> out.append('\n');
                    case 'r' -> out.append('\r');
                    case 't' -> out.append('\t');
                    case 'u' -> {
                        out.append((char) hex4(b, p + 2));
                        p += 4;
                    }
                    default -> out.append((char) e); // '"', '\\', '/'
                }
                p += 2;
            }
        }
    }

    /** RFC 8259's number: {@code -? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?}. */
    static boolean isNumber(byte[] b, int offset, int count) {
        int end = offset + count;
        return numberEnd(b, offset, end) == end;
    }

    /** Index after the value at {@code p}, or -1 if there is none. */
    private static int value(byte[] b, int p, int end, int depth) {
        if (p >= end) {
            return -1;
        }
        switch (b[p]) {
            case '{':
                return depth >= MAX_DEPTH ? -1 : object(b, p + 1, end, depth + 1);
            case '[':
                return depth >= MAX_DEPTH ? -1 : array(b, p + 1, end, depth + 1);
            case '"':
                return string(b, p, end);
            case 't':
                return literal(b, p, end, "true");
            case 'f':
                return literal(b, p, end, "false");
            case 'n':
                return literal(b, p, end, "null");
            default:
                return numberEnd(b, p, end);
        }
    }

    private static int object(byte[] b, int p, int end, int depth) {
        p = skipWhitespace(b, p, end);
        if (p < end && b[p] == '}') {
            return p + 1;
        }
        while (true) {
            if (p >= end || b[p] != '"') {
                return -1;
            }
            p = string(b, p, end);
            if (p < 0) {
                return -1;
            }
            p = skipWhitespace(b, p, end);
            if (p >= end || b[p] != ':') {
                return -1;
            }
            p = value(b, skipWhitespace(b, p + 1, end), end, depth);
            if (p < 0) {
                return -1;
            }
            p = skipWhitespace(b, p, end);
            if (p < end && b[p] == '}') {
                return p + 1;
            }
            if (p >= end || b[p] != ',') {
                return -1;
            }
            p = skipWhitespace(b, p + 1, end);
        }
    }

    private static int array(byte[] b, int p, int end, int depth) {
        p = skipWhitespace(b, p, end);
        if (p < end && b[p] == ']') {
            return p + 1;
        }
        while (true) {
            p = value(b, p, end, depth);
            if (p < 0) {
                return -1;
            }
            p = skipWhitespace(b, p, end);
            if (p < end && b[p] == ']') {
                return p + 1;
            }
            if (p >= end || b[p] != ',') {
                return -1;
            }
            p = skipWhitespace(b, p + 1, end);
        }
    }

    /** The string whose opening quote is at {@code p}: index after its closing quote, or -1. */
    private static int string(byte[] b, int p, int end) {
        int close = stringContentEnd(b, p + 1, end);
        return close < end && b[close] == '"' ? close + 1 : -1;
    }

    /** Index of the first byte from {@code p} that ends valid string content: a quote, a bad byte, or end. */
    private static int stringContentEnd(byte[] b, int p, int end) {
        while (p < end) {
            int c = b[p] & 0xFF;
            if (c == '"' || c < 0x20) {
                return p;
            }
            if (c == '\\') {
                if (p + 1 >= end) {
                    return p;
                }
                byte e = b[p + 1];
                if (e == 'u') {
                    if (end - p < 6 || hex4(b, p + 2) < 0) {
                        return p;
                    }
                    p += 6;
                } else if (e == '"' || e == '\\' || e == '/' || e == 'b' || e == 'f' || e == 'n' || e == 'r'
                        || e == 't') {
                    p += 2;
                } else {
                    return p;
                }
                continue;
            }
            int n = Utf8.sequenceLength(b, p, end);
            if (n == 0) {
                return p;
            }
            p += n;
        }
        return end;
    }

    /** The four hex digits at {@code p} as a number, or -1. */
    private static int hex4(byte[] b, int p) {
        int v = 0;
        for (int i = p; i < p + 4; i++) {
            int c = b[i];
            int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
                    : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
            if (d < 0) {
                return -1;
            }
            v = v << 4 | d;
        }
        return v;
    }

    private static int literal(byte[] b, int p, int end, String word) {
        int n = word.length();
        if (end - p < n) {
            return -1;
        }
        for (int i = 0; i < n; i++) {
            if (b[p + i] != word.charAt(i)) {
                return -1;
            }
        }
        return p + n;
    }

    /** Index after the number at {@code p}, or -1. */
    private static int numberEnd(byte[] b, int p, int end) {
        if (p < end && b[p] == '-') {
            p++;
        }
        if (p >= end) {
            return -1;
        }
        if (b[p] == '0') {
            p++;
        } else if (isDigit(b[p])) {
            p = skipDigits(b, p, end);
        } else {
            return -1;
        }
        if (p < end && b[p] == '.') {
            int fraction = ++p;
            p = skipDigits(b, p, end);
            if (p == fraction) {
                return -1;
            }
        }
        if (p < end && (b[p] == 'e' || b[p] == 'E')) {
            p++;
            if (p < end && (b[p] == '+' || b[p] == '-')) {
                p++;
            }
            int exponent = p;
            p = skipDigits(b, p, end);
            if (p == exponent) {
                return -1;
            }
        }
        return p;
    }

    private static int skipDigits(byte[] b, int p, int end) {
        while (p < end && isDigit(b[p])) {
            p++;
        }
        return p;
    }

    private static boolean isDigit(byte c) {
        return c >= '0' && c <= '9';
    }

    private static int skipWhitespace(byte[] b, int p, int end) {
        while (p < end && (b[p] == ' ' || b[p] == '\t' || b[p] == '\n' || b[p] == '\r')) {
            p++;
        }
        return p;
    }
}
