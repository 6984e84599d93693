package io.snapline.records;

/**
 * The one description of Snapline's binary layout: a batch document in the queue and the
 * records inside it. All integers are little-endian.
 *
 * <p>One ring slot becomes one queue document, so a batch's records and the source positions
 * they advance to are appended in one atomic step:
 *
 * <pre>
 *  batch document
 *  0        4        6        8                12               16               20
 *  +--------+--------+--------+----------------+----------------+----------------+
 *  | MAGIC  | VERSION| SOURCES| RECORD COUNT   | POSITIONS LEN  | RECORDS LEN    |
 *  | i32    | u16    | u16    | i32            | i32            | i32            |
 *  +--------+--------+--------+----------------+----------------+----------------+
 *  | sources: SOURCES x [u16 length][UTF-8 path]                                  |
 *  | positions: POSITIONS LEN bytes, every tailed file's position after this batch |
 *  |   (see PositionsCodec)                                                        |
 *  | records: RECORD COUNT records, RECORDS LEN bytes in all                      |
 *  +-----------------------------------------------------------------------------+
 *
 *  record
 *  0                4      5      6              8                               16
 *  +----------------+------+------+--------------+-------------------------------+
 *  | LENGTH (i32)   | TYPE | 0    | SOURCE (u16) | LINE OFFSET (i64)             |
 *  +----------------+------+------+--------------+-------------------------------+
 *  | fields until LENGTH: [FIELD ID u8][KIND u8][payload]                         |
 *  +-----------------------------------------------------------------------------+
 *
 *  payload by kind
 *  NULL, FALSE, TRUE   none
 *  LONG                i64
 *  STRING              u16 length, UTF-8 bytes (JSON escapes decoded)
 *  NUMBER              u16 length, the JSON number's text exactly as written
 *  BYTES               i32 length, raw bytes (a dead letter's line)
 * </pre>
 *
 * <p>LENGTH counts the whole record, header included, so a reader skips records it does not
 * want. SOURCE indexes the batch's sources; LINE OFFSET is the byte offset of the line the record
 * came from. Decimal strings stay STRING: the very characters the node wrote. Fields appear in
 * the order the parser met them; a reader must skip field ids it does not know. Any kind added
 * after version 1 must start its payload with an i32 length, so that older readers can skip it.
 * Two classes read fields: {@link RecordView} (records in a batch) and {@link FieldScan}
 * (records still being written, for ingest filters); a change to the field tags changes both.
 */
public final class RecordLayout {

    public static final int BATCH_MAGIC = 0x42504E53; // "SNPB" read little-endian
    public static final int VERSION = 1;

    public static final int BATCH_MAGIC_OFFSET = 0;
    public static final int BATCH_VERSION_OFFSET = 4;
    public static final int BATCH_SOURCE_COUNT_OFFSET = 6;
    public static final int BATCH_RECORD_COUNT_OFFSET = 8;
    public static final int BATCH_POSITIONS_LENGTH_OFFSET = 12;
    public static final int BATCH_RECORDS_LENGTH_OFFSET = 16;
    public static final int BATCH_HEADER_LENGTH = 20;

    public static final int RECORD_LENGTH_OFFSET = 0;
    public static final int RECORD_TYPE_OFFSET = 4;
    public static final int RECORD_SOURCE_OFFSET = 6;
    public static final int RECORD_LINE_OFFSET_OFFSET = 8;
    public static final int RECORD_HEADER_LENGTH = 16;

    public static final byte KIND_NULL = 0;
    public static final byte KIND_FALSE = 1;
    public static final byte KIND_TRUE = 2;
    public static final byte KIND_LONG = 3;
    public static final byte KIND_STRING = 4;
    public static final byte KIND_NUMBER = 5;
    public static final byte KIND_BYTES = 6;

    /** Longest STRING or NUMBER payload; longer values make the line a dead letter. */
    public static final int MAX_TEXT_LENGTH = 0xFFFF;
    /** Most sources (files) one batch can reference. */
    public static final int MAX_SOURCES = 0xFFFF;

    private RecordLayout() {
    }
}
