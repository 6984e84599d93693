package io.snapline.records;

/** What a record in the queue holds; the code is its byte in {@link RecordLayout}. */
public enum RecordType {
    ORDER_STATUS(1, "order_status"),
    FILL(2, "fill"),
    TRADE(3, "trade"),
    BOOK_DIFF(4, "book_diff"),
    /** A line that could not be parsed: its source, offset, reason and raw bytes. */
    DEAD_LETTER(5, "dead_letter");

    private static final RecordType[] BY_CODE = new RecordType[6];

    static {
        for (RecordType type : values()) {
            BY_CODE[type.code] = type;
        }
    }

    private final byte code;
    private final String jsonName;

    RecordType(int code, String jsonName) {
        this.code = (byte) code;
        this.jsonName = jsonName;
    }

    public byte code() {
        return code;
    }

    /** The {@code type} value of the record's JSON view. */
    public String jsonName() {
        return jsonName;
    }

    public static RecordType ofCode(int code) {
        if (code <= 0 || code >= BY_CODE.length) {
            throw new IllegalArgumentException("unknown record type code " + code);
        }
        return BY_CODE[code];
    }
}
