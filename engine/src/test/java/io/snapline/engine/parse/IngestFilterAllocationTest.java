package io.snapline.engine.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.snapline.engine.filter.FilterReason;
import io.snapline.engine.filter.IngestFilter;
import io.snapline.engine.testing.NodeLines;
import io.snapline.engine.testing.ThreadAllocation;
import io.snapline.records.DeadLetterReason;
import io.snapline.records.RecordType;
import io.snapline.records.RecordWriter;
import io.snapline.tailer.NodeStream;

import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** With filters on, parsing allocates nothing per event once warm: kept, dropped early and dropped late alike. */
class IngestFilterAllocationTest {

    private static final int LINES = 50_000;
    private static final IngestFilter FILTER = IngestFilter.builder()
            .drop(RecordType.ORDER_STATUS, FilterReason.STATUS, List.of("badAloPxRejected", "minTradeNtlRejected"))
            .drop(RecordType.ORDER_STATUS, FilterReason.COIN, List.of("@151"))
            .drop(RecordType.FILL, FilterReason.USER, List.of(NodeLines.OTHER_USER))
            .drop(RecordType.TRADE, FilterReason.USER, List.of("0x0000000000000000000000000000000000000001"))
            .drop(RecordType.BOOK_DIFF, FilterReason.COIN, List.of("ETH"))
            .build();

    @ParameterizedTest(name = "fast cursor first: {0}")
    @ValueSource(booleans = {true, false})
    void shouldAllocateNothingPerEventWithFiltersOnOnceWarm(boolean fastFirst) {
        LineParser parser = new LineParser(fastFirst ? new FastJsonCursor() : null, FILTER);
        NodeStream[] streams = {NodeStream.ORDER_STATUSES, NodeStream.ORDER_STATUSES, NodeStream.FILLS,
            NodeStream.TRADES, NodeStream.RAW_BOOK_DIFFS};
        byte[][] lines = {
            LineParserTest.bytes(NodeLines.envelope(1, LineParserTest.event("open", "BTC", 1),
                    LineParserTest.event("badAloPxRejected", "BTC", 2), LineParserTest.event("open", "@151", 3))),
            LineParserTest.bytes(NodeLines.orderStatusEvent(4, "minTradeNtlRejected")),
            LineParserTest.bytes(NodeLines.fills(2, 5, 6)),
            LineParserTest.bytes(NodeLines.trade(7)),
            LineParserTest.bytes(NodeLines.bookDiffs(3, 8, "new", "update", "remove")),
        };
        int[] counts = new int[FilterReason.COUNTS];
        RecordWriter out = new RecordWriter(1 << 16);
        int[] kept = new int[1];
        Runnable round = () -> {
            kept[0] = 0;
            for (int i = 0; i < LINES; i++) {
                int which = i % lines.length;
                out.reset();
                DeadLetterReason reason = parser.parse(streams[which], lines[which], 0, lines[which].length, 0, i, out);
                if (reason != null) {
                    assertNull(reason, "line " + which);
                }
                if (parser.filteredEvents() > 0) {
                    parser.addFilteredTo(counts);
                }
                kept[0] += out.recordCount();
            }
        };
        round.run(); // warm

        ThreadAllocation.assertNoneInSteadyState(5, LINES, round);

        // One kept order status of three in the block, none of the plain one and the fills; a trade and three diffs.
        assertEquals(LINES / lines.length * 5, kept[0]);
        assertEquals(6L * LINES / lines.length * 2, counts[FilterReason.STATUS.index(RecordType.ORDER_STATUS)]);
    }
}
