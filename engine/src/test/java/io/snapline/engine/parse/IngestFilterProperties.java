package io.snapline.engine.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.snapline.engine.filter.FilterReason;
import io.snapline.engine.filter.IngestFilter;
import io.snapline.engine.parse.DecodedRecords.Decoded;
import io.snapline.records.DeadLetterReason;
import io.snapline.records.Field;
import io.snapline.records.RecordType;
import io.snapline.records.RecordWriter;
import io.snapline.records.testing.JsonTree;
import io.snapline.tailer.NodeStream;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * For random lines and random filters, the records out are exactly the events no filter value
 * matches, and each dropped event is counted once, under the reason of the first matching field
 * in the event's own key order. The reference is computed from Jackson's tree of the input; the
 * kept records are compared, whole, with what an unfiltered parser writes for the same line.
 */
class IngestFilterProperties {

    private static final List<String> STATUSES = List.of("open", "filled", "badAloPxRejected", "minTradeNtlRejected",
            "canceled");
    private static final List<String> COINS = List.of("BTC", "@151", "xyz:TSLA", "SOL", "#1890");
    private static final List<String> USERS = List.of("0x31ca8395cf837de08b24da3f660e77761dfb974b",
            "0xa775d1bd91ee2cc4cae6113e5fd9c0c17b355277", "0xb65117c1e1006e7b2413fa90e96fcbe3fa83ed75");

    private final RecordWriter filtered = new RecordWriter(1 << 16);
    private final RecordWriter unfiltered = new RecordWriter(1 << 16);

    /** A line and the filter it is read with. */
    record Case(NodeStream stream, String line, Map<FilterReason, Set<String>> drops, boolean fastFirst) {
        @Override
        public String toString() {
            return stream + " " + drops + (fastFirst ? " fast " : " reference ") + line;
        }
    }

    @Property(tries = 1500)
    void recordsOutAreExactlyTheEventsNoFilterMatches(@ForAll("cases") Case c) {
        RecordType type = c.stream == NodeStream.TRADES ? RecordType.TRADE : RecordType.ORDER_STATUS;
        IngestFilter.Builder builder = IngestFilter.builder();
        c.drops.forEach((reason, values) -> builder.drop(type, reason, values));
        LineParser parser = new LineParser(c.fastFirst ? new FastJsonCursor() : null, builder.build());
        LineParser reference = new LineParser(c.fastFirst ? new FastJsonCursor() : null, IngestFilter.NONE);

        List<Decoded> kept = parse(parser, c, filtered);
        List<Decoded> all = parse(reference, c, unfiltered);

        // Jackson's view of the input: which events match, and why.
        Map<String, Object> root = JsonTree.object(c.line);
        List<Map<String, Object>> events = new ArrayList<>();
        if (root.containsKey("events")) {
            ((List<?>) root.get("events")).forEach(event -> events.add(asMap(event)));
        } else {
            events.add(root);
        }
        assertEquals(events.size(), all.size(), "the unfiltered parser writes one record per event");
        List<String> expected = new ArrayList<>();
        int[] expectedCounts = new int[FilterReason.COUNTS];
        for (int i = 0; i < events.size(); i++) {
            FilterReason reason = type == RecordType.TRADE ? tradeMatch(events.get(i), c.drops)
                    : orderStatusMatch(events.get(i), c.drops);
            if (reason == null) {
                expected.add(all.get(i).toString());
            } else {
                expectedCounts[reason.index(type)]++;
            }
            Statistics.label("event").collect(reason == null ? "kept" : "dropped: " + reason.label());
        }

        assertEquals(expected, kept.stream().map(Decoded::toString).toList());
        int[] counts = new int[FilterReason.COUNTS];
        parser.addFilteredTo(counts);
        assertEquals(List.of(box(expectedCounts)), List.of(box(counts)));
        assertEquals(events.size() - expected.size(), parser.filteredEvents());
    }

    private static List<Integer> box(int[] values) {
        List<Integer> list = new ArrayList<>();
        for (int value : values) {
            list.add(value);
        }
        return list;
    }

    private static List<Decoded> parse(LineParser parser, Case c, RecordWriter out) {
        out.reset();
        byte[] bytes = c.line.getBytes(StandardCharsets.UTF_8);
        DeadLetterReason reason = parser.parse(c.stream, bytes, 0, bytes.length, 0, 0, out);
        List<Decoded> records = DecodedRecords.decode(out);
        assertNull(reason, () -> "dead letter " + records);
        return records;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object value) {
        return (Map<String, Object>) value;
    }

    /** The first of user, status and order.coin, in the event's key order, holding a dropped value. */
    private static FilterReason orderStatusMatch(Map<String, Object> event, Map<FilterReason, Set<String>> drops) {
        for (String key : event.keySet()) {
            FilterReason reason = switch (key) {
                case "user" -> matches(drops, FilterReason.USER, event.get(key)) ? FilterReason.USER : null;
                case "status" -> matches(drops, FilterReason.STATUS, event.get(key)) ? FilterReason.STATUS : null;
                case "order" -> matches(drops, FilterReason.COIN, asMap(event.get(key)).get("coin")) ? FilterReason.COIN : null;
                default -> null;
            };
            if (reason != null) {
                return reason;
            }
        }
        return null;
    }

    /** Coin, or either side's user, in the trade's key order. */
    private static FilterReason tradeMatch(Map<String, Object> trade, Map<FilterReason, Set<String>> drops) {
        for (String key : trade.keySet()) {
            if (key.equals("coin") && matches(drops, FilterReason.COIN, trade.get(key))) {
                return FilterReason.COIN;
            }
            if (key.equals("side_info")) {
                for (Object side : (List<?>) trade.get(key)) {
                    if (matches(drops, FilterReason.USER, asMap(side).get("user"))) {
                        return FilterReason.USER;
                    }
                }
            }
        }
        return null;
    }

    private static boolean matches(Map<FilterReason, Set<String>> drops, FilterReason reason, Object value) {
        return value instanceof String text && drops.getOrDefault(reason, Set.of()).contains(text);
    }

    @Provide
    Arbitrary<Case> cases() {
        Arbitrary<Map<FilterReason, Set<String>>> orderDrops = drops(true);
        Arbitrary<Map<FilterReason, Set<String>>> tradeDrops = drops(false);
        Arbitrary<Long> seeds = Arbitraries.longs();
        Arbitrary<Boolean> fast = Arbitraries.of(true, false);
        Arbitrary<Case> orderStatuses = Combinators.combine(seeds, Arbitraries.integers().between(0, 2),
                Arbitraries.integers().between(0, 8), orderDrops, fast)
                .as((seed, layout, count, d, f) -> new Case(NodeStream.ORDER_STATUSES,
                        orderStatusLine(new Random(seed), layout, count), d, f));
        Arbitrary<Case> trades = Combinators.combine(seeds, tradeDrops, fast)
                .as((seed, d, f) -> new Case(NodeStream.TRADES, trade(new Random(seed)), d, f));
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, orderStatuses), net.jqwik.api.Tuple.of(1, trades));
    }

    private static Arbitrary<Map<FilterReason, Set<String>>> drops(boolean withStatus) {
        Arbitrary<Set<String>> statuses = Arbitraries.of(STATUSES).set().ofMaxSize(withStatus ? 3 : 0);
        Arbitrary<Set<String>> coins = Arbitraries.of(COINS).set().ofMaxSize(3);
        Arbitrary<Set<String>> users = Arbitraries.of(USERS).set().ofMaxSize(2);
        return Combinators.combine(statuses, coins, users).as((s, c, u) -> {
            Map<FilterReason, Set<String>> drops = new LinkedHashMap<>();
            if (!s.isEmpty()) {
                drops.put(FilterReason.STATUS, s);
            }
            if (!c.isEmpty()) {
                drops.put(FilterReason.COIN, c);
            }
            if (!u.isEmpty()) {
                drops.put(FilterReason.USER, u);
            }
            return drops;
        });
    }

    /** Layout 0 plain (one event), 1 streaming (one event), 2 by-block ({@code count} events, maybe none). */
    private static String orderStatusLine(Random random, int layout, int count) {
        int events = layout == 2 ? count : 1;
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < events; i++) {
            parts.add(orderStatusEvent(random, i));
        }
        if (layout == 0) {
            return parts.get(0);
        }
        return "{\"local_time\":\"2026-05-05T17:39:16.271766237\",\"block_time\":\"2026-05-05T17:39:13.505\","
                + "\"block_number\":" + (1 + random.nextInt(1000)) + ",\"events\":[" + String.join(",", parts) + "]}";
    }

    /** An order-status event with random values and its keys in a random order (the filter must not rely on the node's). */
    private static String orderStatusEvent(Random random, long oid) {
        String coin = pick(random, COINS);
        List<String> keys = new ArrayList<>(List.of(
                "\"time\":\"2026-05-05T17:39:13.505427172\"",
                "\"user\":\"" + pick(random, USERS) + "\"",
                "\"hash\":null",
                "\"builder\":" + (random.nextBoolean() ? "null" : "{\"b\":\"0x1\",\"f\":10}"),
                "\"status\":\"" + pick(random, STATUSES) + "\"",
                "\"order\":{\"coin\":\"" + coin + "\",\"side\":\"B\",\"limitPx\":\"81295.0\",\"sz\":\"0.00965\",\"oid\":"
                        + oid + ",\"children\":[],\"tif\":" + (random.nextBoolean() ? "null" : "\"Alo\"") + ",\"cloid\":null}"));
        if (random.nextInt(3) == 0) {
            keys.add("\"unknown\":{\"coin\":\"" + pick(random, COINS) + "\",\"status\":\"filled\"}");
        }
        Collections.shuffle(keys, random);
        return "{" + String.join(",", keys) + "}";
    }

    private static String trade(Random random) {
        List<String> sides = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            sides.add("{\"user\":\"" + pick(random, USERS) + "\",\"start_pos\":\"1.5\",\"oid\":" + random.nextInt(1000)
                    + ",\"twap_id\":null,\"cloid\":null}");
        }
        List<String> keys = new ArrayList<>(List.of("\"coin\":\"" + pick(random, COINS) + "\"", "\"side\":\"A\"",
                "\"time\":\"2025-06-24T02:56:36.172847427\"", "\"px\":\"2393.9\"", "\"sz\":\"0.1539\"", "\"hash\":null",
                "\"trade_dir_override\":\"Na\"", "\"side_info\":[" + String.join(",", sides) + "]"));
        Collections.shuffle(keys, random);
        return "{" + String.join(",", keys) + "}";
    }

    private static String pick(Random random, List<String> values) {
        return values.get(random.nextInt(values.size()));
    }
}
