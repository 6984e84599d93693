package io.snapline.sidecar.config;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.snapline.engine.EngineConfig;
import io.snapline.engine.EngineSource;
import io.snapline.engine.ring.RingConfig;
import io.snapline.tailer.GlobFileSequence;
import io.snapline.tailer.HourlyFileSequence;
import io.snapline.tailer.NodeLayout;
import io.snapline.tailer.NodeStream;
import io.snapline.tailer.TailerConfig;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files that are right: what they give, and every default. */
class ConfigLoaderTest {

    private static final long MAX_HEAP = 4L << 30;

    private static final String MINIMAL = """
            sources:
              - node_data: /root/hl/data
            output:
              chronicle:
                path: /var/lib/snapline/queue
            """;

    @TempDir
    Path dir;

    @Test
    void shouldReadAMinimalFileWithEveryDefault() throws Exception {
        Path file = write("snapline.yaml", MINIMAL);

        SnaplineConfig config = ConfigLoader.load(file, Map.of(), MAX_HEAP);

        assertEquals(file, config.file());
        EngineConfig engine = config.engine();
        EngineConfig defaults = EngineConfig.forNodeData(Path.of("/root/hl/data"));
        assertEquals(new OutputSettings.Chronicle(Path.of("/var/lib/snapline/queue"), Duration.ofHours(48)),
                config.output());
        assertEquals(names(defaults.sources()), names(engine.sources()));
        assertEquals(streams(defaults.sources()), streams(engine.sources()));
        assertEquals(TailerConfig.defaults(), engine.tailer());
        assertEquals(RingConfig.defaults(), engine.ring());
        assertEquals(Duration.ofMillis(20), engine.maxIdle());
        assertEquals(Duration.ofSeconds(10), engine.drainTimeout());
        assertEquals(EngineConfig.DEFAULT_STALL_AFTER, engine.stallAfter());

        assertEquals(new MetricsSettings(true, "127.0.0.1", 9464, Duration.ofSeconds(60)), config.metrics());
        assertEquals(new MemorySettings(MAX_HEAP * 75 / 100, MAX_HEAP * 90 / 100, 0, 0, MAX_HEAP, false), config.memory());
        assertEquals(new LagSettings(Duration.ofHours(48), Duration.ofHours(6)), config.lag());
        assertEquals(Duration.ofSeconds(10), config.statusInterval());
        assertEquals(Duration.ofSeconds(40), config.shutdownTimeout());
    }

    @Test
    void shouldFindTheFilesOfANodeDataSource() throws Exception {
        Path hour = dir.resolve("hl/data/node_trades/hourly/20260505/9");
        Files.createDirectories(hour.getParent());
        Files.writeString(hour, "{}\n");

        SnaplineConfig config = ConfigLoader.parse("""
                sources:
                  - node_data: %s
                    streams: [node_trades]
                    layouts: [plain]
                output:
                  chronicle:
                    path: %s
                """.formatted(dir.resolve("hl/data"), dir.resolve("queue")), "found.yaml", Map.of(), MAX_HEAP);

        assertEquals(List.of(hour), config.engine().sources().get(0).sequence().discover());
    }

    @Test
    void shouldFollowTheActiveLayoutWithoutLayoutsOrWithAuto() throws Exception {
        for (String layouts : List.of("", "    layouts: auto\n")) {
            SnaplineConfig config = ConfigLoader.parse("""
                    sources:
                      - node_data: /data/a
                        streams: [node_fills]
                    %soutput:
                      chronicle:
                        path: /q
                    """.formatted(layouts), "auto.yaml", Map.of(), MAX_HEAP);

            List<String> names = new java.util.ArrayList<>();
            for (var source : config.engine().sources()) {
                HourlyFileSequence sequence = (HourlyFileSequence) source.sequence();
                assertTrue(sequence.followsActiveLayout(), sequence.name());
                names.add(sequence.name());
            }
            assertEquals(List.of("node_fills", "node_fills_streaming", "node_fills_by_block"), names);
        }
        SnaplineConfig explicit = ConfigLoader.parse("""
                sources:
                  - node_data: /data/a
                    streams: [node_fills]
                    layouts: [plain, streaming]
                output: {chronicle: {path: /q}}
                """, "explicit.yaml", Map.of(), MAX_HEAP);
        for (var source : explicit.engine().sources()) {
            assertFalse(((HourlyFileSequence) source.sequence()).followsActiveLayout());
        }
    }

    @Test
    void shouldReadEveryKeyOfAFullFile() throws Exception {
        SnaplineConfig config = ConfigLoader.parse("""
                sources:
                  - node_data: /data/a
                    streams: [node_fills, node_trades]
                    layouts: [streaming, by_block]
                  - glob: /var/log/app/*.log
                    stream: node_raw_book_diffs
                output:
                  chronicle:
                    path: /q
                    retention: 0
                engine:
                  ring_slots: 64
                  slot_max_bytes: 4MiB
                  slot_max_lines: 1000
                  parse_workers: 3
                  linger: 5ms
                  max_idle: 1s
                  max_line_length: 128MiB
                  rollover_grace: 2m
                  read_budget: 512KiB
                  discovery_interval: 0
                  start_at: end
                  drain_timeout: 5s
                  follow_symlinks: true
                  stream_stall_after: 30m
                metrics:
                  enabled: false
                  address: "[::1]:0"
                  stall_after: 2m
                memory:
                  heap_warning: 1GiB
                  heap_critical: 50%
                  rss_warning: 6GiB
                  rss_critical: 8GiB
                lag:
                  prune_after: 2d
                  warn_before: 12h
                logging:
                  status_interval: 1m
                shutdown:
                  timeout: 30s
                """, "full.yaml", Map.of(), MAX_HEAP);

        assertNull(config.file());
        EngineConfig engine = config.engine();
        assertEquals(new OutputSettings.Chronicle(Path.of("/q"), Duration.ZERO), config.output());
        assertEquals(List.of("node_fills_streaming", "node_fills_by_block", "node_trades_streaming",
                "node_trades_by_block", "/var/log/app/*.log"), names(engine.sources()));
        assertEquals(List.of(NodeStream.FILLS, NodeStream.FILLS, NodeStream.TRADES, NodeStream.TRADES,
                NodeStream.RAW_BOOK_DIFFS), streams(engine.sources()));
        assertTrue(engine.sources().get(0).sequence() instanceof HourlyFileSequence);
        assertTrue(engine.sources().get(4).sequence() instanceof GlobFileSequence);
        assertEquals(new RingConfig(64, 4 << 20, 1000, RingConfig.defaults().maxSources(), Duration.ofMillis(5), 3),
                engine.ring());
        assertEquals(TailerConfig.defaults().withMaxLineLength(128 << 20).withRolloverGrace(Duration.ofMinutes(2))
                .withReadBudgetBytes(512 << 10).withDiscoveryInterval(Duration.ZERO)
                .withStartAt(TailerConfig.StartAt.END).withFollowSymlinks(true), engine.tailer());
        assertEquals(Duration.ofSeconds(1), engine.maxIdle());
        assertEquals(Duration.ofSeconds(5), engine.drainTimeout());
        assertEquals(Duration.ofMinutes(30), engine.stallAfter());
        assertEquals(new MetricsSettings(false, "::1", 0, Duration.ofMinutes(2)), config.metrics());
        assertEquals(new MemorySettings(1L << 30, 2L << 30, 6L << 30, 8L << 30, MAX_HEAP, false), config.memory());
        assertEquals(new LagSettings(Duration.ofDays(2), Duration.ofHours(12)), config.lag());
        assertEquals(Duration.ofMinutes(1), config.statusInterval());
        assertEquals(Duration.ofSeconds(30), config.shutdownTimeout());
    }

    @Test
    void shouldTakeEveryDefaultWhenSectionsAreLeftEmpty() throws Exception {
        SnaplineConfig config = ConfigLoader.parse(MINIMAL + """
                engine:
                metrics: {}
                memory:
                lag:
                logging:
                shutdown:
                """, "empty-sections.yaml", Map.of(), MAX_HEAP);

        SnaplineConfig minimal = ConfigLoader.parse(MINIMAL, "minimal.yaml", Map.of(), MAX_HEAP);
        assertEquals(minimal.engine().ring(), config.engine().ring());
        assertEquals(minimal.engine().tailer(), config.engine().tailer());
        assertEquals(minimal.metrics(), config.metrics());
        assertEquals(minimal.memory(), config.memory());
        assertEquals(minimal.lag(), config.lag());
        assertEquals(minimal.statusInterval(), config.statusInterval());
        assertEquals(minimal.shutdownTimeout(), config.shutdownTimeout());
    }

    @Test
    void shouldResolveRelativePathsAgainstTheWorkingDirectory() throws Exception {
        SnaplineConfig config = ConfigLoader.parse("""
                sources:
                  - node_data: ./demo/hl/data
                output:
                  chronicle:
                    path: data/queue
                """, "relative.yaml", Map.of(), MAX_HEAP);

        Path cwd = Path.of("").toAbsolutePath();
        assertEquals(cwd.resolve("data/queue"), chronicle(config).path());
        assertEquals("node_fills (" + cwd.resolve("demo/hl/data/node_fills/hourly") + ")",
                config.engine().sources().get(3).sequence().toString());
    }

    @Test
    void shouldTakeHeapPercentagesOfTheGivenMaxHeap() throws Exception {
        SnaplineConfig config = ConfigLoader.parse(MINIMAL + """
                memory:
                  heap_warning: 12.5%
                  heap_critical: 100%
                """, "heap.yaml", Map.of(), 1000L << 20);

        assertEquals(125L << 20, config.memory().heapWarningBytes());
        assertEquals(1000L << 20, config.memory().heapCriticalBytes());
    }

    @Test
    void shouldTurnMemoryChecksOffWithZero() throws Exception {
        SnaplineConfig config = ConfigLoader.parse(MINIMAL + """
                memory:
                  heap_warning: 0
                  heap_critical: 0%
                """, "off.yaml", Map.of(), MAX_HEAP);

        assertEquals(new MemorySettings(0, 0, 0, 0, MAX_HEAP, false), config.memory());
    }

    @Test
    void shouldUseTheRingDefaultForAutoParseWorkers() throws Exception {
        SnaplineConfig config = ConfigLoader.parse(MINIMAL + """
                engine:
                  parse_workers: auto
                """, "auto.yaml", Map.of(), MAX_HEAP);

        assertEquals(RingConfig.defaults().parseWorkers(), config.engine().ring().parseWorkers());
    }

    @Test
    void shouldParseTheExampleFilesAtTheRepositoryRoot() throws Exception {
        SnaplineConfig example = ConfigLoader.load(Path.of("../snapline.example.yaml"), Map.of(), MAX_HEAP);
        SnaplineConfig demo = ConfigLoader.load(Path.of("../snapline.yaml"), Map.of(), MAX_HEAP);

        // The example sets every key to its default, so it must equal the defaults key by key.
        SnaplineConfig minimal = ConfigLoader.parse(MINIMAL, "minimal.yaml", Map.of(), MAX_HEAP);
        assertEquals(minimal.engine().ring(), example.engine().ring());
        assertEquals(minimal.engine().tailer(), example.engine().tailer());
        assertEquals(chronicle(minimal).options(), chronicle(example).options()); // retention, sync, min_free_space, on_unreadable
        assertEquals(minimal.engine().maxIdle(), example.engine().maxIdle());
        assertEquals(minimal.engine().drainTimeout(), example.engine().drainTimeout());
        assertEquals(minimal.metrics(), example.metrics());
        assertEquals(minimal.memory(), example.memory());
        assertEquals(minimal.lag(), example.lag());
        assertEquals(minimal.statusInterval(), example.statusInterval());
        assertEquals(minimal.shutdownTimeout(), example.shutdownTimeout());
        // Every stream in every layout, and the glob.
        assertEquals(NodeStream.values().length * NodeLayout.values().length + 1, example.engine().sources().size());
        assertEquals("node_fills (/root/hl/data/node_fills/hourly)", example.engine().sources().get(3).sequence().toString());

        assertEquals(List.of("node_order_statuses", "node_order_statuses_streaming", "node_order_statuses_by_block"),
                names(demo.engine().sources()));
        assertEquals(Path.of("data/queue").toAbsolutePath(), chronicle(demo).path());
    }

    private static OutputSettings.Chronicle chronicle(SnaplineConfig config) {
        return assertInstanceOf(OutputSettings.Chronicle.class, config.output());
    }

    @Test
    void shouldNameAMissingFile() {
        Path missing = dir.resolve("nope.yaml");

        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(missing, Map.of()));

        assertEquals(List.of(new ConfigError("", 0, "no such file")), e.errors());
        assertEquals(missing + ": no such file", e.getMessage());
    }

    @Test
    void shouldRefuseAFileThatIsNotUtf8() throws IOException {
        Path file = dir.resolve("latin1.yaml");
        Files.write(file, new byte[] {'a', ':', ' ', (byte) 0xE9, '\n'});

        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(file, Map.of()));

        assertEquals(List.of(new ConfigError("", 0, "not UTF-8 text")), e.errors());
    }

    @Test
    void shouldLoadWithThisJvmsMaxHeapByDefault() throws Exception {
        SnaplineConfig config = ConfigLoader.load(write("snapline.yaml", MINIMAL), Map.of());

        assertEquals(MemorySection.percentOf(Runtime.getRuntime().maxMemory(), new BigDecimal(90)),
                config.memory().heapCriticalBytes());
        assertFalse(config.engine().sources().isEmpty());
    }

    private Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }

    private static List<String> names(List<EngineSource> sources) {
        return sources.stream().map(source -> source.sequence().name()).toList();
    }

    private static List<NodeStream> streams(List<EngineSource> sources) {
        return sources.stream().map(EngineSource::stream).toList();
    }
}
