package io.snapline.engine.parse;

import static io.snapline.records.LittleEndian.INT;
import static io.snapline.records.LittleEndian.LONG;

import io.snapline.records.Field;
import io.snapline.records.RecordLayout;
import io.snapline.records.RecordWriter;
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
 * against both of Jackson's parsers (the blocking one, and the non-blocking one the reference
 * uses), is:
 *
 * <ul>
 *   <li>every token it returns is the token Jackson returns at that step, with the same text (and
 *       the same {@code long} for an integer that fits);
 *   <li>it returns a token only where Jackson returns one too: it validates eagerly (a scalar or
 *       an end token together with the separator after it, a field name together with its colon
 *       and its whole value), so it stops, by deferring, at or before the step where Jackson
 *       fails;
 *   <li>{@link #finish()} returns normally only if Jackson reads the whole line as this one
 *       value with nothing but whitespace (space, tab, CR, LF) after it;
 *   <li>it returns no token at all for a line holding a byte at or above 0x80 anywhere: the
 *       reference checks the whole line's UTF-8 before its first token, so an extractor must not
 *       get further here (say to a shape error) than it would there.
 * </ul>
 *
 * <p>It defers on: any byte at or above 0x80 and a zero byte among the first four (Jackson's
 * blocking parser takes such a line for UTF-16 or UTF-32), both found by {@link #begin} so that
 * the first {@link #next()} defers; a backslash or control character in a string; a root value
 * that is not an object or array, and an empty line; nesting deeper than {@value #MAX_DEPTH};
 * a field name longer than {@value #MAX_NAME_LENGTH} bytes; a string longer than
 * {@link RecordLayout#MAX_TEXT_LENGTH} bytes, whether or not it would be written; a number
 * longer than {@value #MAX_NUMBER_LENGTH} characters; a negative zero ({@code -0},
 * {@code -0.5}: Jackson's non-blocking parser drops its minus sign from the text, the blocking
 * one keeps it); an integer outside {@code long} when {@link #longValue()} is asked for; any
 * syntax error, truncation and trailing data included; {@link #next()} past the root value,
 * {@link #finish()} before its end; and {@code nameIndex}, {@code writeText} or
 * {@code longValue} on a token they are not for. All limits are far inside Jackson's default
 * {@code StreamReadConstraints} (nesting 1000, numbers 1000 characters, names 50,000, strings
 * 20,000,000), so deferring never hides a limit Jackson would hit first.
 *
 * <p>How it is fast: {@code next()} reads from a tape of tokens (type, start, length), filled
 * ahead, {@value #TAPE_CAPACITY} tokens at a time, by one loop that keeps its state in locals
 * and reads an object's names and scalar values in a tight inner loop. The tape only ever holds
 * validated tokens; where validation fails, the token after the tape defers, at exactly the step
 * a token-at-a-time reader would defer. Strings are scanned eight bytes at a time for a quote, a
 * backslash or a control character (high bytes were ruled out by {@link #begin}). Names are looked up in a small hash table per
 * {@link NameTable} ({@link NameLookup}), which answers as the reference's {@code String} lookup.
 *
 * <p>It allocates nothing per line. The tape (12 KB) and the nesting stack (one {@code long},
 * one bit per level, set for an object: hence the depth of 64) come with the cursor; the one
 * later allocation is a table's lookup, built the first time {@link #nameIndex} sees the table
 * (or at construction, with {@link #FastJsonCursor(NameTable...)}). Not thread-safe: one per
 * parse worker.
 */
public final class FastJsonCursor implements JsonCursor {

    /** Deepest nesting handled; one more level defers. */
    public static final int MAX_DEPTH = 64;
    /** Longest field name handled, in bytes; a longer one defers. */
    public static final int MAX_NAME_LENGTH = 1024;
    /** Longest number handled, in characters; a longer one defers. */
    public static final int MAX_NUMBER_LENGTH = 256;
    /** Tokens read ahead at most; a longer line is read a tape at a time. */
    static final int TAPE_CAPACITY = 1024;
    /** Name tables given a fast lookup; further tables use their own (slower) byte lookup. */
    static final int MAX_TABLES = 32;

    private static final long HIGH_BITS = 0x8080808080808080L;
    private static final long QUOTES = 0x2222222222222222L;
    private static final long BACKSLASHES = 0x5C5C5C5C5C5C5C5CL;
    private static final long LOW_7F = 0x7F7F7F7F7F7F7F7FL;
    private static final long LOW_60 = 0x6060606060606060L;
    private static final long[] POWERS_OF_TEN = {1L, 10L, 100L, 1_000L, 10_000L, 100_000L, 1_000_000L, 10_000_000L,
        100_000_000L};

    /** "true", "null" and the "alse" of "false" as little-endian ints. */
    private static final int TRUE_WORD = 't' | 'r' << 8 | 'u' << 16 | 'e' << 24;
    private static final int NULL_WORD = 'n' | 'u' << 8 | 'l' << 16 | 'l' << 24;
    private static final int ALSE_WORD = 'a' | 'l' << 8 | 's' << 16 | 'e' << 24;

    // What the tokenizer reads next; the two final states come last.
    /** After {@code ','} in an object: a name (with its value and the separator after it). */
    private static final int E_NAME = 0;
    /** After {@code ','} in an array: a value (with the separator after it). */
    private static final int E_VALUE = 1;
    /** The innermost container's closing byte, already checked, is next. */
    private static final int E_CLOSE = 2;
    /** After {@code '{'}: a name or {@code '}'}. */
    private static final int E_NAME_OR_END = 3;
    /** After {@code '['}: a value or {@code ']'}. */
    private static final int E_VALUE_OR_END = 4;
    /** Before the root value. */
    private static final int E_ROOT = 5;
    /** The root value is complete: only whitespace may follow, which {@link #finish()} checks. */
    private static final int E_DONE = 6;
    /** Something the cursor does not take: the token after the tape defers. */
    private static final int E_DEFER = 7;

    private final NameLookup[] lookups = new NameLookup[MAX_TABLES];
    private int lookupCount;
    private NameLookup lastLookup;

    // The tape: tokens validated ahead of the reader, each with its text's place in the line.
    private final int[] types = new int[TAPE_CAPACITY];
    private final int[] starts = new int[TAPE_CAPACITY];
    private final int[] lengths = new int[TAPE_CAPACITY];
    private int count;
    private int current = -1;
    private int token;

    // The tokenizer, where the tape ends.
    private byte[] buf = new byte[0];
    private int pos;
    private int end;
    private int expect = E_DEFER;
    private int depth;
    /** Bit 0 is the innermost container: set for an object, clear for an array. */
    private long objectBits;

    /** A cursor that builds a table's name lookup the first time it is asked about that table. */
    public FastJsonCursor() {
    }

    /**
     * A cursor with the lookups of these tables built now, so that not even the first line that
     * uses them allocates.
     */
    public FastJsonCursor(NameTable... tables) {
        for (NameTable table : tables) {
            lookupOf(table);
        }
    }

    @Override
    public void begin(byte[] line, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, line.length);
        buf = line;
        pos = offset;
        end = offset + length;
        depth = 0;
        objectBits = 0;
        count = 0;
        current = -1;
        token = 0;
        // The reference checks the whole line's UTF-8 before its first token, so a high byte
        // anywhere must stop this cursor before its first token too, not only once reached. A
        // zero byte among the first four makes Jackson's blocking parser read UTF-16 or UTF-32.
        expect = isAscii(line, offset, end) && !zeroInFirstFour(line, offset, end) ? E_ROOT : E_DEFER;
    }

    @Override
    public int next() {
        int i = current + 1;
        if (i < count) {
            current = i;
            return token = types[i];
        }
        return nextTape();
    }

    private int nextTape() {
        if (expect >= E_DONE) {
            throw DeferToReference.INSTANCE; // past the root, or at what this cursor does not take
        }
        fill();
        if (count == 0) {
            throw DeferToReference.INSTANCE;
        }
        current = 0;
        return token = types[0];
    }

    @Override
    public void finish() {
        if (expect != E_DONE || current != count - 1 || token == 0) {
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
        NameLookup lookup = lastLookup;
        if (lookup == null || lookup.table != names) {
            lookup = lookupOf(names);
            if (lookup == null) {
                return names.indexOf(buf, starts[current], lengths[current]);
            }
            lastLookup = lookup;
        }
        return lookup.indexOf(buf, starts[current], lengths[current]);
    }

    /** This table's lookup, built the first time the table is seen; null once {@value #MAX_TABLES} are kept. */
    private NameLookup lookupOf(NameTable names) {
        for (int i = 0; i < lookupCount; i++) {
            if (lookups[i].table == names) {
                return lookups[i];
            }
        }
        if (lookupCount == MAX_TABLES) {
            return null;
        }
        NameLookup lookup = new NameLookup(names);
        lookups[lookupCount++] = lookup;
        return lookup;
    }

    @Override
    public boolean textEquals(byte[] ascii) {
        if (token != STRING) {
            return false; // as the reference answers for any other token
        }
        // The text is ASCII without escapes, so its bytes are its decoded characters.
        int start = starts[current];
        return Arrays.equals(buf, start, start + lengths[current], ascii, 0, ascii.length);
    }

    @Override
    public void writeText(RecordWriter out, Field field) {
        byte kind;
        if (token == STRING || token == FIELD_NAME) {
            kind = RecordLayout.KIND_STRING;
        } else if (token == NUMBER_INT || token == NUMBER_FLOAT) {
            kind = RecordLayout.KIND_NUMBER;
        } else {
            throw DeferToReference.INSTANCE;
        }
        // Strings and numbers over the record's limit were deferred when read.
        out.putText(field, kind, buf, starts[current], lengths[current]);
    }

    @Override
    public long longValue() {
        if (token != NUMBER_INT) {
            throw DeferToReference.INSTANCE;
        }
        final byte[] b = buf;
        int p = starts[current];
        final int e = p + lengths[current];
        boolean negative = b[p] == '-';
        if (negative) {
            p++;
        }
        int digits = e - p;
        if (digits <= 16 && e >= Long.BYTES) {
            // Eight digits at a time, not one: the node's ids and timestamps have 9 to 13.
            long value = digits <= Long.BYTES ? lastDigits(b, e, digits)
                    : eightDigits((long) LONG.get(b, p)) * POWERS_OF_TEN[digits - Long.BYTES]
                            + lastDigits(b, e, digits - Long.BYTES);
            return negative ? -value : value;
        }
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

    /** The value of the {@code count} (1 to 8) digits just before {@code e}, which is at least 8. */
    private static long lastDigits(byte[] b, int e, int count) {
        // The word ending at e, with the bytes before the digits cleared: they read as leading zeros.
        long word = (long) LONG.get(b, e - Long.BYTES);
        return eightDigits(word & -1L << Byte.SIZE * (Long.BYTES - count));
    }

    /**
     * The value of eight ASCII digits (or zero bytes, as leading zeros), the first in the lowest
     * byte: pairs, then fours, then the eight combined by multiplications (as in simdjson).
     */
    private static long eightDigits(long word) {
        word = (word & 0x0F0F0F0F0F0F0F0FL) * 2561 >>> 8;
        word = (word & 0x00FF00FF00FF00FFL) * 6553601 >>> 16;
        return (word & 0x0000FFFF0000FFFFL) * 42949672960001L >>> 32;
    }

    @Override
    public void skipChildren() {
        if (token != START_OBJECT && token != START_ARRAY) {
            return;
        }
        // Every token is validated as ever; the container ends at the first end token that
        // closes more than it opened.
        int open = 1;
        do {
            int t = next();
            if (t == START_OBJECT || t == START_ARRAY) {
                open++;
            } else if (t == END_OBJECT || t == END_ARRAY) {
                open--;
            }
        } while (open > 0);
    }

    @Override
    public byte[] line() {
        return buf;
    }

    @Override
    public int tokenStart() {
        // The tape keeps a name's or string's text without its quotes.
        int t = token;
        return t == STRING || t == FIELD_NAME ? starts[current] - 1 : starts[current];
    }

    @Override
    public int tokenEnd() {
        int t = token;
        int end = starts[current] + lengths[current];
        return t == STRING || t == FIELD_NAME ? end + 1 : end;
    }

    /** Where the current token's text starts in the line: a name, a string without quotes, a number. */
    int textStart() {
        return starts[current];
    }

    /** The current token's text length in bytes. */
    int textLength() {
        return lengths[current];
    }

    /**
     * Reads tokens onto the tape, as many as fit, validating each before it is kept: a scalar
     * with the separator after it, an end token with the separator after it, a field name with
     * its colon and its whole value (so the name is kept only where Jackson's blocking parser,
     * which reads a scalar value together with its name, returns it too). At the first thing it
     * does not take, it stops: the tape keeps the tokens validated so far and the token after
     * them defers.
     */
    private void fill() {
        final byte[] b = buf;
        final int e = end;
        final int[] types = this.types;
        final int[] starts = this.starts;
        final int[] lengths = this.lengths;
        int p = pos;
        int st = expect;
        int d = depth;
        long ob = objectBits;
        int n = 0;
        int kept = 0;
        try {
            while (st < E_DONE && n < TAPE_CAPACITY - 2) {
                switch (st) {
                    case E_NAME:
                    case E_VALUE: {
                        // The common run, in one loop: an object's names with scalar values, or an
                        // array's scalar values, up to the object's or array's end.
                        final boolean named = st == E_NAME;
                        final byte close = named ? (byte) '}' : (byte) ']';
                        for (;;) {
                            if (named) {
                                if (p >= e || b[p] != '"') {
                                    p = skipWhitespace(b, p, e);
                                    if (b[p] != '"') {
                                        throw DeferToReference.INSTANCE;
                                    }
                                }
                                int start = p + 1;
                                p = stringEnd(b, start, e);
                                if (p - start > MAX_NAME_LENGTH) {
                                    throw DeferToReference.INSTANCE;
                                }
                                types[n] = FIELD_NAME;
                                starts[n] = start;
                                lengths[n] = p - start;
                                n++;
                                p++;
                                if (p >= e || b[p] != ':') {
                                    p = skipWhitespace(b, p, e);
                                    if (b[p] != ':') {
                                        throw DeferToReference.INSTANCE;
                                    }
                                }
                                p++;
                            }
                            if (p >= e || b[p] <= ' ') {
                                p = skipWhitespace(b, p, e);
                            }
                            byte c = b[p];
                            if (c == '{' || c == '[') {
                                if (d == MAX_DEPTH) {
                                    throw DeferToReference.INSTANCE;
                                }
                                d++;
                                boolean object = c == '{';
                                ob = ob << 1 | (object ? 1 : 0);
                                types[n] = object ? START_OBJECT : START_ARRAY;
                                starts[n] = p;
                                lengths[n] = 1;
                                kept = ++n;
                                p++;
                                st = object ? E_NAME_OR_END : E_VALUE_OR_END;
                                break;
                            }
                            p = scalar(b, p, e, n);
                            n++;
                            // The separator, at once: a name and its value are kept only with it.
                            if (p >= e || b[p] <= ' ') {
                                p = skipWhitespace(b, p, e);
                            }
                            c = b[p];
                            if (c == ',') {
                                p++;
                                kept = n;
                                if (n >= TAPE_CAPACITY - 2) {
                                    break; // the tape is full: go on from the next name or value
                                }
                                continue;
                            }
                            if (c != close) {
                                throw DeferToReference.INSTANCE;
                            }
                            kept = n;
                            st = E_CLOSE;
                            break;
                        }
                        continue;
                    }
                    case E_CLOSE: {
                        types[n] = (ob & 1) != 0 ? END_OBJECT : END_ARRAY;
                        starts[n] = p;
                        lengths[n] = 1;
                        n++;
                        p++;
                        ob >>>= 1;
                        if (--d == 0) {
                            st = E_DONE;
                        } else {
                            // The separator after the end token, at once, as after a scalar.
                            if (p >= e || b[p] <= ' ') {
                                p = skipWhitespace(b, p, e);
                            }
                            byte c = b[p];
                            if (c == ',') {
                                p++;
                                st = (ob & 1) != 0 ? E_NAME : E_VALUE;
                            } else if (c != ((ob & 1) != 0 ? '}' : ']')) {
                                throw DeferToReference.INSTANCE;
                            }
                        }
                        kept = n;
                        continue;
                    }
                    case E_NAME_OR_END:
                        p = skipWhitespace(b, p, e);
                        st = b[p] == '}' ? E_CLOSE : E_NAME;
                        continue;
                    case E_VALUE_OR_END:
                        p = skipWhitespace(b, p, e);
                        st = b[p] == ']' ? E_CLOSE : E_VALUE;
                        continue;
                    default: { // E_ROOT
                        p = skipWhitespace(b, p, e);
                        byte c = b[p];
                        if (c != '{' && c != '[') {
                            throw DeferToReference.INSTANCE;
                        }
                        d = 1;
                        ob = c == '{' ? 1 : 0;
                        types[n] = c == '{' ? START_OBJECT : START_ARRAY;
                        starts[n] = p;
                        lengths[n] = 1;
                        kept = ++n;
                        p++;
                        st = c == '{' ? E_NAME_OR_END : E_VALUE_OR_END;
                        continue;
                    }
                }
            }
        } catch (DeferToReference deferred) {
            st = E_DEFER;
        }
        count = kept;
        current = -1;
        pos = p;
        expect = st;
        depth = d;
        objectBits = ob;
    }

    /**
     * The string, number or literal at {@code p}, put on the tape at {@code n}; returns the index
     * after it.
     */
    private int scalar(byte[] b, int p, int e, int n) {
        byte c = b[p];
        if (c == '"') {
            int start = p + 1;
            int quote = stringEnd(b, start, e);
            if (quote - start > RecordLayout.MAX_TEXT_LENGTH) {
                throw DeferToReference.INSTANCE;
            }
            types[n] = STRING;
            starts[n] = start;
            lengths[n] = quote - start;
            return quote + 1;
        }
        if (c == 'n' || c == 't' || c == 'f') {
            int length = c == 'f' ? 5 : 4;
            int word = c == 'n' ? NULL_WORD : c == 't' ? TRUE_WORD : ALSE_WORD;
            if (p + length > e || (int) INT.get(b, p + length - 4) != word) {
                throw DeferToReference.INSTANCE;
            }
            types[n] = c == 'n' ? NULL : c == 't' ? TRUE : FALSE;
            starts[n] = p;
            lengths[n] = length;
            return p + length;
        }
        if ((c >= '0' && c <= '9') || c == '-') {
            int numberEnd = numberEnd(b, p, e);
            int after = numberEnd < 0 ? ~numberEnd : numberEnd;
            types[n] = numberEnd < 0 ? NUMBER_FLOAT : NUMBER_INT;
            starts[n] = p;
            lengths[n] = after - p;
            return after;
        }
        throw DeferToReference.INSTANCE;
    }

    /**
     * The end of the number at {@code start}, spelled exactly as RFC 8259 has it:
     * {@code -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?}; its complement for a number with a
     * fraction or exponent.
     */
    private static int numberEnd(byte[] b, int start, int e) {
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
        boolean plain = true;
        if (p < e && (b[p] == '.' || (b[p] | 0x20) == 'e')) {
            p = fractionAndExponent(b, p, e);
            plain = false;
        }
        if (p - start > MAX_NUMBER_LENGTH) {
            throw DeferToReference.INSTANCE;
        }
        return plain ? p : ~p;
    }

    /** The optional fraction and exponent of a number, from {@code p}; returns the index after them. */
    private static int fractionAndExponent(byte[] b, int p, int e) {
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

    private static boolean isAscii(byte[] b, int from, int to) {
        long highBits = 0;
        int p = from;
        for (int lastWord = to - Long.BYTES; p <= lastWord; p += Long.BYTES) {
            highBits |= (long) LONG.get(b, p);
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
    private static int skipWhitespace(byte[] b, int p, int e) {
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
     * Index of the closing quote of the string whose first byte is at {@code p}. Defers on a
     * backslash, a byte below 0x20, or the line's end before the quote. Only called on a line
     * {@link #begin} found all ASCII.
     */
    private static int stringEnd(byte[] b, int p, int e) {
        final int lastWord = b.length - Long.BYTES;
        while (p <= lastWord) {
            // Reading past the line's end (but inside the array) is harmless: a hit there defers.
            long x = (long) LONG.get(b, p);
            // Every byte of the line is ASCII, so adding 0x7F or 0x60 to one never carries into
            // the next: its high bit is then set exactly when it is not a quote, not a backslash,
            // not below 0x20. Bytes past the line's end may carry, but only into later bytes, all
            // past the end too, so the lowest flag is exact whenever it is inside the line.
            long notQuote = (x ^ QUOTES) + LOW_7F;
            long clean = notQuote & ((x ^ BACKSLASHES) + LOW_7F) & (x + LOW_60);
            long hits = ~clean & HIGH_BITS;
            if (hits != 0) {
                long first = hits & -hits;
                int hit = p + (Long.numberOfTrailingZeros(first) >>> 3);
                if ((notQuote & first) != 0 || hit >= e) {
                    throw DeferToReference.INSTANCE;
                }
                return hit;
            }
            p += Long.BYTES;
            if (p >= e) {
                throw DeferToReference.INSTANCE;
            }
        }
        for (; p < e; p++) {
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
