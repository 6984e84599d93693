package io.snapline.nodegen;

/**
 * How an event is to be spoiled for a bad line of the "valid JSON, wrong content" kinds. Both
 * act on one required string field of the stream ({@code coin} where it has one, see
 * {@link BadLine#MISSING_FIELD}), so the same spoiling works for every stream and its dead letter
 * reason is known in advance.
 */
enum EventDefect {
    NONE,
    /** The field left out: the parser's {@code missing_field}. */
    MISSING_FIELD,
    /** The field as an array, {@code ["BTC"]}: the parser's {@code unexpected_shape}. */
    WRONG_TYPE
}
