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
 *  --- version 2; every kind from 7 on starts with an i32 length, so any reader skips one it
 *      does not know ---
 *  JSON                i32 length, one JSON value's exact text as the node wrote it (object,
 *                      array or scalar, whitespace inside kept): a value kept whole
 *  MEMBER              i32 length of what follows, u16 name length, the name's bytes exactly as
 *                      written between its quotes (escapes as written), the value's exact JSON
 *                      text (the rest of the payload): a field the parser does not know; always
 *                      under field id MEMBER_FIELD_ID, so it never takes one of the 255 field ids
 * </pre>
 *
 * <p>LENGTH counts the whole record, header included, so a reader skips records it does not
 * want. SOURCE indexes the batch's sources; LINE OFFSET is the byte offset of the line the record
 * came from. Decimal strings stay STRING: the very characters the node wrote. Fields appear in
 * the order the parser met them; a reader must skip field ids it does not know. Every kind from
 * {@link #FIRST_LENGTH_PREFIXED_KIND} on starts its payload with an i32 length, so a reader skips
 * a kind it does not know by that length and reads the record's other fields.
 *
 * <p>Versions: a version 1 document has kinds 0 to 6 only, and carries {@code children} as a LONG
 * count; version 2 adds JSON and MEMBER and carries {@code children} as JSON, the array whole.
 * A reader of version 2 reads both ({@link #MIN_VERSION} to {@link #VERSION}).
 *
 * <p>Two classes read fields: {@link RecordView} (records in a batch) and {@link FieldScan}
 * (records still being written, for ingest filters); a change to the field tags changes both.
 */
public final class RecordLayout {

    public static final int BATCH_MAGIC = 0x42504E53; // "SNPB" read little-endian
    /** The version this code writes. */
    public static final int VERSION = 2;
    /** The oldest version this code reads. */
    public static final int MIN_VERSION = 1;

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
    public static final byte KIND_JSON = 7;
    public static final byte KIND_MEMBER = 8;
    /** Kinds from here on start with an i32 payload length; an unknown one is skipped by it. */
    public static final int FIRST_LENGTH_PREFIXED_KIND = 7;

    /**
     * The field id of every MEMBER: 0, which no {@link Field} has. A member names itself, so
     * unknown fields never use up field ids, however many appear.
     */
    public static final byte MEMBER_FIELD_ID = 0;
    /** Longest MEMBER name, in bytes as written: its u16 length. */
    public static final int MAX_MEMBER_NAME_LENGTH = 0xFFFF;

    /** Longest STRING or NUMBER payload; longer values make the line a dead letter. */
    public static final int MAX_TEXT_LENGTH = 0xFFFF;
    /** Most sources (files) one batch can reference. */
    public static final int MAX_SOURCES = 0xFFFF;

    private RecordLayout() {
    }
}
