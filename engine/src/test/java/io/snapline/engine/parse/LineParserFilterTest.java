package io.snapline.engine.parse;

import static io.snapline.records.Field.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.snapline.engine.filter.FilterReason;
import io.snapline.engine.filter.IngestFilter;
import io.snapline.engine.parse.DecodedRecords.Decoded;
import io.snapline.engine.testing.NodeLines;
import io.snapline.records.DeadLetterReason;
import io.snapline.records.RecordType;
import io.snapline.records.RecordWriter;
import io.snapline.tailer.NodeStream;

import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Ingest filters in the parser: which events of a line are dropped, what is counted, what is kept. */
class LineParserFilterTest {

    private static final String REJECTED = "badAloPxRejected";
    private static final int SOURCE = 3;
    private static final long OFFSET = 4096;

    private final RecordWriter out = new RecordWriter(1 << 12);

    private static LineParser parser(boolean fastFirst, IngestFilter filter) {
        return new LineParser(fastFirst ? new FastJsonCursor() : null, filter);
    }

    private static IngestFilter drop(RecordType type, FilterReason reason, String... values) {
        return IngestFilter.builder().drop(type, reason, List.of(values)).build();
    }

    private List<Decoded> parse(LineParser parser, NodeStream stream, String line) {
        out.reset();
        byte[] bytes = LineParserTest.bytes(line);
        DeadLetterReason reason = parser.parse(stream, bytes, 0, bytes.length, SOURCE, OFFSET, out);
        List<Decoded> records = DecodedRecords.decode(out);
        assertNull(reason, () -> "dead letter " + records);
        return records;
    }

    private static int[] counts(LineParser parser) {
        int[] counts = new int[FilterReason.COUNTS];
        parser.addFilteredTo(counts);
        return counts;
    }

    private static int count(int[] counts, RecordType type, FilterReason reason) {
        return counts[reason.index(type)];
    }

    @ParameterizedTest(name = "fast cursor first: {0}")
    @ValueSource(booleans = {true, false})
    void shouldDropOnlyTheMatchingEventsOfALineAndCountEachByItsReason(boolean fastFirst) {
        LineParser parser = parser(fastFirst, IngestFilter.builder()
                .drop(RecordType.ORDER_STATUS, FilterReason.STATUS, List.of(REJECTED, "minTradeNtlRejected"))
                .drop(RecordType.ORDER_STATUS, FilterReason.COIN, List.of("@151")).build());
        String line = NodeLines.envelope(7, LineParserTest.event("open", "BTC", 1), LineParserTest.event(REJECTED, "BTC", 2),
                LineParserTest.event("open", "@151", 3), LineParserTest.event("filled", "ETH", 4),
                LineParserTest.event("minTradeNtlRejected", "@151", 5));

        List<Decoded> kept = parse(parser, NodeStream.ORDER_STATUSES, line);

        assertEquals(List.of(1L, 4L), kept.stream().map(r -> r.longValue(OID)).toList());
        assertEquals(3, parser.filteredEvents());
        int[] counts = counts(parser);
        assertEquals(2, count(counts, RecordType.ORDER_STATUS, FilterReason.STATUS), "status comes before the order's coin");
        assertEquals(1, count(counts, RecordType.ORDER_STATUS, FilterReason.COIN));
        assertEquals(7L, parser.blockNumber());
        // What is kept is exactly what an unfiltered parser writes for those events, their index in
        // the block (which counts the dropped ones, so identity does not depend on the filter) included.
        assertEquals(parse(parser(fastFirst, IngestFilter.NONE), NodeStream.ORDER_STATUSES, line).stream()
                .filter(r -> r.longValue(OID) == 1 || r.longValue(OID) == 4).toList().toString(), kept.toString());
        assertEquals(List.of(0L, 3L), kept.stream().map(r -> r.longValue(io.snapline.records.Field.EVENT_INDEX)).toList());
    }

    @ParameterizedTest(name = "fast cursor first: {0}")
    @ValueSource(booleans = {true, false})
    void shouldWriteNothingForAByBlockLineWhoseEveryEventIsDropped(boolean fastFirst) {
        LineParser parser = parser(fastFirst, drop(RecordType.ORDER_STATUS, FilterReason.STATUS, REJECTED));
        String line = NodeLines.envelope(8, LineParserTest.event(REJECTED, "BTC", 1), LineParserTest.event(REJECTED, "SOL", 2));

        assertEquals(List.of(), parse(parser, NodeStream.ORDER_STATUSES, line));
        assertEquals(0, out.length());
        assertEquals(2, parser.filteredEvents());
        assertEquals(8L, parser.blockNumber(), "the block is still seen: gaps are counted from it");
    }

    @ParameterizedTest(name = "fast cursor first: {0}")
    @ValueSource(booleans = {true, false})
    void shouldDropAPlainEventWhoseStatusComesAfterItsOrder(boolean fastFirst) {
        LineParser parser = parser(fastFirst, drop(RecordType.ORDER_STATUS, FilterReason.STATUS, REJECTED));
        String event = LineParserTest.event(REJECTED, "BTC", 1);
        String orderFirst = "{" + event.substring(event.indexOf("\"order\":"), event.length() - 1) + ","
                + event.substring(1, event.indexOf(",\"order\":")) + "}";

        assertEquals(List.of(), parse(parser, NodeStream.ORDER_STATUSES, orderFirst));
        assertEquals(1, parser.filteredEvents());
    }

    @ParameterizedTest(name = "fast cursor first: {0}")
    @ValueSource(booleans = {true, false})
    void shouldFilterEveryTypeByEachOfItsFields(boolean fastFirst) {
        String otherUser = "0x0000000000000000000000000000000000000001";
        assertFilters(fastFirst, RecordType.ORDER_STATUS, FilterReason.USER, "0xaa", NodeStream.ORDER_STATUSES,
                NodeLines.envelope(1, LineParserTest.event("open", "BTC", 1)));
        assertFilters(fastFirst, RecordType.ORDER_STATUS, FilterReason.COIN, "BTC", NodeStream.ORDER_STATUSES,
                NodeLines.plainOrderStatus(1));
        assertFilters(fastFirst, RecordType.FILL, FilterReason.COIN, "SOL", NodeStream.FILLS, NodeLines.fills(1, 9));
        assertFilters(fastFirst, RecordType.FILL, FilterReason.USER, NodeLines.OTHER_USER, NodeStream.FILLS,
                NodeLines.fills(1, 9));
        assertFilters(fastFirst, RecordType.TRADE, FilterReason.COIN, "@151", NodeStream.TRADES, NodeLines.trade(1));
        assertFilters(fastFirst, RecordType.TRADE, FilterReason.USER, NodeLines.USER, NodeStream.TRADES, NodeLines.trade(1));
        assertFilters(fastFirst, RecordType.TRADE, FilterReason.USER, NodeLines.OTHER_USER, NodeStream.TRADES,
                NodeLines.trade(1));
        assertFilters(fastFirst, RecordType.BOOK_DIFF, FilterReason.COIN, "BTC", NodeStream.RAW_BOOK_DIFFS,
                NodeLines.bookDiffs(1, 5, "new", "remove"));
        assertFilters(fastFirst, RecordType.BOOK_DIFF, FilterReason.USER, NodeLines.USER, NodeStream.RAW_BOOK_DIFFS,
                NodeLines.bookDiffs(1, 5, "update"));
        // A value the line does not hold drops nothing; nor does a prefix of one.
        LineParser parser = parser(fastFirst, drop(RecordType.TRADE, FilterReason.USER, otherUser, NodeLines.USER.substring(0, 20)));
        assertEquals(1, parse(parser, NodeStream.TRADES, NodeLines.trade(1)).size());
        assertEquals(0, parser.filteredEvents());
    }

    /** {@code line}'s every event is dropped for {@code reason}; another type's filter on the same value drops nothing. */
    private void assertFilters(boolean fastFirst, RecordType type, FilterReason reason, String value, NodeStream stream,
            String line) {
        int events = parse(parser(fastFirst, IngestFilter.NONE), stream, line).size();
        LineParser parser = parser(fastFirst, drop(type, reason, value));
        assertEquals(List.of(), parse(parser, stream, line), type + " " + reason + " " + value);
        assertEquals(events, count(counts(parser), type, reason));

        RecordType other = type == RecordType.TRADE ? RecordType.FILL : RecordType.TRADE;
        LineParser otherType = parser(fastFirst, drop(other, reason == FilterReason.STATUS ? FilterReason.COIN : reason, value));
        assertEquals(events, parse(otherType, stream, line).size(), "a filter of " + other + " leaves " + type + " alone");
    }

    @ParameterizedTest(name = "fast cursor first: {0}")
    @ValueSource(booleans = {true, false})
    void shouldNeverFilterADeadLetterNorCountDropsOfALineThatBecameOne(boolean fastFirst) {
        LineParser parser = parser(fastFirst, drop(RecordType.ORDER_STATUS, FilterReason.STATUS, REJECTED));
        String broken = NodeLines.envelope(1, LineParserTest.event(REJECTED, "BTC", 1), LineParserTest.event(REJECTED, "BTC", 2));
        broken = broken.substring(0, broken.length() - 3); // cut inside the last event
        String missingUser = NodeLines.envelope(1, LineParserTest.event(REJECTED, "BTC", 1),
                LineParserTest.event("open", "BTC", 2).replace("\"user\":\"0xaa\",", ""));

        assertEquals(List.of(), parse(parser, NodeStream.ORDER_STATUSES, NodeLines.orderStatusEvent(1, REJECTED)));
        assertEquals(1, parser.filteredEvents(), "a line with a drop before the bad ones");
        for (String line : List.of(broken, missingUser)) {
            out.reset();
            byte[] bytes = LineParserTest.bytes(line);
            DeadLetterReason reason = parser.parse(NodeStream.ORDER_STATUSES, bytes, 0, bytes.length, SOURCE, OFFSET, out);
            List<Decoded> records = DecodedRecords.decode(out);
            assertEquals(List.of(RecordType.DEAD_LETTER), records.stream().map(r -> r.type).toList(), line);
            assertEquals(reason.label(), records.get(0).string(REASON));
            assertArrayEquals(bytes, records.get(0).bytes(RAW), "the whole line, the dropped event's part included");
            assertEquals(0, parser.filteredEvents(), line);
            assertEquals(0, Arrays.stream(counts(parser)).sum());
        }
        assertThrows(IllegalArgumentException.class, () -> IngestFilter.builder()
                .drop(RecordType.DEAD_LETTER, FilterReason.USER, List.of(NodeLines.USER)));
    }

    @ParameterizedTest(name = "fast cursor first: {0}")
    @ValueSource(booleans = {true, false})
    void shouldSkipTheRestOfAnEventOnceItsStatusDropsIt(boolean fastFirst) {
        LineParser parser = parser(fastFirst, drop(RecordType.ORDER_STATUS, FilterReason.STATUS, REJECTED));
        // Its order lacks the required oid: read to the end, the event would make its line a dead letter.
        String noOid = LineParserTest.event(REJECTED, "BTC", 1).replace("\"oid\":1,", "");
        String line = NodeLines.envelope(9, noOid, LineParserTest.event("open", "BTC", 2));

        List<Decoded> kept = parse(parser, NodeStream.ORDER_STATUSES, line);

        assertEquals(List.of(2L), kept.stream().map(r -> r.longValue(OID)).toList());
        assertEquals(1, parser.filteredEvents());
    }

    @ParameterizedTest(name = "fast cursor first: {0}")
    @ValueSource(booleans = {true, false})
    void shouldReadAPlainLookingLineThatTurnsOutAnEnvelopeWithoutCountingItsFirstPass(boolean fastFirst) {
        LineParser parser = parser(fastFirst, drop(RecordType.ORDER_STATUS, FilterReason.STATUS, REJECTED));
        String line = "{\"status\":\"" + REJECTED + "\",\"events\":[" + LineParserTest.event("open", "BTC", 1)
                + "],\"block_number\":5}";

        List<Decoded> kept = parse(parser, NodeStream.ORDER_STATUSES, line);

        assertEquals(List.of(1L), kept.stream().map(r -> r.longValue(OID)).toList());
        assertEquals(0, parser.filteredEvents());
    }

    @Test
    void shouldRefuseAFilterThatCouldNeverMatch() {
        for (RecordType type : List.of(RecordType.FILL, RecordType.TRADE, RecordType.BOOK_DIFF)) {
            assertThrows(IllegalArgumentException.class,
                    () -> IngestFilter.builder().drop(type, FilterReason.STATUS, List.of("open")), type::toString);
        }
        assertThrows(IllegalArgumentException.class,
                () -> IngestFilter.builder().drop(RecordType.FILL, FilterReason.COIN, List.of()));
        assertThrows(IllegalArgumentException.class,
                () -> IngestFilter.builder().drop(RecordType.FILL, FilterReason.COIN, List.of("")));
    }

    @Test
    void shouldCostNothingWhenNoFilterIsConfigured() {
        Function<IngestFilter, List<String>> records = filter -> parse(parser(true, filter), NodeStream.ORDER_STATUSES,
                NodeLines.byBlockOrderStatuses(1, 1, 2, 3)).stream().map(Decoded::toString).toList();
        assertEquals(3, records.apply(IngestFilter.NONE).size());
        assertEquals(records.apply(IngestFilter.NONE),
                records.apply(drop(RecordType.FILL, FilterReason.COIN, "BTC")), "another type's filter changes nothing here");
    }
}
