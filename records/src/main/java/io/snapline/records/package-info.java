/**
 * The record layout and everything that writes or reads it. {@link io.snapline.records.RecordLayout}
 * draws the bytes of a batch document (header, sources, positions, records) and of a record;
 * {@link io.snapline.records.RecordWriter} writes records, {@link io.snapline.records.BatchDocument}
 * encodes a {@link io.snapline.records.Batch} as a document, {@link io.snapline.records.PositionsCodec}
 * the positions in it; {@link io.snapline.records.BatchView} and {@link io.snapline.records.RecordView}
 * read them back without a String per field, and {@link io.snapline.records.RecordJson} prints the
 * JSON record view ({@code snapline cat}).
 *
 * <p>Any output stores these bytes; any reader of any output reads them with this module alone.
 * Reference: docs/records.md.
 */
package io.snapline.records;
