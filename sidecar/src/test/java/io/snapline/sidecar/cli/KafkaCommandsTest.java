package io.snapline.sidecar.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.snapline.engine.testing.NodeFile;
import io.snapline.engine.testing.NodeLines;
import io.snapline.queue.kafka.testing.CommittedTopics;
import io.snapline.queue.kafka.testing.KafkaBroker;
import io.snapline.queue.kafka.testing.TopLevelFields;
import io.snapline.tailer.NodeLayout;
import io.snapline.tailer.NodeStream;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code snapline run} and {@code snapline check} with {@code output.kafka}, against a broker in this JVM. */
class KafkaCommandsTest {

    private static KafkaBroker broker;

    @TempDir
    Path dir;

    @BeforeAll
    static void startBroker() throws Exception {
        broker = KafkaBroker.start();
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    private Path config(Path root, String servers, String prefix) throws Exception {
        return Files.writeString(dir.resolve("snapline.yaml"), "sources:\n  - node_data: " + root + "\n"
                + "output:\n  kafka:\n    bootstrap_servers: " + servers + "\n    instance: cli\n"
                + "    topic_prefix: \"" + prefix + "\"\n"
                + "metrics:\n  enabled: false\n");
    }

    private static int execute(Object command, StringWriter out, String... arguments) {
        return new CommandLine(command).setOut(new PrintWriter(out)).setErr(new PrintWriter(out)).execute(arguments);
    }

    @Test
    void shouldDrainABacklogIntoKafkaAndThenOnlyWhatWasAppended() throws Exception {
        Path root = dir.resolve("hl/data");
        NodeFile trades = NodeFile.at(root, NodeStream.TRADES, NodeLayout.PLAIN, "20260505", 17);
        for (int id = 0; id < 100; id++) {
            trades.append(NodeLines.trade(id));
        }
        Path config = config(root, broker.bootstrapServers(), "drain.");
        StringWriter out = new StringWriter();
        assertEquals(ExitCodes.OK, execute(new RunCommand(), out, "--config", config.toString(), "--drain"), out.toString());
        for (int id = 100; id < 150; id++) {
            trades.append(NodeLines.trade(id));
        }
        assertEquals(ExitCodes.OK, execute(new RunCommand(), out, "--config", config.toString(), "--drain"), out.toString());

        List<String> ids = CommittedTopics.read(broker.bootstrapServers(), List.of("drain.trade")).stream()
                .map(message -> TopLevelFields.of(message.valueText()).get("sz")).sorted().toList();
        List<String> expected = java.util.stream.IntStream.range(0, 150).mapToObj(Integer::toString).sorted().toList();
        assertEquals(expected, ids, "every line once across two runs");
    }

    @Test
    void shouldSayInOneLineThatTheBrokerIsUnreachable() throws Exception {
        StringWriter out = new StringWriter();
        int status = execute(new CheckCommand(), out, "--config", config(dir.resolve("hl"), "localhost:1", "x.").toString());
        assertEquals(ExitCodes.FAILED, status, out.toString());
        assertEquals(1, out.toString().lines().filter(line -> line.contains("unreachable")).count(), out.toString());
        assertTrue(out.toString().contains("output.kafka.bootstrap_servers: broker localhost:1 unreachable"), out.toString());
    }

    @Test
    void shouldNoteMissingTopicsAndRefuseAPositionsTopicThatIsNotCompacted() throws Exception {
        StringWriter out = new StringWriter();
        Path config = config(dir.resolve("hl"), broker.bootstrapServers(), "checked.");
        assertEquals(ExitCodes.OK, execute(new CheckCommand(), out, "--config", config.toString()), out.toString());
        assertTrue(out.toString().contains("note: missing topics checked.order_status"), out.toString());

        try (var admin = broker.admin()) {
            admin.createTopics(List.of(new NewTopic("checked.positions", 1, (short) 1)
                    .configs(Map.of("cleanup.policy", "delete")))).all().get();
        }
        StringWriter second = new StringWriter();
        assertEquals(ExitCodes.FAILED, execute(new CheckCommand(), second, "--config", config.toString()), second.toString());
        assertEquals(1, second.toString().lines().filter(line -> line.contains("error: topic checked.positions is not"
                + " compacted (cleanup.policy=delete)")).count(), second.toString());
    }
}
