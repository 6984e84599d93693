package io.snapline.nodegen;

import io.snapline.records.DeadLetterReason;

/**
 * The kinds of malformed line {@code --bad-every K} writes, in the order they take turns: the
 * K-th line of a run is the first kind, the 2K-th the second, and so on round the cycle. Each
 * takes the place of a good line (it is counted in {@code --lines}) and becomes one dead letter
 * whose reason is {@link #reason()}.
 */
public enum BadLine {
    /** A good line cut to its first half, as a writer that died mid-line leaves it. */
    TRUNCATED_JSON(DeadLetterReason.MALFORMED_JSON),
    /** Text that is not JSON at all: a panic message or a log line in the wrong file. */
    NOT_JSON(DeadLetterReason.MALFORMED_JSON),
    /**
     * Valid JSON whose event (the middle one of a block) lacks a required field: {@code coin} where
     * the stream has one, else {@code time} (misc events), {@code update_class} (HIP-3 oracle
     * updates) or {@code user} (system actions).
     */
    MISSING_FIELD(DeadLetterReason.MISSING_FIELD),
    /** Valid JSON whose event has that required field as an array instead of a string. */
    WRONG_TYPE(DeadLetterReason.UNEXPECTED_SHAPE),
    /**
     * A good line with two bytes that are never valid UTF-8 (0xFF 0xFE) inside its first address,
     * or in a line without one (HIP-3 oracle updates) inside its first string value.
     */
    INVALID_UTF8(DeadLetterReason.INVALID_UTF8);

    private static final BadLine[] CYCLE = values();
    private static final String[] NOT_JSON_TEXTS = {
        "thread 'tokio-runtime-worker' panicked at 'called `Result::unwrap()` on an `Err` value: "
                + "Os { code: 28, kind: StorageFull, message: \"No space left on device\" }'",
        "WARN 2026-05-05T17:39:16.271Z node: order status writer lagging, 3 blocks behind",
    };

    private final DeadLetterReason reason;

    BadLine(DeadLetterReason reason) {
        this.reason = reason;
    }

    /** The reason of the dead letter the engine makes of such a line. */
    public DeadLetterReason reason() {
        return reason;
    }

    /**
     * What line {@code lineNumber} of a run (counted from 1) is with {@code --bad-every badEvery}:
     * null for a good line; {@code badEvery} 0 means no bad lines.
     */
    public static BadLine forLine(long lineNumber, int badEvery) {
        if (badEvery <= 0 || lineNumber % badEvery != 0) {
            return null;
        }
        return CYCLE[(int) ((lineNumber / badEvery - 1) % CYCLE.length)];
    }

    /** How the event itself must be spoiled while the line is composed. */
    EventDefect defect() {
        return switch (this) {
            case MISSING_FIELD -> EventDefect.MISSING_FIELD;
            case WRONG_TYPE -> EventDefect.WRONG_TYPE;
            default -> EventDefect.NONE;
        };
    }

    /**
     * Spoils the just-composed line {@code lineNumber} at {@code [lineStart, out.length())} (no
     * newline yet).
     */
    void spoil(AsciiBuffer out, int lineStart, long lineNumber, int badEvery) {
        long turn = (lineNumber / badEvery - 1) / CYCLE.length; // how many of this kind came before
        switch (this) {
            case TRUNCATED_JSON -> out.setLength(lineStart + Math.max(1, (out.length() - lineStart) / 2));
            case NOT_JSON -> {
                out.setLength(lineStart);
                out.append(NOT_JSON_TEXTS[(int) (turn % NOT_JSON_TEXTS.length)]);
            }
            case INVALID_UTF8 -> {
                // Most streams' events hold a "0x…" address or hash, whose digits are ASCII; a line
                // without one has a string value of at least two characters after its first name.
                int at = out.indexOf("\"0x", lineStart);
                if (at < 0) {
                    at = out.indexOf("\":\"", lineStart);
                }
                out.set(at + 3, (byte) 0xFF);
                out.set(at + 4, (byte) 0xFE);
            }
            default -> {
                // spoiled while composed: see defect()
            }
        }
    }
}
