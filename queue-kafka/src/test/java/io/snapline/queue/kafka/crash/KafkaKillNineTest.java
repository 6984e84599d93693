package io.snapline.queue.kafka.crash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.snapline.engine.testing.NodeFile;
import io.snapline.queue.kafka.KafkaPositions;
import io.snapline.queue.kafka.testing.CommittedTopics;
import io.snapline.queue.kafka.testing.CommittedTopics.Message;
import io.snapline.queue.kafka.testing.KafkaBroker;
import io.snapline.queue.kafka.testing.TopLevelFields;
import io.snapline.tailer.FilePosition;
import io.snapline.tailer.TailerPositions;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exactly-once into Kafka across kill -9: the engine runs in a child JVM on the Kafka output and
 * is killed with SIGKILL at random moments (while starting, while catching up, while committing,
 * while idle) and restarted, while a node keeps appending trades with partial lines, hour
 * rollovers, late lines into the previous hour and malformed lines. Then a last run drains
 * everything and stops cleanly, and the verdict, read with read_committed: every trade is in the
 * trade topic exactly once, at the file and offset the node wrote it at, and every malformed line
 * is exactly one dead letter there with its bytes.
 *
 * <p>Random choices come from one seed, printed first ({@code -Dsnapline.crash.seed=N} to rerun).
 */
class KafkaKillNineTest {

    private static final int QUICK_KILLS = Integer.getInteger("snapline.crash.kills", 20);
    private static final int LONG_KILLS = 100;
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(Long.getLong("snapline.crash.drainSeconds", 120));

    @TempDir
    Path dir;

    @Test
    @Tag("faults")
    @Timeout(value = 400, unit = TimeUnit.SECONDS)
    void shouldHoldEveryEventExactlyOnceAcrossRepeatedKillNine() throws Exception {
        campaign(QUICK_KILLS);
    }

    @Test
    @Tag("faults-long")
    @Timeout(value = 3600, unit = TimeUnit.SECONDS)
    void shouldHoldEveryEventExactlyOnceAcrossALongKillNineCampaign() throws Exception {
        campaign(LONG_KILLS);
    }

    private void campaign(int kills) throws Exception {
        long seed = Long.getLong("snapline.crash.seed", System.nanoTime());
        System.err.println("KafkaKillNineTest seed=" + seed + ", " + kills + " kills");
        Random random = new Random(seed);
        Path root = Files.createDirectories(dir.resolve("hl").resolve("data"));
        Path logs = Files.createDirectories(dir.resolve("logs"));
        String prefix = "crash" + kills + ".";
        String instance = "crash-" + kills;
        try (KafkaBroker broker = KafkaBroker.start()) {
            String[] arguments = {root.toString(), broker.bootstrapServers(), instance, prefix};
            TradeNode node = new TradeNode(root, random.nextLong());
            Thread writer = new Thread(node, "trade-node");
            KafkaEngineProcess child = null;
            try {
                writer.start();
                for (int run = 0; run < kills; run++) {
                    child = KafkaEngineProcess.start(logs.resolve("run-" + run + ".log"), arguments);
                    if (run % 5 == 0) {
                        Thread.sleep(random.nextInt(2500)); // anywhere in start-up, ready or not
                    } else {
                        assertTrue(child.awaitLine(KafkaCrashableMain.READY, READY_TIMEOUT), child.output());
                        if (random.nextBoolean()) {
                            child.awaitLine(KafkaCrashableMain.FIRST_WRITE, Duration.ofSeconds(5));
                        }
                        Thread.sleep(random.nextInt(700)); // catching up, committing or idle
                    }
                    child.kill();
                    child = null;
                    if (run % 3 == 2) {
                        node.requestRollover();
                    }
                    assertNull(node.failure(), "the node writer failed");
                }
                node.stop();
                writer.join();
                assertNull(node.failure());
                child = KafkaEngineProcess.start(logs.resolve("drain.log"), arguments);
                assertTrue(child.awaitLine(KafkaCrashableMain.READY, READY_TIMEOUT), child.output());
                awaitCommittedToTheEnd(broker, prefix, instance, node.files(), child);
                child.stop(Duration.ofSeconds(60));
                child = null;
            } finally {
                node.stop();
                writer.join();
                if (child != null) {
                    child.destroy();
                }
            }
            assertEveryLineOnceAtItsOffset(broker, prefix, node);
            assertTrue(node.rollovers() >= kills / 3 - 1, "hours rolled over: " + node.rollovers());
        }
    }

    /** Until the committed positions stand at the end of every file the node wrote. */
    private static void awaitCommittedToTheEnd(KafkaBroker broker, String prefix, String instance,
                                               List<NodeFile> files, KafkaEngineProcess child) throws Exception {
        long deadline = System.nanoTime() + DRAIN_TIMEOUT.toNanos();
        while (true) {
            TailerPositions positions = KafkaPositions.read(broker.bootstrapServers(), prefix, instance);
            Map<String, Long> at = new HashMap<>();
            for (FilePosition position : positions.files()) {
                at.put(position.path(), position.offset());
            }
            boolean done = true;
            StringBuilder state = new StringBuilder();
            for (NodeFile file : files) {
                long committed = at.getOrDefault(file.path().toString(), -1L);
                done &= committed == file.size();
                state.append(file.path().getFileName()).append(": ").append(committed).append(" of ").append(file.size())
                        .append("; ");
            }
            if (done) {
                return;
            }
            if (System.nanoTime() - deadline > 0) {
                String output = child.output();
                String keep = System.getProperty("snapline.crash.keep");
                if (keep != null) {
                    for (NodeFile file : files) {
                        Path copy = Path.of(keep).resolve(file.path().getFileName().toString());
                        Files.createDirectories(copy.getParent());
                        Files.copy(file.path(), copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                    }
                }
                throw new AssertionError("not drained within " + DRAIN_TIMEOUT + ": committed " + state
                        + "\nthe engine's output ends:\n" + output.substring(Math.max(0, output.length() - 3000))
                        + "\nits threads:\n" + child.threadDump());
            }
            Thread.sleep(200); // polling the broker's committed state: the condition itself is waited on
        }
    }

    private static void assertEveryLineOnceAtItsOffset(KafkaBroker broker, String prefix, TradeNode node) {
        List<Message> messages = CommittedTopics.read(broker.bootstrapServers(),
                List.of(prefix + "trade", prefix + "dead_letter"));
        Map<String, Message> byPlace = new HashMap<>();
        for (Message message : messages) {
            String place = message.header("snapline.source") + "@" + message.header("snapline.offset");
            Message earlier = byPlace.put(place, message);
            assertNull(earlier, "one message for the line at " + place);
        }
        int deadLetters = 0;
        for (TradeNode.Written line : node.written()) {
            String place = line.file() + "@" + line.offset();
            Message message = byPlace.remove(place);
            assertNotNull(message, "the line at " + place + " is in the topics");
            Map<String, String> value = TopLevelFields.of(message.valueText());
            if (line.id() < 0) {
                deadLetters++;
                assertEquals(prefix + "dead_letter", message.topic(), place);
                assertEquals(line.text(), value.get("line"), "the dead letter keeps the line's bytes");
            } else {
                assertEquals(prefix + "trade", message.topic(), place);
                assertEquals(Long.toString(line.id()), value.get("sz"), "the trade written at " + place);
                assertEquals(TopLevelFields.of(line.text()).get("hash"), value.get("hash"));
            }
        }
        assertTrue(byPlace.isEmpty(), "messages of no line the node wrote: " + byPlace.keySet());
        assertTrue(deadLetters > 0, "dead letters were written");
        System.err.println("KafkaKillNineTest: " + node.written().size() + " lines, " + deadLetters
                + " dead letters, " + node.rollovers() + " rollovers, each once");
    }
}
