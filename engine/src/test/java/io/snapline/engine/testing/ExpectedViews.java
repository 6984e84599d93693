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
 * writes, and docs/records.md's rule for every other field: kept under its own name (top level and
 * {@code order}), or its path ({@code liquidation.x}, {@code builder.x}, {@code side_info.0.x},
 * {@code side_info.2}, {@code raw_book_diff.<kind>}, {@code raw_book_diff.update.x}), with {@code _}
 * in front while the view already has that key; an unknown envelope key in every view of the line.
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
            long index = 0;
            for (Object event : (List<Object>) envelope.get("events")) {
                Map<String, Object> view = start(stream);
                if (hasBlock(envelope.get("block_number"))) {
                    // Its index in the line; the engine adds the block's events in earlier lines
                    // (ExpectedIdentity follows a whole file for that).
                    view.put("eventIndex", index);
                }
                index++;
                for (Map.Entry<String, Object> e : envelope.entrySet()) {
                    switch (e.getKey()) {
                        case "local_time" -> view.put("localTime", e.getValue());
                        case "block_time" -> view.put("blockTime", e.getValue());
                        case "block_number" -> view.put("blockNumber", e.getValue());
                        case "events" -> {
                            // one view each
                        }
                        default -> unknown(view, e.getKey(), e.getValue());
                    }
                }
                view.putIfAbsent("localTime", null);
                view.putIfAbsent("blockTime", null);
                view.putIfAbsent("blockNumber", null);
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

    /** Whether the envelope's block_number is one the engine counts: an integer of 0 or more. */
    public static boolean hasBlock(Object blockNumber) {
        return (blockNumber instanceof Long || blockNumber instanceof Integer) && ((Number) blockNumber).longValue() >= 0;
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
                            case "children", "coin", "side", "limitPx", "sz", "oid", "timestamp", "triggerCondition",
                                    "isTrigger", "triggerPx", "isPositionTpsl", "reduceOnly", "orderType", "origSz",
                                    "tif", "cloid" -> view.put(o.getKey(), o.getValue());
                            default -> unknown(view, o.getKey(), o.getValue());
                        }
                    }
                }
                default -> unknown(view, e.getKey(), e.getValue());
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
                        for (Map.Entry<String, Object> l : liquidation.entrySet()) {
                            switch (l.getKey()) {
                                case "liquidatedUser", "markPx" -> view.put(l.getKey(), l.getValue());
                                case "method" -> view.put("liquidationMethod", l.getValue());
                                default -> unknown(view, "liquidation." + l.getKey(), l.getValue());
                            }
                        }
                    }
                }
                default -> unknown(view, e.getKey(), e.getValue());
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
                    for (int i = 0; i < sides.size(); i++) {
                        if (i >= 2) {
                            unknown(view, "side_info." + i, sides.get(i));
                            continue;
                        }
                        Map<String, Object> side = (Map<String, Object>) sides.get(i);
                        if (side == null) {
                            continue;
                        }
                        for (Map.Entry<String, Object> f : side.entrySet()) {
                            String name = switch (f.getKey()) {
                                case "user" -> "User";
                                case "start_pos" -> "StartPos";
                                case "oid" -> "Oid";
                                case "twap_id" -> "TwapId";
                                case "cloid" -> "Cloid";
                                default -> null;
                            };
                            if (name == null) {
                                unknown(view, "side_info." + i + "." + f.getKey(), f.getValue());
                            } else {
                                view.put("side" + i + name, f.getValue());
                            }
                        }
                    }
                }
                default -> unknown(view, e.getKey(), e.getValue());
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
                        for (Map.Entry<String, Object> kind : ((Map<String, Object>) e.getValue()).entrySet()) {
                            if (!kind.getKey().equals("new") && !kind.getKey().equals("update")) {
                                unknown(view, "raw_book_diff." + kind.getKey(), kind.getValue());
                                continue;
                            }
                            view.put("diff", kind.getKey());
                            for (Map.Entry<String, Object> size : ((Map<String, Object>) kind.getValue()).entrySet()) {
                                boolean known = kind.getKey().equals("new") ? size.getKey().equals("sz")
                                        : size.getKey().equals("origSz") || size.getKey().equals("newSz");
                                if (known) {
                                    view.put(size.getKey(), size.getValue());
                                } else {
                                    unknown(view, "raw_book_diff." + kind.getKey() + "." + size.getKey(), size.getValue());
                                }
                            }
                        }
                    }
                }
                default -> unknown(view, e.getKey(), e.getValue());
            }
        }
    }

    /** null or an address stays {@code builder}; {@code {"b","f"}} becomes builder and builderFee. */
    @SuppressWarnings("unchecked")
    private static void builder(Object value, Map<String, Object> view) {
        if (value instanceof Map<?, ?> map) {
            for (Map.Entry<String, Object> e : ((Map<String, Object>) map).entrySet()) {
                switch (e.getKey()) {
                    case "b" -> view.put("builder", e.getValue());
                    case "f" -> view.put("builderFee", e.getValue());
                    default -> unknown(view, "builder." + e.getKey(), e.getValue());
                }
            }
        } else {
            view.put("builder", value);
        }
    }

    /**
     * A field the engine does not know, under its name, with {@code _} in front while the view has
     * that key or it is one the view may print (every record field's name, its Base64 form, the
     * view's own keys): the rule of docs/records.md.
     */
    public static void unknown(Map<String, Object> view, String name, Object value) {
        String key = name;
        while (view.containsKey(key) || RESERVED.contains(key)) {
            key = "_" + key;
        }
        view.put(key, value);
    }

    private static final java.util.Set<String> RESERVED = reserved();

    private static java.util.Set<String> reserved() {
        java.util.Set<String> keys = new java.util.HashSet<>(List.of("type", "typeCode", "source", "offset"));
        for (io.snapline.records.Field field : io.snapline.records.Field.values()) {
            keys.add(field.jsonName());
            keys.add(field.jsonName() + "Base64");
        }
        return keys;
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
