package io.snapline.records;

import io.snapline.tailer.NodeStream;

/**
 * What a record in the queue holds; the code is its byte in {@link RecordLayout}. Codes are the
 * format: never renumber or reuse one, give a new type the next free code. Everything else that
 * lists types (the lookups here, the engine's counters and meters, {@code snapline cat --type})
 * is derived from {@link #values()}, so in this file a new type is one constant. How to add one:
 * docs/extending.md.
 */
public enum RecordType {
    ORDER_STATUS(1, "order_status", NodeStream.ORDER_STATUSES),
    FILL(2, "fill", NodeStream.FILLS),
    TRADE(3, "trade", NodeStream.TRADES),
    BOOK_DIFF(4, "book_diff", NodeStream.RAW_BOOK_DIFFS),
    /** A line that could not be parsed: its source, offset, reason and raw bytes. */
    DEAD_LETTER(5, "dead_letter", null),
    TWAP_STATUS(6, "twap_status", NodeStream.TWAP_STATUSES),
    MISC_EVENT(7, "misc_event", NodeStream.MISC_EVENTS),
    HIP3_ORACLE_UPDATE(8, "hip3_oracle_update", NodeStream.HIP3_ORACLE_UPDATES),
    SYSTEM_ACTION(9, "system_action", NodeStream.SYSTEM_ACTIONS),
    /** Block {@code blockNumber} of {@code stream} is complete with {@code eventCount} events. */
    BLOCK_SEAL(10, "block_seal", null),
    /** Blocks {@code fromBlock..toBlock} of {@code stream} have no line: {@code certainty} says how sure. */
    BLOCK_GAP(11, "block_gap", null),
    /** A stream went silent while others advanced ({@code stall} = started), or spoke again (ended). */
    STREAM_STALL(12, "stream_stall", null);

    /** Indexed by code, sized by the largest: a record's code is read from its bytes. */
    private static final RecordType[] BY_CODE = byCode();

    private final byte code;
    private final String jsonName;
    private final NodeStream stream;

    RecordType(int code, String jsonName, NodeStream stream) {
        if (code < 1 || code > 0xFF) {
            throw new IllegalArgumentException("record type code " + code + " is not one byte above 0");
        }
        this.code = (byte) code;
        this.jsonName = jsonName;
        this.stream = stream;
    }

    /**
     * The node stream whose events this type holds (the first part of a record's identity), or
     * null for dead letters and block accounting records, which name theirs in {@link Field#STREAM}.
     * Must agree with the engine's {@code LineParser.extractorFor} (a test checks it).
     */
    public NodeStream stream() {
        return stream;
    }

    public byte code() {
        return code;
    }

    /** The {@code type} value of the record's JSON view, and the {@code type} tag of its meters. */
    public String jsonName() {
        return jsonName;
    }

    /** The type with this code, or null for a code this version does not know (a newer writer's). */
    public static RecordType ofCode(int code) {
        return code > 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }

    /** The type whose {@link #jsonName()} this is, or null. */
    public static RecordType ofJsonName(String name) {
        for (RecordType type : values()) {
            if (type.jsonName.equals(name)) {
                return type;
            }
        }
        return null;
    }

    private static RecordType[] byCode() {
        int max = 0;
        for (RecordType type : values()) {
            max = Math.max(max, type.code & 0xFF);
        }
        RecordType[] byCode = new RecordType[max + 1];
        for (RecordType type : values()) {
            int code = type.code & 0xFF;
            if (byCode[code] != null) {
                // Two types on one byte would make the queue ambiguous: fail at class load, not in a reader.
                throw new IllegalStateException(type + " and " + byCode[code] + " share record type code " + code);
            }
            byCode[code] = type;
        }
        return byCode;
    }
}
