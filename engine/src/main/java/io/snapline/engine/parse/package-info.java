/**
 * Lines into records: {@link io.snapline.engine.parse.LineParser} reads one node line with a
 * {@link io.snapline.engine.parse.JsonCursor} (the fast, allocation-free
 * {@link io.snapline.engine.parse.FastJsonCursor}, with {@link io.snapline.engine.parse.JacksonCursor}
 * as the reference it defers to on anything unusual) and writes its records, or one dead letter
 * with its reason, into the slot's {@code RecordWriter}. One extractor per event shape (order
 * status, fill, trade, book diff); the node's formats are in docs/formats.md.
 *
 * <p>Used by the parse workers of {@link io.snapline.engine.ring}: no allocation, lock or log
 * line per line.
 */
package io.snapline.engine.parse;
