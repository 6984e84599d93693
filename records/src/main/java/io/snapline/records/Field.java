package io.snapline.records;

/**
 * Every field a record can carry, with the name its JSON view prints. The id is the field's
 * byte in {@link RecordLayout}: never renumber a field, only add new ones at the end.
 *
 * <p>Names follow the node's own (camelCase where the node writes snake_case in envelopes,
 * as in the record view of docs/formats.md). Trades flatten their two {@code side_info} entries in the
 * node's order: entry 0 as {@code side0*}, entry 1 as {@code side1*}.
 */
public enum Field {
    // Envelope (streaming and by-block layouts).
    BLOCK_NUMBER(1, "blockNumber"),
    BLOCK_TIME(2, "blockTime"),
    LOCAL_TIME(3, "localTime"),
    // Shared by several types.
    TIME(4, "time"),
    USER(5, "user"),
    HASH(6, "hash"),
    COIN(7, "coin"),
    SIDE(8, "side"),
    OID(9, "oid"),
    SZ(10, "sz"),
    CLOID(11, "cloid"),
    BUILDER(12, "builder"),
    BUILDER_FEE(13, "builderFee"),
    // Order status.
    STATUS(14, "status"),
    LIMIT_PX(15, "limitPx"),
    ORIG_SZ(16, "origSz"),
    TIMESTAMP(17, "timestamp"),
    ORDER_TYPE(18, "orderType"),
    TIF(19, "tif"),
    REDUCE_ONLY(20, "reduceOnly"),
    IS_TRIGGER(21, "isTrigger"),
    TRIGGER_PX(22, "triggerPx"),
    TRIGGER_CONDITION(23, "triggerCondition"),
    IS_POSITION_TPSL(24, "isPositionTpsl"),
    CHILDREN(25, "children"),
    // Fill.
    PX(26, "px"),
    START_POSITION(27, "startPosition"),
    DIR(28, "dir"),
    CLOSED_PNL(29, "closedPnl"),
    CROSSED(30, "crossed"),
    FEE(31, "fee"),
    TID(32, "tid"),
    FEE_TOKEN(33, "feeToken"),
    TWAP_ID(34, "twapId"),
    DEPLOYER_FEE(35, "deployerFee"),
    LIQUIDATED_USER(36, "liquidatedUser"),
    MARK_PX(37, "markPx"),
    LIQUIDATION_METHOD(38, "liquidationMethod"),
    // Trade: side_info[0] and side_info[1].
    TRADE_DIR_OVERRIDE(39, "tradeDirOverride"),
    SIDE0_USER(40, "side0User"),
    SIDE0_START_POS(41, "side0StartPos"),
    SIDE0_OID(42, "side0Oid"),
    SIDE0_TWAP_ID(43, "side0TwapId"),
    SIDE0_CLOID(44, "side0Cloid"),
    SIDE1_USER(45, "side1User"),
    SIDE1_START_POS(46, "side1StartPos"),
    SIDE1_OID(47, "side1Oid"),
    SIDE1_TWAP_ID(48, "side1TwapId"),
    SIDE1_CLOID(49, "side1Cloid"),
    // Book diff: diff is "new", "update" or "remove"; sizes as the node wrote them.
    DIFF(50, "diff"),
    NEW_SZ(51, "newSz"),
    // Dead letter: "length" is the whole line's length in bytes, "line" its bytes (only the
    // first ones for a line over the maximum length), as `snapline cat --dead-letters` shows them.
    REASON(52, "reason"),
    DETAIL(53, "detail"),
    LINE_LENGTH(54, "length"),
    RAW(55, "line"),
    // TWAP status: the state's own fields (coin, user, side, sz, reduceOnly, timestamp reuse the
    // ones above); "error" holds the message of a {"error": msg} status, whose status is "error".
    EXECUTED_SZ(56, "executedSz"),
    EXECUTED_NTL(57, "executedNtl"),
    MINUTES(58, "minutes"),
    RANDOMIZE(59, "randomize"),
    ERROR(60, "error"),
    // Misc event: "kind" is the single key of "inner", which is kept whole (JSON).
    KIND(61, "kind"),
    INNER(62, "inner"),
    // System and CoreWriter action: "action" kept whole (JSON), its "type" as "actionType".
    NONCE(63, "nonce"),
    EVM_TX_HASH(64, "evmTxHash"),
    ACTION_TYPE(65, "actionType"),
    ACTION(66, "action"),
    // HIP-3 oracle update: the price lists kept whole (JSON), as the node wrote them.
    UPDATE_CLASS(67, "updateClass"),
    MARK_PX_INPUTS(68, "markPxInputs"),
    SPOT_PX_INPUTS(69, "spotPxInputs"),
    EXTERNAL_PERP_PX_INPUTS(70, "externalPerpPxInputs"),
    ORACLE_PXS(71, "oraclePxs"),
    // Block accounting (docs/operations.md, "Blocks"). eventIndex is in every record of a line with
    // a block_number: with the type's stream and blockNumber it is the event's identity.
    EVENT_INDEX(72, "eventIndex"),
    STREAM(73, "stream"),
    LAYOUT(74, "layout"),
    EVENT_COUNT(75, "eventCount"),
    FROM_BLOCK(76, "fromBlock"),
    TO_BLOCK(77, "toBlock"),
    CERTAINTY(78, "certainty"),
    FILE_BEFORE(79, "fileBefore"),
    FILE_AFTER(80, "fileAfter"),
    EVIDENCE(81, "evidence"),
    STALL(82, "stall"),
    SILENT_MILLIS(83, "silentMillis"),
    LAST_BLOCK(84, "lastBlock"),
    HEAD_BLOCK(85, "headBlock");

    /** Indexed by id, sized by the largest, so a new field needs no other edit here. */
    private static final Field[] BY_ID = byId();

    private final byte id;
    private final String jsonName;

    Field(int id, String jsonName) {
        if (id < 1 || id > 0xFF) {
            throw new IllegalArgumentException("field id " + id + " is not one byte above 0");
        }
        this.id = (byte) id;
        this.jsonName = jsonName;
    }

    public byte id() {
        return id;
    }

    public String jsonName() {
        return jsonName;
    }

    /** The field with this id, or null for an id this version does not know. */
    public static Field ofId(int id) {
        return id > 0 && id < BY_ID.length ? BY_ID[id] : null;
    }

    private static Field[] byId() {
        int max = 0;
        for (Field field : values()) {
            max = Math.max(max, field.id & 0xFF);
        }
        Field[] byId = new Field[max + 1];
        for (Field field : values()) {
            int id = field.id & 0xFF;
            if (byId[id] != null) {
                // Two fields on one id would make records ambiguous: fail at class load, not in a reader.
                throw new IllegalStateException(field + " and " + byId[id] + " share field id " + id);
            }
            byId[id] = field;
        }
        return byId;
    }
}
