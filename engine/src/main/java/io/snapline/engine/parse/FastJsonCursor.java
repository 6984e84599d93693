package io.snapline.engine.parse;

import io.snapline.engine.record.Field;
import io.snapline.engine.record.RecordLayout;
import io.snapline.engine.record.RecordWriter;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Objects;

/**
 * The fast {@link JsonCursor}: tokenizes a line's bytes in place, for the common case of the
 * node's lines (ASCII, no escapes, plain numbers), and leaves everything else to the Jackson
 * reference cursor by throwing {@link DeferToReference#INSTANCE}.
 *
 * <p><b>It never rejects a line; it defers.</b> Any input it does not take, malformed or merely
 * unusual, makes it throw {@code DeferToReference}, so the reference cursor alone decides whether
 * a line is a dead letter and why (reason and detail exactly as if the fast cursor did not
 * exist). What it guarantees, and what {@code FastJsonCursorDifferentialProperties} checks
 * against both of Jackson's parsers (blocking, and the non-blocking one the reference uses), is:
 *
 * <ul>
 *   <li>every token it returns is the token Jackson returns at that step, with the same text (and
 *       the same {@code long} for an integer that fits);
 *   <li>it returns a token only where Jackson returns one too: it validates eagerly (a scalar
 *       together with the separator after it, a field name together with its colon and its
 *       whole value), so it stops, by deferring, at or before the step where Jackson fails;
 *   <li>{@link #finish()} returns normally only if Jackson reads the whole line as this one
 *       value with nothing but whitespace (space, tab, CR, LF) after it;
 *   <li>it returns no token at all for a line holding a byte at or above 0x80 anywhere: the
 *       reference checks the whole line's UTF-8 before its first token, so an extractor must not
 *       get further here (say to a shape error) than it would there.
 * </ul>
 *
 * <p>It defers on: any byte at or above 0x80 (found by {@link #begin}, so the first
 * {@link #next()} defers), a zero byte among the first four (Jackson's blocking parser takes
 * such a line for UTF-16 or UTF-32; also found by {@code begin}), a backslash or control character in a string, a root value that is
 * not an object or array, an empty line, nesting deeper than {@value #MAX_DEPTH}, a field name
 * longer than {@value #MAX_NAME_LENGTH} bytes, a string longer than
 * {@link RecordLayout#MAX_TEXT_LENGTH} bytes (whether or not it would be written), a number
 * longer than {@value #MAX_NUMBER_LENGTH} characters, a negative zero ({@code -0}, {@code -0.5}:
 * Jackson's non-blocking parser drops its minus sign from the text, the blocking one keeps it),
 * an integer outside {@code long} when {@link #longValue()} is asked for, any syntax error
 * (truncation and trailing data included), {@link #next()} past the root value, {@link #finish()}
 * before its end, and {@code nameIndex}, {@code writeText} or {@code longValue} on a token they
 * are not for. All limits are far inside Jackson's default {@code StreamReadConstraints} (nesting
 * 1000, numbers 1000 characters, names 50,000, strings 20,000,000), so deferring never hides a
 * limit Jackson would hit first.
 *
 * <p>Once constructed it allocates nothing: the nesting stack is one {@code long}, one bit per
 * level (set for an object), which is why the depth stops at 64. Strings are scanned eight bytes
 * at a time for a quote, a backslash, a control character or a high byte. Not thread-safe: one
 * per parse worker.
 */
public final class FastJsonCursor implements JsonCursor {

    /** Deepest nesting handled; one more level defers. */
    public static final int MAX_DEPTH = 64;
    /** Longest field name handled, in bytes; a longer one defers. */
    public static final int MAX_NAME_LENGTH = 1024;
    /** Longest number handled, in characters; a longer one defers. */
    public static final int MAX_NUMBER_LENGTH = 256;

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INTS = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

    private static final long LOW_BITS = 0x0101010101010101L;
    private static final long HIGH_BITS = 0x8080808080808080L;
    private static final long QUOTES = 0x2222222222222222L;
    private static final long BACKSLASHES = 0x5C5C5C5C5C5C5C5CL;
    private static final long SPACES = 0x2020202020202020L;

    /** "true", "null" and the "alse" of "false" as little-endian ints. */
    private static final int TRUE_WORD = 't' | 'r' << 8 | 'u' << 16 | 'e' << 24;
    private static final int NULL_WORD = 'n' | 'u' << 8 | 'l' << 16 | 'l' << 24;
    private static final int ALSE_WORD = 'a' | 'l' << 8 | 's' << 16 | 'e' << 24;

    // What next() reads: the state after the previous token (and its separator) was consumed.
    /** A field's value, already read with its name: return it. */
    private static final int S_PENDING = 0;
    /** After {@code ','} in an object: a name. */
    private static final int S_NAME = 1;
    /** The container's closing byte, already checked, is at {@code pos}. */
    private static final int S_CLOSE = 2;
    /** After {@code ','} in an array: a value. */
    private static final int S_VALUE = 3;
    /** After {@code '{'}: a name or {@code '}'}. */
    private static final int S_FIRST_IN_OBJECT = 4;
    /** After {@code '['}: a value or {@code ']'}. */
    private static final int S_FIRST_IN_ARRAY = 5;
    /** Before the root value. */
    private static final int S_ROOT = 6;
    /** The root value is complete (only {@link #finish()} is left), or nothing to read. */
    private static final int S_DONE = 7;

    private byte[] buf = new byte[0];
    private int pos;
    private int end;
    private int state = S_DONE;

    private int depth;
    /** Bit 0 is the innermost container: set for an object, clear for an array. */
    private long objectBits;

    private int token;
    /** The text of the current value (STRING without quotes, NUMBER_*, literals, brackets). */
    private int textStart;
    private int textLength;
    /** The current (or last) field name's text. */
    private int nameStart;
    private int nameLength;
    /** The token and state of a field's value, read together with its name. */
    private int pendingToken;
    private int pendingState;

    @Override
    public void begin(byte[] line, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, line.length);
        buf = line;
        pos = offset;
        end = offset + length;
        depth = 0;
        objectBits = 0;
        token = 0;
        textStart = offset;
        textLength = 0;
        nameStart = offset;
        nameLength = 0;
        // The reference checks the whole line's UTF-8 before its first token, so a high byte
        // anywhere must stop this cursor before its first token too, not only once reached. A
        // zero byte among the first four makes Jackson's blocking parser read UTF-16 or UTF-32.
        state = isAscii(line, offset, end) && !zeroInFirstFour(line, offset, end) ? S_ROOT : S_DONE;
    }

    /** The value after a field name is already read: returning it is the short path, small enough to inline. */
    @Override
    public int next() {
        if (state == S_PENDING) {
            state = pendingState;
            return token = pendingToken;
        }
        return advance();
    }

    private int advance() {
        final byte[] b = buf;
        int p = pos;
        switch (state) {
            case S_NAME:
                if (p >= end || b[p] != '"') {
                    p = skipWhitespace(p);
                    if (b[p] != '"') {
                        throw DeferToReference.INSTANCE;
                    }
                }
                return fieldName(p);
            case S_CLOSE:
                return close(p);
            case S_VALUE:
                return value(skipWhitespace(p));
            case S_FIRST_IN_OBJECT: {
                p = skipWhitespace(p);
                byte c = b[p];
                if (c == '"') {
                    return fieldName(p);
                }
                if (c == '}') {
                    return close(p);
                }
                throw DeferToReference.INSTANCE;
            }
            case S_FIRST_IN_ARRAY:
                p = skipWhitespace(p);
                return b[p] == ']' ? close(p) : value(p);
            case S_ROOT: {
                p = skipWhitespace(p);
                byte c = b[p];
                if (c != '{' && c != '[') {
                    throw DeferToReference.INSTANCE;
                }
                return value(p);
            }
            default:
                throw DeferToReference.INSTANCE;
        }
    }

    @Override
    public void finish() {
        if (state != S_DONE || token == 0) {
            throw DeferToReference.INSTANCE;
        }
        final byte[] b = buf;
        for (int p = pos, e = end; p < e; p++) {
            byte c = b[p];
            if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
                throw DeferToReference.INSTANCE;
            }
        }
    }

    @Override
    public int nameIndex(NameTable names) {
        if (token != FIELD_NAME) {
            throw DeferToReference.INSTANCE;
        }
        return names.indexOf(buf, nameStart, nameLength);
    }

    @Override
    public boolean textEquals(byte[] ascii) {
        if (token != STRING) {
            return false; // as the reference answers for any other token
        }
        // The text is ASCII without escapes, so its bytes are its decoded characters.
        return Arrays.equals(buf, textStart, textStart + textLength, ascii, 0, ascii.length);
    }

    @Override
    public void writeText(RecordWriter out, Field field) {
        byte kind;
        if (token == STRING) {
            kind = RecordLayout.KIND_STRING;
        } else if (token == NUMBER_INT || token == NUMBER_FLOAT) {
            kind = RecordLayout.KIND_NUMBER;
        } else {
            throw DeferToReference.INSTANCE;
        }
        if (textLength > RecordLayout.MAX_TEXT_LENGTH) {
            // The reference rejects it as FIELD_TOO_LONG, with its own detail.
            throw DeferToReference.INSTANCE;
        }
        out.putText(field, kind, buf, textStart, textLength);
    }

    @Override
    public long longValue() {
        if (token != NUMBER_INT) {
            throw DeferToReference.INSTANCE;
        }
        final byte[] b = buf;
        int p = textStart;
        final int e = textStart + textLength;
        boolean negative = b[p] == '-';
        if (negative) {
            p++;
        }
        int digits = e - p;
        if (digits <= 18) {
            long value = 0;
            for (; p < e; p++) {
                value = value * 10 + (b[p] - '0');
            }
            return negative ? -value : value;
        }
        if (digits > 19) {
            throw DeferToReference.INSTANCE;
        }
        // Nineteen digits may or may not fit: accumulate negatively, as Long.parseLong does.
        long limit = negative ? Long.MIN_VALUE : -Long.MAX_VALUE;
        long multiplyLimit = limit / 10;
        long value = 0;
        for (; p < e; p++) {
            int digit = b[p] - '0';
            if (value < multiplyLimit) {
                throw DeferToReference.INSTANCE;
            }
            value *= 10;
            if (value < limit + digit) {
                throw DeferToReference.INSTANCE;
            }
            value -= digit;
        }
        return negative ? value : -value;
    }

    @Override
    public void skipChildren() {
        if (token != START_OBJECT && token != START_ARRAY) {
            return;
        }
        // next() validates as strictly as ever; the container's end is the first token that
        // brings the depth back below the container's own.
        int outside = depth - 1;
        do {
            next();
        } while (depth > outside);
    }

    /** Where the current token's text starts in the line: a name, a string without quotes, a number. */
    int textStart() {
        return token == FIELD_NAME ? nameStart : textStart;
    }

    /** The current token's text length in bytes. */
    int textLength() {
        return token == FIELD_NAME ? nameLength : textLength;
    }

    /** Nesting depth: the containers open after the current token (and after a name, its value's). */
    int depth() {
        return depth;
    }

    private static boolean isAscii(byte[] b, int from, int to) {
        long highBits = 0;
        int p = from;
        for (int lastWord = to - Long.BYTES; p <= lastWord; p += Long.BYTES) {
            highBits |= (long) LONGS.get(b, p);
        }
        for (; p < to; p++) {
            highBits |= b[p];
        }
        return (highBits & HIGH_BITS) == 0;
    }

    private static boolean zeroInFirstFour(byte[] b, int from, int to) {
        for (int p = from, e = Math.min(to, from + 4); p < e; p++) {
            if (b[p] == 0) {
                return true;
            }
        }
        return false;
    }

    /** Index of the first byte at or after {@code p} that is not JSON whitespace; defers at the line's end. */
    private int skipWhitespace(int p) {
        final byte[] b = buf;
        final int e = end;
        for (; p < e; p++) {
            byte c = b[p];
            if (c > ' ') {
                return p;
            }
            if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
                throw DeferToReference.INSTANCE;
            }
        }
        throw DeferToReference.INSTANCE;
    }

    /**
     * A field name at {@code p} (its opening quote), its colon and its whole value, so that the
     * name is returned only where Jackson's blocking parser, which reads a scalar value together
     * with its name, returns it too.
     */
    private int fieldName(int p) {
        final byte[] b = buf;
        int start = p + 1;
        int quote = stringEnd(start);
        int length = quote - start;
        if (length > MAX_NAME_LENGTH) {
            throw DeferToReference.INSTANCE;
        }
        int v = quote + 1;
        if (v < end && b[v] == ':') {
            v++;
        } else {
            v = skipWhitespace(v);
            if (b[v] != ':') {
                throw DeferToReference.INSTANCE;
            }
            v++;
        }
        if (v >= end || b[v] <= ' ') {
            v = skipWhitespace(v);
        }
        pendingToken = value(v);
        pendingState = state;
        state = S_PENDING;
        nameStart = start;
        nameLength = length;
        return token = FIELD_NAME;
    }

    /**
     * The value whose first byte is at {@code p}: sets the token, its text, the position and the
     * state. Tests in order of frequency in the node's lines, and as an if-chain rather than a
     * switch, whose table would make the method too big for the JIT to inline.
     */
    private int value(int p) {
        byte c = buf[p];
        if (c == '"') {
            int start = p + 1;
            int quote = stringEnd(start);
            if (quote - start > RecordLayout.MAX_TEXT_LENGTH) {
                throw DeferToReference.INSTANCE;
            }
            textStart = start;
            textLength = quote - start;
            afterScalar(quote + 1);
            return token = STRING;
        }
        if (c == 'n') {
            return literal(p, 4, NULL_WORD, NULL);
        }
        if ((c >= '0' && c <= '9') || c == '-') {
            return number(p);
        }
        if (c == 'f') {
            return literal(p, 5, ALSE_WORD, FALSE);
        }
        if (c == 't') {
            return literal(p, 4, TRUE_WORD, TRUE);
        }
        if (c == '{') {
            return open(p, 1, S_FIRST_IN_OBJECT, START_OBJECT);
        }
        if (c == '[') {
            return open(p, 0, S_FIRST_IN_ARRAY, START_ARRAY);
        }
        throw DeferToReference.INSTANCE;
    }

    /** {@code true}, {@code null} (the four bytes are {@code word}) or {@code false} (its last four are). */
    private int literal(int p, int length, int word, int literalToken) {
        if (p + length > end || (int) INTS.get(buf, p + length - 4) != word) {
            throw DeferToReference.INSTANCE;
        }
        textStart = p;
        textLength = length;
        afterScalar(p + length);
        return token = literalToken;
    }

    private int open(int p, long objectBit, int nextState, int openToken) {
        if (depth == MAX_DEPTH) {
            throw DeferToReference.INSTANCE;
        }
        depth++;
        objectBits = objectBits << 1 | objectBit;
        textStart = p;
        textLength = 1;
        pos = p + 1;
        state = nextState;
        return token = openToken;
    }

    /** The closing byte at {@code p}, already known to match the innermost container. */
    private int close(int p) {
        int closeToken = (objectBits & 1) != 0 ? END_OBJECT : END_ARRAY;
        objectBits >>>= 1;
        textStart = p;
        textLength = 1;
        if (--depth == 0) {
            pos = p + 1;
            state = S_DONE;
        } else {
            afterScalar(p + 1);
        }
        return token = closeToken;
    }

    /** A number exactly as RFC 8259 spells it: {@code -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?}. */
    private int number(int start) {
        final byte[] b = buf;
        final int e = end;
        int p = start;
        if (b[p] == '-' && (++p >= e || b[p] == '0')) {
            // A negative zero ("-0", "-0.5", "-0e1") defers: Jackson's non-blocking parser, the
            // reference, gives its text without the minus sign, the blocking one with it.
            throw DeferToReference.INSTANCE;
        }
        byte c = b[p];
        if (c == '0') {
            p++; // a digit after it is a leading zero: the separator check defers
        } else if (c >= '1' && c <= '9') {
            do {
                p++;
            } while (p < e && isDigit(b[p]));
        } else {
            throw DeferToReference.INSTANCE;
        }
        int numberToken = NUMBER_INT;
        if (p < e && (b[p] == '.' || (b[p] | 0x20) == 'e')) {
            p = fractionAndExponent(p);
            numberToken = NUMBER_FLOAT;
        }
        if (p - start > MAX_NUMBER_LENGTH) {
            throw DeferToReference.INSTANCE;
        }
        textStart = start;
        textLength = p - start;
        afterScalar(p);
        return token = numberToken;
    }

    /** The optional fraction and exponent of a number, from {@code p}; returns the index after them. */
    private int fractionAndExponent(int p) {
        final byte[] b = buf;
        final int e = end;
        if (b[p] == '.') {
            int digits = ++p;
            while (p < e && isDigit(b[p])) {
                p++;
            }
            if (p == digits) {
                throw DeferToReference.INSTANCE;
            }
        }
        if (p < e && (b[p] | 0x20) == 'e') {
            p++;
            if (p < e && (b[p] == '+' || b[p] == '-')) {
                p++;
            }
            int digits = p;
            while (p < e && isDigit(b[p])) {
                p++;
            }
            if (p == digits) {
                throw DeferToReference.INSTANCE;
            }
        }
        return p;
    }

    private static boolean isDigit(byte c) {
        return c >= '0' && c <= '9';
    }

    /**
     * After a value inside a container, ending just before {@code p}: the separator must follow
     * at once, a comma or the innermost container's own closing byte, else the cursor defers
     * now, before the value is returned.
     */
    private void afterScalar(int p) {
        if (p < end) {
            byte c = buf[p];
            if (c == ',') {
                pos = p + 1;
                state = (objectBits & 1) != 0 ? S_NAME : S_VALUE;
                return;
            }
            if (c == ((objectBits & 1) != 0 ? '}' : ']')) {
                pos = p;
                state = S_CLOSE;
                return;
            }
        }
        afterScalarSpaced(p);
    }

    private void afterScalarSpaced(int p) {
        p = skipWhitespace(p);
        byte c = buf[p];
        boolean inObject = (objectBits & 1) != 0;
        if (c == ',') {
            pos = p + 1;
            state = inObject ? S_NAME : S_VALUE;
        } else if (c == (inObject ? '}' : ']')) {
            pos = p;
            state = S_CLOSE;
        } else {
            throw DeferToReference.INSTANCE;
        }
    }

    /**
     * Index of the closing quote of the string whose first byte is at {@code p}. Defers on a
     * backslash, a byte below 0x20 or at or above 0x80, or the line's end before the quote.
     */
    private int stringEnd(int p) {
        final byte[] b = buf;
        final int e = end;
        final int lastWord = b.length - Long.BYTES;
        while (p <= lastWord) {
            // Reading past the line's end (but inside the array) is harmless: a hit there defers.
            long x = (long) LONGS.get(b, p);
            long quotes = x ^ QUOTES;
            long backslashes = x ^ BACKSLASHES;
            // Per byte: zero after the XOR (quote or backslash), below 0x20 (x - 0x20 borrows into
            // the high bit), or a high bit of its own. Borrows only flag bytes above a true hit, and
            // little-endian puts the lowest byte first, so the lowest flag is exact, in either mask.
            long quoteHits = (quotes - LOW_BITS) & ~quotes;
            long hits = (quoteHits | ((backslashes - LOW_BITS) & ~backslashes) | (x - SPACES) | x) & HIGH_BITS;
            if (hits != 0) {
                long first = hits & -hits;
                int hit = p + (Long.numberOfTrailingZeros(first) >>> 3);
                if ((quoteHits & first) == 0 || hit >= e) {
                    throw DeferToReference.INSTANCE;
                }
                return hit;
            }
            p += Long.BYTES;
            if (p >= e) {
                throw DeferToReference.INSTANCE;
            }
        }
        return stringEndByBytes(p);
    }

    private int stringEndByBytes(int p) {
        final byte[] b = buf;
        for (final int e = end; p < e; p++) {
            byte c = b[p];
            if (c == '"') {
                return p;
            }
            if (c < ' ' || c == '\\') { // signed: bytes at or above 0x80 are negative
                throw DeferToReference.INSTANCE;
            }
        }
        throw DeferToReference.INSTANCE;
    }
}
