package io.snapline.sidecar.config;

import static io.snapline.sidecar.config.ConfigFixtures.MAX_HEAP;
import static io.snapline.sidecar.config.ConfigFixtures.VALID_START;
import static io.snapline.sidecar.config.ConfigFixtures.errors;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files that are wrong: each error names its key and line and says what was expected. */
class ConfigErrorsTest {

    @TempDir
    Path dir;

    @Test
    void shouldFormatAnErrorWithFileLineKeyAndExpectation() throws Exception {
        Path file = Files.writeString(dir.resolve("snapline.yaml"), VALID_START + """
                engine:
                  ring_slots: 12
                """);

        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(file, Map.of(), MAX_HEAP));

        assertEquals(List.of(new ConfigError("engine.ring_slots", 8,
                "expected a power of two between 2 and 65536, got 12")), e.errors());
        assertEquals(file + ":8: engine.ring_slots: expected a power of two between 2 and 65536, got 12",
                e.getMessage());
        assertEquals("snapline.yaml:8: engine.ring_slots: expected a power of two between 2 and 65536, got 12",
                e.errors().get(0).format("snapline.yaml"));
    }

    @Test
    void shouldReportEveryErrorOfAFileAtOnceInLineOrder() {
        List<ConfigError> errors = errors("""
                sources:
                  - node_data: /root/hl/data
                    streams: [node_fills, node_fils]
                  - glob: /var/*/x.log
                output:
                  kafka: {bootstrap_servers: localhost:9092}
                engine:
                  ring_slots: 12
                  slot_max_bytes: 64MB
                  lingr: 20ms
                metrics:
                  enabled: yes
                  address: localhost
                memory:
                  heap_warning: 95%
                  heap_critical: 90%
                lag:
                  warn_before: 48h
                logging:
                  status_interval: 10
                shutdown:
                  timeout: 5s
                """);

        assertEquals(List.of(
                "3 sources[0].streams[1]", "4 sources[1].glob", "4 sources[1].stream", "6 output.kafka.instance",
                "8 engine.ring_slots", "9 engine.slot_max_bytes", "10 engine.lingr", "12 metrics.enabled",
                "13 metrics.address", "15 memory.heap_warning", "18 lag.warn_before", "20 logging.status_interval",
                "22 shutdown.timeout"), where(errors));
    }

    @Test
    void shouldReportAYamlSyntaxErrorAsOneErrorAtItsLine() {
        List<ConfigError> errors = errors("""
                sources:
                  - node_data: /root/hl/data
                output:
                  chronicle:
                    path: "/q
                engine:
                  ring_slots: 12
                """);

        assertEquals(1, errors.size());
        assertEquals("", errors.get(0).key());
        assertEquals(8, errors.get(0).line()); // where the unclosed quote runs out
        assertTrue(errors.get(0).message().startsWith("YAML syntax error: found unexpected end of stream"),
                errors.get(0).message());
    }

    @Test
    void shouldReportABadIndentAtItsLine() {
        List<ConfigError> errors = errors("""
                sources:
                  - node_data: /root/hl/data
                output:
                  chronicle:
                    path: /q
                   retention: 1h
                """);

        assertEquals(1, errors.size());
        assertEquals(6, errors.get(0).line());
        assertTrue(errors.get(0).message().startsWith("YAML syntax error: "), errors.get(0).message());
    }

    @Test
    void shouldRefuseAnEmptyFile() {
        ConfigError expected = new ConfigError("", 1, "the file is empty; expected at least sources and output.chronicle.path");

        assertEquals(List.of(expected), errors(""));
        assertEquals(List.of(expected), errors("# only a comment\n"));
    }

    @Test
    void shouldRefuseAFileThatIsNotAMapping() {
        assertEquals(List.of(new ConfigError("", 2, "expected a mapping with the sections sources, output, engine,"
                + " filter, metrics, memory, lag, logging, shutdown, got a list")), errors("\n- sources\n"));
    }

    @Test
    void shouldNameMissingRequiredKeysAtTheLineOfTheirMapping() {
        assertEquals(List.of(
                new ConfigError("sources", 1, "missing; expected a list of sources, each with node_data or glob"),
                new ConfigError("output", 1, "missing; expected a mapping with chronicle: {path: ...}")),
                errors("engine:\n  ring_slots: 16\n"));
        assertEquals(List.of(new ConfigError("output.chronicle.path", 4,
                "missing; expected the queue directory, such as ./data/queue")), errors("""
                sources:
                  - node_data: /root/hl/data
                output:
                  chronicle:
                    retention: 1h
                """));
        assertEquals(List.of(new ConfigError("output.chronicle", 3,
                "missing; expected a mapping with path (the queue directory)")), errors("""
                sources:
                  - node_data: /root/hl/data
                output: {}
                """));
    }

    @Test
    void shouldNameAnUnknownKeyAndListTheAllowedOnes() {
        assertEquals(List.of(new ConfigError("engine.ring_slot", 8, "unknown key; allowed here: ring_slots, "
                + "slot_max_bytes, slot_max_lines, parse_workers, linger, max_idle, max_line_length, rollover_grace, "
                + "read_budget, discovery_interval, start_at, drain_timeout, follow_symlinks, stream_stall_after")),
                errors(VALID_START + """
                engine:
                  ring_slot: 16
                """));
        assertEquals(List.of(new ConfigError("tailer", 7, "unknown key; allowed here: sources, output, engine, "
                + "filter, metrics, memory, lag, logging, shutdown")), errors(VALID_START + "tailer: {}\n"));
        assertEquals(List.of(new ConfigError("sources[0].stream", 3,
                "unknown key; allowed here: node_data, streams, layouts")), errors("""
                sources:
                  - node_data: /root/hl/data
                    stream: node_fills
                output: {chronicle: {path: /q}}
                """));
    }

    @Test
    void shouldRefuseAKeyGivenTwice() {
        assertEquals(List.of(new ConfigError("engine.linger", 9, "appears twice; first on line 8")),
                errors(VALID_START + """
                        engine:
                          linger: 20ms
                          linger: 30ms
                        """));
    }

    @Test
    void shouldRefuseAValueOfTheWrongType() {
        assertEquals(List.of(new ConfigError("engine", 7, "expected a mapping of keys, got a list")),
                errors(VALID_START + "engine: [1, 2]\n"));
        assertEquals(List.of(new ConfigError("engine.ring_slots", 8,
                "expected a power of two between 2 and 65536, got a list")), errors(VALID_START + """
                engine:
                  ring_slots: [16]
                """));
        assertEquals(List.of(new ConfigError("engine.follow_symlinks", 8, "expected true or false, got sometimes")),
                errors(VALID_START + """
                        engine:
                          follow_symlinks: sometimes
                        """));
        assertEquals(List.of(new ConfigError("metrics.enabled", 8, "expected true or false, got yes")),
                errors(VALID_START + """
                        metrics:
                          enabled: yes
                        """));
        assertEquals(List.of(new ConfigError("sources", 1,
                "expected a list of sources, each with node_data or glob, got a mapping")), errors("""
                sources:
                  node_data: /root/hl/data
                output: {chronicle: {path: /q}}
                """));
        assertEquals(List.of(new ConfigError("engine.linger", 8,
                "expected a duration such as 500ms, 10s, 5m, 48h or 2d (or 0), got nothing")), errors(VALID_START + """
                engine:
                  linger:
                """));
    }

    /** Judged against the heap given (MAX_HEAP), not the test JVM's own (-Xmx2g), as check and run must agree. */
    @Test
    void shouldRefuseARingThatTakesMoreThanHalfTheHeapAtTheKeyThatSizedIt() {
        long maxHeap = MAX_HEAP;
        List<ConfigError> errors = errors(VALID_START + """
                engine:
                  ring_slots: 1024
                  slot_max_bytes: 4MiB
                """);
        // 1024 x (4 MiB slab + 6 MiB record buffer + 8192 lines x 28 bytes) = 10,464 MiB
        assertEquals(List.of(new ConfigError("engine.slot_max_bytes", 9, "expected a ring that fits in half the max"
                + " heap (" + ((maxHeap / 2 + (1 << 19)) >> 20) + " MiB of " + ((maxHeap + (1 << 19)) >> 20) + " MiB),"
                + " got 1024 slots x 4MiB taking 10464 MiB (each slot holds its slab, a record buffer of 1.5 x the slab"
                + " and 28 bytes a line); lower ring_slots or slot_max_bytes, or raise memory.max_heap and -Xmx")), errors);

        List<ConfigError> slotsOnly = errors(VALID_START + """
                engine:
                  ring_slots: 65536
                """);
        assertEquals(List.of("engine.ring_slots"), slotsOnly.stream().map(ConfigError::key).toList(), slotsOnly.toString());
    }

    @Test
    void shouldRefuseImpossibleValues() {
        assertEquals(List.of(
                new ConfigError("engine.slot_max_bytes", 8, "expected a size between 64KiB and 1GiB, such as 65536,"
                        + " 64KiB, 2MiB or 1GiB, got 1KiB"),
                new ConfigError("engine.slot_max_lines", 9, "expected a whole number between 1 and 1048576, got 0"),
                new ConfigError("engine.parse_workers", 10, "expected auto or a whole number between 1 and 256, got -1"),
                new ConfigError("engine.linger", 11, "expected a duration such as 500ms, 10s, 5m, 48h or 2d (or 0),"
                        + " got 10 (a duration needs a unit: ms, s, m, h or d)"),
                new ConfigError("engine.max_line_length", 12, "expected a size between 1 bytes and 1GiB, such as"
                        + " 65536, 64KiB, 2MiB or 1GiB, got 64MB (KB, MB, GB are not accepted; write KiB, MiB or GiB"
                        + " (1024-based))"),
                new ConfigError("engine.start_at", 13, "expected one of beginning, end, got middle"),
                new ConfigError("engine.drain_timeout", 14, "expected a duration of at least 1ms such as 500ms, 10s,"
                        + " 5m, 48h or 2d, got 0"),
                new ConfigError("engine.rollover_grace", 15, "expected a duration such as 500ms, 10s, 5m, 48h or 2d"
                        + " (or 0), got 4000d (at most 3650d)"),
                new ConfigError("engine.stream_stall_after", 16, "expected a duration such as 500ms, 10s, 5m, 48h or"
                        + " 2d (or 0), got soon")),
                errors(VALID_START + """
                        engine:
                          slot_max_bytes: 1KiB
                          slot_max_lines: 0
                          parse_workers: -1
                          linger: 10
                          max_line_length: 64MB
                          start_at: middle
                          drain_timeout: 0
                          rollover_grace: 4000d
                          stream_stall_after: soon
                        """));
    }

    @Test
    void shouldRefuseImpossibleMetricsAddresses() {
        String expected = "expected host:port such as 127.0.0.1:9464, 0.0.0.0:9464 or [::1]:9464, with a port from"
                + " 0 to 65535, got ";
        assertEquals(List.of(
                new ConfigError("metrics.address", 8, expected + "127.0.0.1:70000"),
                new ConfigError("metrics.stall_after", 9, "expected a duration of at least 1ms such as 500ms, 10s,"
                        + " 5m, 48h or 2d, got 0")),
                errors(VALID_START + """
                        metrics:
                          address: 127.0.0.1:70000
                          stall_after: 0
                        """));
        assertEquals(List.of(new ConfigError("metrics.address", 8, expected + "::1:9464")), errors(VALID_START + """
                metrics:
                  address: "::1:9464"
                """));
    }

    @Test
    void shouldRefuseMemoryThresholdsThatCannotWork() {
        assertEquals(List.of(new ConfigError("memory.heap_warning", 8,
                "expected at most heap_critical (3GiB), got 3584MiB: the warning must come first")),
                errors(VALID_START + """
                        memory:
                          heap_warning: 3584MiB
                          heap_critical: 75%
                        """));
        assertEquals(List.of(
                new ConfigError("memory.heap_critical", 8, "expected a percentage of the max heap (4GiB) such as 75%,"
                        + " or a size up to it such as 512MiB; 0 turns the check off, got 8GiB"),
                new ConfigError("memory.rss_warning", 9, "expected at most rss_critical (1GiB), got 2GiB: the warning"
                        + " must come first"),
                new ConfigError("memory.heap_warning", 11, "expected a percentage of the max heap (4GiB) such as 75%,"
                        + " or a size up to it such as 512MiB; 0 turns the check off, got 101%")),
                errors(VALID_START + """
                        memory:
                          heap_critical: 8GiB
                          rss_warning: 2GiB
                          rss_critical: 1GiB
                          heap_warning: 101%
                        """));
    }

    @Test
    void shouldRefuseDurationsThatContradictEachOther() {
        assertEquals(List.of(new ConfigError("lag.warn_before", 9, "expected less than prune_after (1d), got 1d")),
                errors(VALID_START + """
                        lag:
                          prune_after: 24h
                          warn_before: 1d
                        """));
        // engine.drain_timeout against shutdown.timeout: ShutdownBudgetTest.
    }

    @Test
    void shouldRefuseSourcesThatAreNotOneOfNodeDataOrGlob() {
        assertEquals(List.of(new ConfigError("sources", 1, "expected at least one source, got an empty list")),
                errors("sources: []\noutput: {chronicle: {path: /q}}\n"));
        assertEquals(List.of(
                new ConfigError("sources[0]", 2, "expected exactly one of node_data (a node's data directory) or glob"
                        + " (files matching a pattern), got both"),
                new ConfigError("sources[1]", 4, "expected exactly one of node_data (a node's data directory) or glob"
                        + " (files matching a pattern), got neither"),
                new ConfigError("sources[2]", 5, "expected a mapping of keys, got /root/hl/data")),
                errors("""
                        sources:
                          - node_data: /root/hl/data
                            glob: /var/log/*.log
                          - streams: [node_fills]
                          - /root/hl/data
                        output: {chronicle: {path: /q}}
                        """));
    }

    @Test
    void shouldRefuseUnknownOrRepeatedStreamsAndLayouts() {
        assertEquals(List.of(
                new ConfigError("sources[0].streams[1]", 3, "expected one of node_order_statuses, node_fills,"
                        + " node_trades, node_raw_book_diffs, node_twap_statuses, misc_events, hip3_oracle_updates,"
                        + " system_and_core_writer_actions, got fills"),
                new ConfigError("sources[0].streams[2]", 3, "listed twice"),
                new ConfigError("sources[0].layouts", 4, "expected a list of one or more of plain, streaming, by_block,"
                        + " got an empty list"),
                new ConfigError("sources[1].stream", 5, "missing; expected the stream whose parser reads the lines,"
                        + " one of node_order_statuses, node_fills, node_trades, node_raw_book_diffs, node_twap_statuses,"
                        + " misc_events, hip3_oracle_updates, system_and_core_writer_actions")),
                errors("""
                        sources:
                          - node_data: /root/hl/data
                            streams: [node_trades, fills, node_trades]
                            layouts: []
                          - glob: /var/log/app/*.log
                        output: {chronicle: {path: /q}}
                        """));
    }

    @Test
    void shouldRefuseALayoutsValueThatIsNeitherAutoNorAList() {
        assertEquals(List.of(new ConfigError("sources[0].layouts", 3, "expected auto or a list of one or more of"
                + " plain, streaming, by_block, got streaming")), errors("""
                sources:
                  - node_data: /root/hl/data
                    layouts: streaming
                output: {chronicle: {path: /q}}
                """));
    }

    @Test
    void shouldRefuseAGlobWithWildcardsInItsDirectory() {
        List<ConfigError> errors = errors("""
                sources:
                  - glob: /var/*/app.log
                    stream: node_fills
                output: {chronicle: {path: /q}}
                """);

        assertEquals(List.of(new ConfigError("sources[0].glob", 2, "expected a file pattern such as /var/log/app/*.log,"
                + " wildcards in the file name only, got /var/*/app.log (glob '/var/*/app.log': only the file name may"
                + " hold wildcards, the directory must be a plain path)")), errors);
    }

    @Test
    void shouldRefuseASequenceNameTwiceAtTheLineOfTheSecond() {
        assertEquals(List.of(new ConfigError("sources[3].glob", 8, "file sequence /var/log/app/*.log is already read"
                + " by sources[0].glob on line 2; stored positions are keyed by sequence name, so each glob may"
                + " appear once")), errors("""
                sources:
                  - glob: /var/log/app/*.log
                    stream: node_fills
                  - glob: /var/log/other/*.log
                    stream: node_fills
                  - node_data: /root/hl/data
                    streams: [node_fills]
                  - glob: /var/log/app/*.log
                    stream: node_trades
                output: {chronicle: {path: /q}}
                """));
        assertEquals(List.of(new ConfigError("sources[1].node_data", 4, "file sequences node_fills_streaming are"
                + " already read by an earlier source (sources[0].node_data on line 2); stored positions are keyed by"
                + " sequence name, so each stream and layout may be read from one node_data only")), errors("""
                sources:
                  - node_data: /root/hl/data
                    streams: [node_fills]
                  - node_data: /mnt/other/hl/data
                    streams: [node_trades, node_fills]
                    layouts: [streaming]
                output: {chronicle: {path: /q}}
                """));
    }

    private static List<String> where(List<ConfigError> errors) {
        return errors.stream().map(error -> error.line() + " " + error.key()).toList();
    }
}
