package io.snapline.engine.testing;

/**
 * Lines shaped as the node writes them (docs/formats.md's examples), with the numbers a test wants to
 * find again in the records: an order's {@code oid}, a fill's {@code tid}, a trade's {@code sz}.
 * Plain string building: test setup, never on a measured path.
 */
public final class NodeLines {

    public static final String USER = "0x31ca8395cf837de08b24da3f660e77761dfb974b";
    public static final String OTHER_USER = "0xa775d1bd91ee2cc4cae6113e5fd9c0c17b355277";
    private static final String HASH = "0xc208d043ad72d77cc382043ab82b1d01010109294875f64e65d17b966c76b167";

    private NodeLines() {
    }

    // ---- order statuses -----------------------------------------------------------------------

    /** One order-status event (the plain layout's whole line). */
    public static String orderStatusEvent(long oid, String status) {
        return "{\"time\":\"2026-05-05T17:39:13.505427172\",\"user\":\"" + USER + "\",\"hash\":"
                + (status.endsWith("Rejected") ? "null" : "\"" + HASH + "\"")
                + ",\"builder\":null,\"status\":\"" + status + "\",\"order\":{\"coin\":\"BTC\",\"side\":\"B\","
                + "\"limitPx\":\"81295.0\",\"sz\":\"0.00965\",\"oid\":" + oid + ",\"timestamp\":1778002753505,"
                + "\"triggerCondition\":\"N/A\",\"isTrigger\":false,\"triggerPx\":\"0.0\",\"children\":[],"
                + "\"isPositionTpsl\":false,\"reduceOnly\":false,\"orderType\":\"Limit\",\"origSz\":\"0.00965\","
                + "\"tif\":\"Alo\",\"cloid\":null}}";
    }

    public static String plainOrderStatus(long oid) {
        return orderStatusEvent(oid, "open");
    }

    public static String streamingOrderStatus(long blockNumber, long oid) {
        return envelope(blockNumber, orderStatusEvent(oid, "open"));
    }

    /** One block with an order-status event per oid; no oids gives {@code "events":[]}. */
    public static String byBlockOrderStatuses(long blockNumber, long... oids) {
        String[] events = new String[oids.length];
        for (int i = 0; i < oids.length; i++) {
            events[i] = orderStatusEvent(oids[i], i % 2 == 0 ? "open" : "badAloPxRejected");
        }
        return envelope(blockNumber, events);
    }

    // ---- fills --------------------------------------------------------------------------------

    /** One {@code [user, fill]} pair. */
    public static String fillEvent(long tid) {
        return "[\"" + OTHER_USER + "\",{\"coin\":\"SOL\",\"px\":\"72.153\",\"sz\":\"0.58\",\"side\":\"A\","
                + "\"time\":1782636233257,\"startPosition\":\"-162.6\",\"dir\":\"Open Short\",\"closedPnl\":\"0.0\","
                + "\"hash\":\"0xdc25d330b40799afdd9f043ebc4c38000060eb164f0ab8817fee7e83730b739a\",\"oid\":481702553903,"
                + "\"crossed\":false,\"fee\":\"-0.001255\",\"tid\":" + tid + ",\"cloid\":\"0x00000000000000000000019f08a8bdd8\","
                + "\"feeToken\":\"USDC\",\"twapId\":null}]";
    }

    public static String fills(long blockNumber, long... tids) {
        String[] events = new String[tids.length];
        for (int i = 0; i < tids.length; i++) {
            events[i] = fillEvent(tids[i]);
        }
        return envelope(blockNumber, events);
    }

    // ---- trades -------------------------------------------------------------------------------

    /** A trade whose {@code sz} is {@code id}, so each line is told apart by its record. */
    public static String trade(long id) {
        return "{\"coin\":\"@151\",\"side\":\"A\",\"time\":\"2025-06-24T02:56:36.172847427\",\"px\":\"2393.9\","
                + "\"sz\":\"" + id + "\",\"hash\":\"0x2b21750229be769650b604261eaac1018c00c45812652efbbdd35fe0ecb201a1\","
                + "\"trade_dir_override\":\"Na\",\"side_info\":[{\"user\":\"" + USER + "\",\"start_pos\":\"1166.565307356\","
                + "\"oid\":105686971733,\"twap_id\":null,\"cloid\":\"0x1070fff92506b3ab5e5aec135e5a5ddd\"},{\"user\":\""
                + OTHER_USER + "\",\"start_pos\":\"0.153928559\",\"oid\":105686976226,\"twap_id\":null,\"cloid\":null}]}";
    }

    /** The short trade of the overload test: about 100 bytes, {@code sz} is {@code id}. */
    public static String shortTrade(long id) {
        return "{\"coin\":\"BTC\",\"side\":\"A\",\"time\":\"2025-06-24T02:56:36.172847427\",\"px\":\"1.0\",\"sz\":\""
                + id + "\",\"hash\":null}";
    }

    /**
     * A valid trade of at least {@code minLength} bytes: an unknown field (which parsers must skip)
     * pads it. Its {@code sz} is {@code id}.
     */
    public static String paddedTrade(long id, int minLength) {
        String base = shortTrade(id);
        int padding = Math.max(0, minLength - base.length() - 14);
        return base.substring(0, base.length() - 1) + ",\"padding\":\"" + "x".repeat(padding) + "\"}";
    }

    // ---- book diffs ---------------------------------------------------------------------------

    /** One event per diff kind given: {@code new}, {@code update} or {@code remove}. */
    public static String bookDiffs(long blockNumber, long firstOid, String... kinds) {
        String[] events = new String[kinds.length];
        for (int i = 0; i < kinds.length; i++) {
            String diff = switch (kinds[i]) {
                case "new" -> "{\"new\":{\"sz\":\"0.5\"}}";
                case "update" -> "{\"update\":{\"origSz\":\"0.1804\",\"newSz\":\"0.18007\"}}";
                case "remove" -> "\"remove\"";
                default -> throw new IllegalArgumentException(kinds[i]);
            };
            events[i] = "{\"user\":\"" + USER + "\",\"oid\":" + (firstOid + i) + ",\"coin\":\"BTC\",\"side\":\"B\","
                    + "\"px\":\"76450.0\",\"raw_book_diff\":" + diff + "}";
        }
        return envelope(blockNumber, events);
    }

    // ---------------------------------------------------------------------------------------------

    public static String envelope(long blockNumber, String... events) {
        return "{\"local_time\":\"2026-05-05T17:39:16.271766237\",\"block_time\":\"2026-05-05T17:39:13.505427172\","
                + "\"block_number\":" + blockNumber + ",\"events\":[" + String.join(",", events) + "]}";
    }
}
