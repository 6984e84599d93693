package io.snapline.nodegen;

/**
 * How an event is to be spoiled for a bad line of the "valid JSON, wrong content" kinds. Both
 * act on {@code coin}, the one field every stream requires, so the same spoiling works for all
 * four streams and its dead letter reason is known in advance.
 */
enum EventDefect {
    NONE,
    /** {@code coin} left out: the parser's {@code missing_field}. */
    MISSING_FIELD,
    /** {@code coin} as an array, {@code ["BTC"]}: the parser's {@code unexpected_shape}. */
    WRONG_TYPE
}
