package io.snapline.engine.testing;

import io.snapline.records.DeadLetterReason;
import io.snapline.records.testing.JsonTree;
import io.snapline.tailer.NodeStream;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The record views (docs/formats.md's "what snapline cat prints", as JSON objects read back into maps)
 * a node line must become, worked out from the line read with Jackson: an oracle independent of
 * the engine's parser. It knows the mapping of node names to record names (flattened orders,
 * {@code [user, fill]} pairs, the two trade sides, the diff kinds) for the fields the node
 * writes; unknown node fields are skipped, as the engine skips them.
 */
public final class ExpectedViews {

    private ExpectedViews() {
    }

    /** One view per event of {@code line} (a whole line, no newline), in order. */
    @SuppressWarnings("unchecked")
    public static List<Map<String, Object>> of(NodeStream stream, byte[] line, String source, long offset) {
        Object root = JsonTree.parse(line);
        List<Map<String, Object>> views = new ArrayList<>();
        if (root instanceof Map<?, ?> map && map.containsKey("events")) {
            Map<String, Object> envelope = (Map<String, Object>) map;
            for (Object event : (List<Object>) envelope.get("events")) {
                Map<String, Object> view = start(stream);
                view.put("localTime", envelope.get("local_time"));
                view.put("blockTime", envelope.get("block_time"));
                view.put("blockNumber", envelope.get("block_number"));
                event(stream, event, view);
                views.add(end(view, source, offset));
            }
        } else {
            Map<String, Object> view = start(stream);
            event(stream, root, view);
            views.add(end(view, source, offset));
        }
        return views;
    }

    /** The dead letter a bad line must become; compare with {@link #withoutDetail}. */
    public static Map<String, Object> deadLetter(byte[] line, DeadLetterReason reason, String source, long offset) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("type", "dead_letter");
        view.put("reason", reason.label());
        view.put("length", (long) line.length);
        String text = utf8OrNull(line);
        if (text != null) {
            view.put("line", text);
        } else {
            view.put("lineBase64", Base64.getEncoder().encodeToString(line));
        }
        return end(view, source, offset);
    }

    /** A printed view without {@code detail}, whose wording is the parser's own. */
    public static Map<String, Object> withoutDetail(Map<String, Object> view) {
        Map<String, Object> copy = new LinkedHashMap<>(view);
        copy.remove("detail");
        return copy;
    }

    private static Map<String, Object> start(NodeStream stream) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("type", switch (stream) {
            case ORDER_STATUSES -> "order_status";
            case FILLS -> "fill";
            case TRADES -> "trade";
            case RAW_BOOK_DIFFS -> "book_diff";
            case TWAP_STATUSES -> "twap_status";
            case MISC_EVENTS -> "misc_event";
            case HIP3_ORACLE_UPDATES -> "hip3_oracle_update";
            case SYSTEM_ACTIONS -> "system_action";
        });
        return view;
    }

    private static Map<String, Object> end(Map<String, Object> view, String source, long offset) {
        view.put("source", source);
        view.put("offset", offset);
        return view;
    }

    @SuppressWarnings("unchecked")
    private static void event(NodeStream stream, Object event, Map<String, Object> view) {
        switch (stream) {
            case ORDER_STATUSES -> orderStatus((Map<String, Object>) event, view);
            case FILLS -> {
                List<Object> pair = (List<Object>) event;
                view.put("user", pair.get(0));
                fill((Map<String, Object>) pair.get(1), view);
            }
            case TRADES -> trade((Map<String, Object>) event, view);
            case RAW_BOOK_DIFFS -> bookDiff((Map<String, Object>) event, view);
            case TWAP_STATUSES -> ExpectedStreamViews.twapStatus((Map<String, Object>) event, view);
            case MISC_EVENTS -> ExpectedStreamViews.miscEvent((Map<String, Object>) event, view);
            case HIP3_ORACLE_UPDATES -> ExpectedStreamViews.hip3OracleUpdate((Map<String, Object>) event, view);
            case SYSTEM_ACTIONS -> ExpectedStreamViews.systemAction((Map<String, Object>) event, view);
        }
    }

    @SuppressWarnings("unchecked")
    private static void orderStatus(Map<String, Object> event, Map<String, Object> view) {
        for (Map.Entry<String, Object> e : event.entrySet()) {
            switch (e.getKey()) {
                case "time", "user", "hash", "status" -> view.put(e.getKey(), e.getValue());
                case "builder" -> builder(e.getValue(), view);
                case "order" -> {
                    for (Map.Entry<String, Object> o : ((Map<String, Object>) e.getValue()).entrySet()) {
                        switch (o.getKey()) {
                            case "children" -> view.put("children", (long) ((List<Object>) o.getValue()).size());
                            case "coin", "side", "limitPx", "sz", "oid", "timestamp", "triggerCondition", "isTrigger",
                                    "triggerPx", "isPositionTpsl", "reduceOnly", "orderType", "origSz", "tif", "cloid" ->
                                    view.put(o.getKey(), o.getValue());
                            default -> {
                                // not a record field
                            }
                        }
                    }
                }
                default -> {
                    // not a record field
                }
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static void fill(Map<String, Object> fill, Map<String, Object> view) {
        for (Map.Entry<String, Object> e : fill.entrySet()) {
            switch (e.getKey()) {
                case "user", "coin", "px", "sz", "side", "time", "startPosition", "dir", "closedPnl", "hash", "oid",
                        "crossed", "fee", "tid", "cloid", "feeToken", "twapId", "builderFee", "deployerFee" ->
                        view.put(e.getKey(), e.getValue());
                case "builder" -> builder(e.getValue(), view);
                case "liquidation" -> {
                    Map<String, Object> liquidation = (Map<String, Object>) e.getValue();
                    if (liquidation != null) {
                        copyIfPresent(liquidation, "liquidatedUser", view, "liquidatedUser");
                        copyIfPresent(liquidation, "markPx", view, "markPx");
                        copyIfPresent(liquidation, "method", view, "liquidationMethod");
                    }
                }
                default -> {
                    // not a record field
                }
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static void trade(Map<String, Object> trade, Map<String, Object> view) {
        for (Map.Entry<String, Object> e : trade.entrySet()) {
            switch (e.getKey()) {
                case "coin", "side", "time", "px", "sz", "hash" -> view.put(e.getKey(), e.getValue());
                case "trade_dir_override" -> view.put("tradeDirOverride", e.getValue());
                case "side_info" -> {
                    List<Object> sides = (List<Object>) e.getValue();
                    for (int i = 0; i < Math.min(2, sides.size()); i++) {
                        Map<String, Object> side = (Map<String, Object>) sides.get(i);
                        String prefix = "side" + i;
                        copyIfPresent(side, "user", view, prefix + "User");
                        copyIfPresent(side, "start_pos", view, prefix + "StartPos");
                        copyIfPresent(side, "oid", view, prefix + "Oid");
                        copyIfPresent(side, "twap_id", view, prefix + "TwapId");
                        copyIfPresent(side, "cloid", view, prefix + "Cloid");
                    }
                }
                default -> {
                    // not a record field
                }
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static void bookDiff(Map<String, Object> event, Map<String, Object> view) {
        for (Map.Entry<String, Object> e : event.entrySet()) {
            switch (e.getKey()) {
                case "user", "oid", "coin", "side", "px" -> view.put(e.getKey(), e.getValue());
                case "raw_book_diff" -> {
                    if (e.getValue() instanceof String kind) {
                        view.put("diff", kind);
                    } else {
                        Map<String, Object> diff = (Map<String, Object>) e.getValue();
                        if (diff.containsKey("new")) {
                            view.put("diff", "new");
                            copyIfPresent((Map<String, Object>) diff.get("new"), "sz", view, "sz");
                        } else {
                            view.put("diff", "update");
                            Map<String, Object> update = (Map<String, Object>) diff.get("update");
                            copyIfPresent(update, "origSz", view, "origSz");
                            copyIfPresent(update, "newSz", view, "newSz");
                        }
                    }
                }
                default -> {
                    // not a record field
                }
            }
        }
    }

    /** null or an address stays {@code builder}; {@code {"b","f"}} becomes builder and builderFee. */
    @SuppressWarnings("unchecked")
    private static void builder(Object value, Map<String, Object> view) {
        if (value instanceof Map<?, ?> map) {
            copyIfPresent((Map<String, Object>) map, "b", view, "builder");
            copyIfPresent((Map<String, Object>) map, "f", view, "builderFee");
        } else {
            view.put("builder", value);
        }
    }

    private static void copyIfPresent(Map<String, Object> from, String key, Map<String, Object> to, String name) {
        if (from.containsKey(key)) {
            to.put(name, from.get(key));
        }
    }

    private static String utf8OrNull(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
