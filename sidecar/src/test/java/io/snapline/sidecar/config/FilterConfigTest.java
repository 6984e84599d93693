package io.snapline.sidecar.config;

import static io.snapline.sidecar.config.ConfigFixtures.MAX_HEAP;
import static io.snapline.sidecar.config.ConfigFixtures.VALID_START;
import static io.snapline.sidecar.config.ConfigFixtures.errors;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.snapline.engine.filter.FilterReason;
import io.snapline.engine.filter.IngestFilter;
import io.snapline.engine.filter.TypeFilter;
import io.snapline.records.Field;
import io.snapline.records.RecordLayout;
import io.snapline.records.RecordType;
import io.snapline.records.RecordWriter;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** {@code filter:}: off when absent, read as docs/config.md shows it, and every way to get it wrong refused at its key. */
class FilterConfigTest {

    private static final String USER = "0x31ca8395cf837de08b24da3f660e77761dfb974b";

    private static IngestFilter filterOf(String yaml) throws ConfigException {
        return ConfigLoader.parse(VALID_START + yaml, "snapline.yaml", Map.of(), MAX_HEAP).engine().filter();
    }

    @Test
    void shouldDropNothingWithoutAFilterSection() throws Exception {
        assertSame(IngestFilter.NONE, filterOf(""));
        assertTrue(filterOf("filter:\n").isEmpty(), "an empty section filters nothing either");
        for (RecordType type : RecordType.values()) {
            assertNull(filterOf("").forType(type));
        }
    }

    @Test
    void shouldReadEveryTypeAndKeyOfTheDocumentedExample() throws Exception {
        IngestFilter filter = filterOf("""
                filter:
                  order_status:
                    drop_status: [badAloPxRejected, minTradeNtlRejected]
                    drop_coin: ["@151"]
                    drop_user: ["0x31CA8395CF837DE08B24DA3F660E77761DFB974B"]
                  fill:
                    drop_coin: [BTC, "xyz:TSLA"]
                  trade:
                    drop_user:
                      - "0xa775d1bd91ee2cc4cae6113e5fd9c0c17b355277"
                  book_diff:
                    drop_coin: ["#1890"]
                """);

        assertEquals("order_status: drop_status 2 values, drop_coin 1 value, drop_user 1 value; fill: drop_coin 2 values;"
                + " trade: drop_user 1 value; book_diff: drop_coin 1 value", filter.describe());
        TypeFilter statuses = filter.forType(RecordType.ORDER_STATUS);
        assertEquals(FilterReason.STATUS, matchOne(statuses, Field.STATUS, "minTradeNtlRejected"));
        assertEquals(FilterReason.COIN, matchOne(statuses, Field.COIN, "@151"));
        assertEquals(FilterReason.USER, matchOne(statuses, Field.USER, USER), "an address matches in the node's lower case");
        assertNull(matchOne(statuses, Field.STATUS, "open"));
        assertEquals(FilterReason.COIN, matchOne(filter.forType(RecordType.FILL), Field.COIN, "xyz:TSLA"));
        assertEquals(FilterReason.USER, matchOne(filter.forType(RecordType.TRADE), Field.SIDE1_USER,
                "0xa775d1bd91ee2cc4cae6113e5fd9c0c17b355277"));
        assertEquals(FilterReason.COIN, matchOne(filter.forType(RecordType.BOOK_DIFF), Field.COIN, "#1890"));
        assertNull(filter.forType(RecordType.DEAD_LETTER));
    }

    /** What {@code filter} says of a record holding only {@code field = value}. */
    private static FilterReason matchOne(TypeFilter filter, Field field, String value) {
        RecordWriter writer = new RecordWriter(64);
        writer.beginRecord(filter.type(), 0, 0);
        int from = writer.length();
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        writer.putText(field, RecordLayout.KIND_STRING, utf8, 0, utf8.length);
        return filter.match(writer.buffer(), from, writer.length());
    }

    @Test
    void shouldReportEachWrongKeyOrValueAtItsKeyAndLineSayingWhatWasExpected() {
        List<ConfigError> errors = errors(VALID_START + """
                filter:
                  order_statuses:
                    drop_status: [open]
                  dead_letter:
                    drop_user: ["0x31ca8395cf837de08b24da3f660e77761dfb974b"]
                  fill:
                    drop_status: [filled]
                    drop_side: [B]
                  trade:
                    drop_coin: []
                  book_diff:
                  order_status:
                    drop_status: badAloPxRejected
                    drop_coin: [151, true, ~, "", BTC, BTC]
                    drop_user: ["0x31ca", "0x31CA8395CF837DE08B24DA3F660E77761DFB974B", "0x31ca8395cf837de08b24da3f660e77761dfb974b"]
                """);

        assertEquals(List.of(
                new ConfigError("filter.order_statuses", 8,
                        "unknown key; allowed here: order_status, fill, trade, book_diff, twap_status, system_action,"
                                + " dead_letter, misc_event, hip3_oracle_update, block_seal, block_gap, stream_stall"),
                new ConfigError("filter.dead_letter", 10, "dead letters are never filtered; allowed here:"
                        + " order_status, fill, trade, book_diff, twap_status, system_action"),
                new ConfigError("filter.fill.drop_status", 13,
                        "expected one of drop_coin, drop_user: fill records have no status field"),
                new ConfigError("filter.fill.drop_side", 14, "unknown key; allowed here: drop_status, drop_coin, drop_user"),
                new ConfigError("filter.trade.drop_coin", 16,
                        "expected at least one coin, got an empty list (leave the key out to keep them all)"),
                new ConfigError("filter.book_diff", 17, "expected at least one of drop_coin, drop_user under it, got none"),
                new ConfigError("filter.order_status.drop_status", 19, "expected a list of status values, each a status"
                        + " as the node writes it, such as badAloPxRejected, got badAloPxRejected"),
                new ConfigError("filter.order_status.drop_coin[0]", 20, "expected a coin as the node writes it, such as"
                        + " BTC, \"@151\" or \"xyz:TSLA\", got 151, which is not a string (quote it if it is one)"),
                new ConfigError("filter.order_status.drop_coin[1]", 20, "expected a coin as the node writes it, such as"
                        + " BTC, \"@151\" or \"xyz:TSLA\", got true, which is not a string (quote it if it is one)"),
                new ConfigError("filter.order_status.drop_coin[2]", 20, "expected a coin as the node writes it, such as"
                        + " BTC, \"@151\" or \"xyz:TSLA\", got nothing"),
                new ConfigError("filter.order_status.drop_coin[3]", 20, "expected a coin as the node writes it, such as"
                        + " BTC, \"@151\" or \"xyz:TSLA\", got an empty value"),
                new ConfigError("filter.order_status.drop_coin[5]", 20, "listed twice"),
                new ConfigError("filter.order_status.drop_user[0]", 21,
                        "expected a user address: 0x and 40 hex digits, got 0x31ca"),
                new ConfigError("filter.order_status.drop_user[2]", 21, "listed twice")), errors);
    }

    @Test
    void shouldRefuseAFilterThatIsNotAMappingOfTypes() {
        assertEquals(List.of(new ConfigError("filter", 7, "expected a mapping of keys, got a list")),
                errors(VALID_START + "filter: [order_status]\n"));
        assertEquals(List.of(new ConfigError("filter.fill", 8, "expected a mapping of keys, got drop_coin")),
                errors(VALID_START + "filter:\n  fill: drop_coin\n"));
    }

    @Test
    void shouldSayARecordTypeWithoutStatusCoinOrUserIsNotFiltered() {
        assertEquals(List.of(new ConfigError("filter.misc_event", 8, "misc_event records are not filtered: they have"
                + " no status, coin or user field; allowed here: order_status, fill, trade, book_diff, twap_status,"
                + " system_action")), errors(VALID_START + "filter:\n  misc_event:\n    drop_coin: [BTC]\n"));
    }
}
