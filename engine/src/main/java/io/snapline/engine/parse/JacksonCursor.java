package io.snapline.engine.parse;

import static io.snapline.records.DeadLetterReason.INVALID_UTF8;
import static io.snapline.records.DeadLetterReason.MALFORMED_JSON;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.JsonTokenId;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.async.ByteArrayFeeder;
import com.fasterxml.jackson.core.base.ParserBase;
import io.snapline.records.DeadLetterReason;
import io.snapline.records.Field;
import io.snapline.records.RecordLayout;
import io.snapline.records.RecordWriter;
import io.snapline.records.Utf8;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The reference {@link JsonCursor}: jackson-core's non-blocking byte-array parser, kept across
 * lines so a well-formed line allocates nothing. Every line is fed, then one tab: the tab ends a
 * root-level number (which the parser otherwise holds back, waiting for more digits) and is a
 * syntax error inside a string, so once it is consumed with no token left the parser is known to
 * be back at the root, clean, ready for the next line. A line that leaves it anywhere else
 * (truncated, syntax error, rejected half-way by an extractor) costs a fresh parser.
 *
 * <p>Jackson's defaults are already strict JSON (no comments, quotes other than double, NaN,
 * leading zeros, trailing commas or control characters in strings) and they are kept.
 * Duplicate-key detection stays off: it would allocate a set per object. The whole line is checked
 * to be strict UTF-8 first, because Jackson's decoder accepts overlong forms and encoded
 * surrogates that a record must not carry. Then its tokens are checked against
 * {@link TokenLimits} and the line is fed only up to the first token over a limit, which is
 * rejected when it is reached: Jackson never buffers it.
 */
public final class JacksonCursor implements JsonCursor {

    static final LineRejected SYNTAX_ERROR = new LineRejected(MALFORMED_JSON, "not valid JSON");
    static final LineRejected TRUNCATED = new LineRejected(MALFORMED_JSON, "line ends inside the value");
    static final LineRejected TRAILING_DATA = new LineRejected(MALFORMED_JSON, "data after the value");
    static final LineRejected PAST_END = new LineRejected(MALFORMED_JSON, "read past the end of the value");
    static final LineRejected BAD_UTF8 = new LineRejected(INVALID_UTF8, "bytes that are not UTF-8");
    static final LineRejected LONE_SURROGATE = new LineRejected(INVALID_UTF8, "escaped lone surrogate");
    static final LineRejected TEXT_TOO_LONG = new LineRejected(DeadLetterReason.FIELD_TOO_LONG,
            "text over " + RecordLayout.MAX_TEXT_LENGTH + " bytes");
    static final LineRejected NOT_A_LONG = new LineRejected(DeadLetterReason.UNEXPECTED_SHAPE,
            "integer out of the range of a long");

    /** Whitespace between JSON values, but not allowed raw inside a string: see the class comment. */
    private static final byte[] TERMINATOR = {'\t'};
    /** A value read by every new parser, so no line is ever the first: see {@link #newParser()}. */
    private static final byte[] PRIMER = {'0', '\t'};

    private final JsonFactory factory;
    private final TokenLimits limits = new TokenLimits();
    /** The rejection of the first token over a limit, the line having been fed up to it; else null. */
    private LineRejected overLimit;
    private JsonParser parser;
    private ByteArrayFeeder feeder;

    /** True from begin() until finish() proves the parser is back at the root with no input left. */
    private boolean dirty;
    // The line being read, for raw spans; Jackson's token offsets count every byte the parser
    // has been fed, so they are turned into line indexes by the difference at the first token.
    private byte[] line;
    private int lineStart;
    private int lineEnd;
    private long lineBase;
    /** Where the container {@link #skipChildren()} last skipped starts, until the next token; else -1. */
    private int skippedFrom = -1;
    /** A field name's characters for {@link #writeText}, grown to the longest name written. */
    private char[] nameChars = new char[64];
    private boolean terminated;
    private boolean rootDone;
    private int depth;
    private JsonToken current;

    public JacksonCursor() {
        // One parser reads every line of the worker, so limits on a whole document must stay off.
        // The token limits are TokenLimits', checked over the line before Jackson sees it (Jackson
        // checks them only once a token is buffered); they are given here too, so that Jackson
        // would refuse what that check let through rather than buffer it.
        StreamReadConstraints constraints = StreamReadConstraints.builder()
                .maxDocumentLength(-1)
                .maxTokenCount(-1)
                .maxNumberLength(TokenLimits.MAX_NUMBER_LENGTH)
                .maxStringLength(TokenLimits.MAX_STRING_BYTES)
                .maxNameLength(TokenLimits.MAX_NAME_BYTES)
                .maxNestingDepth(TokenLimits.MAX_NESTING_DEPTH)
                .build();
        this.factory = JsonFactory.builder().streamReadConstraints(constraints).build();
        newParser();
    }

    @Override
    public void begin(byte[] line, int offset, int length) {
        if (dirty) {
            newParser();
        }
        terminated = false;
        rootDone = false;
        depth = 0;
        current = null;
        this.line = line;
        this.lineStart = offset;
        this.lineEnd = offset + length;
        skippedFrom = -1;
        if (!Utf8.isValid(line, offset, length)) {
            throw BAD_UTF8;
        }
        dirty = true;
        // Fed only up to the first token over a limit, if any: Jackson never buffers it, and an
        // extractor meets the tokens before it just as it does with the fast cursor.
        overLimit = limits.scan(line, offset, length) ? limits.over() : null;
        feed(line, offset, overLimit == null ? offset + length : limits.overAt());
    }

    @Override
    public int next() {
        if (rootDone) {
            throw PAST_END;
        }
        JsonToken token = nextToken();
        if (token == JsonToken.NOT_AVAILABLE && overLimit != null) {
            throw overLimit; // the next token is the one over the limit, never fed
        }
        if (token == JsonToken.NOT_AVAILABLE && !terminated) {
            feedTerminator();
            try {
                token = nextToken();
            } catch (LineRejected rejected) {
                // Every byte of the line was accepted; only its end was not (inside a string, say).
                throw TRUNCATED;
            }
        }
        if (token == null || token == JsonToken.NOT_AVAILABLE) {
            throw TRUNCATED;
        }
        if (current == null) {
            // The root's first byte is the line's first that is not whitespace.
            lineBase = tokenOffset() - firstNonWhitespace();
        }
        current = token;
        skippedFrom = -1;
        int kind = kindOf(token);
        if (kind == START_OBJECT || kind == START_ARRAY) {
            depth++;
        } else if (kind == END_OBJECT || kind == END_ARRAY) {
            depth--;
        }
        rootDone = depth == 0 && kind != FIELD_NAME;
        return kind;
    }

    @Override
    public void finish() {
        if (!rootDone) {
            throw new IllegalStateException("finish() before the root value was read to its end");
        }
        if (overLimit != null) {
            throw TRAILING_DATA; // a token over a limit follows the value, so data does
        }
        try {
            if (nextToken() != JsonToken.NOT_AVAILABLE) {
                throw TRAILING_DATA;
            }
            if (!terminated) {
                feedTerminator();
                if (nextToken() != JsonToken.NOT_AVAILABLE) {
                    throw TRAILING_DATA;
                }
            }
        } catch (LineRejected rejected) {
            throw TRAILING_DATA; // whatever Jackson says about it, it is not part of the value
        }
        dirty = false;
    }

    @Override
    public int nameIndex(NameTable names) {
        try {
            // Interned by Jackson's symbol table, so NameTable's identity check decides.
            return names.indexOf(parser.currentName());
        } catch (IOException e) {
            throw rejection(e);
        }
    }

    @Override
    public boolean textEquals(byte[] ascii) {
        if (current != JsonToken.VALUE_STRING) {
            return false;
        }
        try {
            char[] chars = parser.getTextCharacters();
            int start = parser.getTextOffset();
            int length = parser.getTextLength();
            if (length != ascii.length) {
                return false;
            }
            for (int i = 0; i < length; i++) {
                if (chars[start + i] != ascii[i]) {
                    return false;
                }
            }
            return true;
        } catch (IOException e) {
            throw rejection(e);
        }
    }

    @Override
    public void writeText(RecordWriter out, Field field) {
        byte kind;
        if (current == JsonToken.VALUE_STRING || current == JsonToken.FIELD_NAME) {
            kind = RecordLayout.KIND_STRING;
        } else if (current == JsonToken.VALUE_NUMBER_INT || current == JsonToken.VALUE_NUMBER_FLOAT) {
            kind = RecordLayout.KIND_NUMBER;
        } else {
            throw new IllegalStateException("writeText on " + current);
        }
        try {
            char[] chars;
            int start;
            int length;
            if (current == JsonToken.FIELD_NAME) {
                // getTextCharacters() can give a name's stale copy here: the interned name is right.
                String name = parser.currentName();
                length = name.length();
                if (nameChars.length < length) {
                    nameChars = new char[Math.max(length, 2 * nameChars.length)];
                }
                name.getChars(0, length, nameChars, 0);
                chars = nameChars;
                start = 0;
            } else {
                chars = parser.getTextCharacters();
                start = parser.getTextOffset();
                length = parser.getTextLength();
            }
            if (length > RecordLayout.MAX_TEXT_LENGTH) {
                throw TEXT_TOO_LONG; // every char is at least one byte
            }
            int byteLength = Utf8.encodedLength(chars, start, length);
            if (byteLength < 0) {
                throw LONE_SURROGATE;
            }
            if (byteLength > RecordLayout.MAX_TEXT_LENGTH) {
                throw TEXT_TOO_LONG;
            }
            out.beginText(field, kind, byteLength);
            Utf8.encode(chars, start, length, out.textTarget(), out.textTargetOffset());
            out.advance(byteLength);
        } catch (IOException e) {
            throw rejection(e);
        }
    }

    @Override
    public long longValue() {
        if (current != JsonToken.VALUE_NUMBER_INT) {
            throw new IllegalStateException("longValue on " + current);
        }
        try {
            // Parsed here rather than by getLongValue(): Jackson builds a String for 19 digits.
            return parseLong(parser.getTextCharacters(), parser.getTextOffset(), parser.getTextLength());
        } catch (IOException e) {
            throw rejection(e);
        }
    }

    /** Jackson has already checked the syntax: an optional '-' and then digits only. */
    private static long parseLong(char[] chars, int start, int length) {
        boolean negative = chars[start] == '-';
        int i = negative ? start + 1 : start;
        int end = start + length;
        // Accumulated negatively, so Long.MIN_VALUE fits too.
        long value = 0;
        for (; i < end; i++) {
            int digit = chars[i] - '0';
            if (value < Long.MIN_VALUE / 10) {
                throw NOT_A_LONG;
            }
            value *= 10;
            if (value < Long.MIN_VALUE + digit) {
                throw NOT_A_LONG;
            }
            value -= digit;
        }
        if (!negative) {
            if (value == Long.MIN_VALUE) {
                throw NOT_A_LONG;
            }
            value = -value;
        }
        return value;
    }

    @Override
    public void skipChildren() {
        if (current != JsonToken.START_OBJECT && current != JsonToken.START_ARRAY) {
            return;
        }
        int from = tokenStart();
        int outside = depth - 1;
        while (depth > outside) {
            next();
        }
        skippedFrom = from;
    }

    @Override
    public byte[] line() {
        return line;
    }

    @Override
    public int tokenStart() {
        if (current == JsonToken.END_OBJECT || current == JsonToken.END_ARRAY) {
            throw new IllegalStateException("tokenStart on " + current); // Jackson's offset lags there
        }
        return (int) (tokenOffset() - lineBase);
    }

    @Override
    public int tokenEnd() {
        switch (current.id()) {
            case JsonTokenId.ID_END_OBJECT:
            case JsonTokenId.ID_END_ARRAY:
                if (skippedFrom < 0) {
                    throw new IllegalStateException("tokenEnd on an end token skipChildren() did not stop on");
                }
                return RawSpans.containerEnd(line, skippedFrom, lineEnd);
            case JsonTokenId.ID_STRING:
            case JsonTokenId.ID_FIELD_NAME:
                return RawSpans.stringEnd(line, tokenStart(), lineEnd);
            case JsonTokenId.ID_NUMBER_INT:
            case JsonTokenId.ID_NUMBER_FLOAT:
                return RawSpans.numberEnd(line, tokenStart(), lineEnd);
            case JsonTokenId.ID_FALSE:
                return tokenStart() + 5;
            case JsonTokenId.ID_TRUE:
            case JsonTokenId.ID_NULL:
                return tokenStart() + 4;
            default: // START_OBJECT, START_ARRAY
                return tokenStart() + 1;
        }
    }

    /** Jackson's offset of the current token in all the bytes fed to this parser (ParserBase's, no allocation). */
    private long tokenOffset() {
        return ((ParserBase) parser).getTokenCharacterOffset();
    }

    private int firstNonWhitespace() {
        int p = lineStart;
        while (p < lineEnd && (line[p] == ' ' || line[p] == '\t' || line[p] == '\n' || line[p] == '\r')) {
            p++;
        }
        return p;
    }

    private JsonToken nextToken() {
        try {
            return parser.nextToken();
        } catch (IOException e) {
            throw rejection(e);
        }
    }

    private void feedTerminator() {
        terminated = true;
        feed(TERMINATOR, 0, TERMINATOR.length);
    }

    private void feed(byte[] bytes, int start, int end) {
        try {
            feeder.feedInput(bytes, start, end);
        } catch (IOException e) {
            throw rejection(e);
        }
    }

    private void newParser() {
        try {
            if (parser != null) {
                parser.close(); // gives its buffers back to Jackson's recycler
            }
            parser = factory.createNonBlockingByteArrayParser();
            feeder = (ByteArrayFeeder) parser.getNonBlockingInputFeeder();
            // A fresh parser skips a byte order mark before its first value only. Reading one
            // value first makes a line's verdict independent of which parser reads it: a BOM is
            // always malformed.
            feeder.feedInput(PRIMER, 0, PRIMER.length);
            while (parser.nextToken() != JsonToken.NOT_AVAILABLE) {
                // the primer's one value
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        dirty = false;
    }

    private static RuntimeException rejection(IOException e) {
        if (e instanceof JsonProcessingException) {
            String message = e.getMessage();
            return message != null && message.contains("Invalid UTF-8") ? BAD_UTF8 : SYNTAX_ERROR;
        }
        // The parser reads only the bytes fed to it: no real I/O can fail.
        return new UncheckedIOException(e);
    }

    private static int kindOf(JsonToken token) {
        switch (token.id()) {
            case JsonTokenId.ID_START_OBJECT:
                return START_OBJECT;
            case JsonTokenId.ID_END_OBJECT:
                return END_OBJECT;
            case JsonTokenId.ID_START_ARRAY:
                return START_ARRAY;
            case JsonTokenId.ID_END_ARRAY:
                return END_ARRAY;
            case JsonTokenId.ID_FIELD_NAME:
                return FIELD_NAME;
            case JsonTokenId.ID_STRING:
                return STRING;
            case JsonTokenId.ID_NUMBER_INT:
                return NUMBER_INT;
            case JsonTokenId.ID_NUMBER_FLOAT:
                return NUMBER_FLOAT;
            case JsonTokenId.ID_TRUE:
                return TRUE;
            case JsonTokenId.ID_FALSE:
                return FALSE;
            case JsonTokenId.ID_NULL:
                return NULL;
            default:
                throw SYNTAX_ERROR;
        }
    }
}
