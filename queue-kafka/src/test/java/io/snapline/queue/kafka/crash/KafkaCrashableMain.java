package io.snapline.queue.kafka.crash;

import io.snapline.engine.Engine;
import io.snapline.engine.EngineConfig;
import io.snapline.engine.ring.RingConfig;
import io.snapline.queue.kafka.KafkaOptions;
import io.snapline.queue.kafka.KafkaOutput;
import io.snapline.queue.kafka.TransactionLimits;
import io.snapline.tailer.FilePosition;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The engine on the Kafka output as a process of its own, for {@link KafkaKillNineTest} to kill
 * -9: tails {@code args[0]} into the broker {@code args[1]} as instance {@code args[2]}, topics
 * prefixed {@code args[3]}. A small ring and small transactions, so that a kill lands between,
 * inside or just after commits. Prints {@value #READY} once the engine runs, runs until its stdin
 * closes (a test JVM that dies closes it too), then stops cleanly; an engine failure ends the
 * process with status {@value #FAILED_STATUS}.
 */
public final class KafkaCrashableMain {

    static final String READY = "SNAPLINE-KAFKA-READY";
    static final String FIRST_WRITE = "SNAPLINE-KAFKA-FIRST-WRITE";
    static final String CLOSED = "SNAPLINE-KAFKA-CLOSED";
    static final int FAILED_STATUS = 3;

    private KafkaCrashableMain() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        if (args.length != 4) {
            System.err.println("usage: KafkaCrashableMain <node data root> <bootstrap servers> <instance> <topic prefix>");
            System.exit(2);
        }
        RingConfig ring = RingConfig.defaults().withSlots(8).withMaxLines(64).withSlabBytes(256 * 1024)
                .withLinger(Duration.ofMillis(2)).withParseWorkers(2);
        EngineConfig config = EngineConfig.forNodeDataEveryLayout(Path.of(args[0])).withRing(ring)
                .withMaxIdle(Duration.ofMillis(5));
        KafkaOptions options = KafkaOptions.of(args[1], args[2]).withTopicPrefix(args[3])
                .withTransaction(new TransactionLimits(500, 1 << 20, Duration.ofMillis(50)));
        KafkaOutput output = KafkaOutput.open(options);
        Engine engine = Engine.start(config, output);
        StringBuilder ready = new StringBuilder(READY).append(" pid=").append(ProcessHandle.current().pid())
                .append(" resumedFrom=");
        for (FilePosition position : engine.resumedFrom().files()) {
            ready.append(' ').append(position.path()).append('@').append(position.offset());
        }
        System.out.println(ready);
        System.out.flush();
        Thread stdin = new Thread(KafkaCrashableMain::drainUntilEof, "stdin-eof");
        stdin.setDaemon(true);
        stdin.start();
        boolean written = false;
        long nextStatus = System.nanoTime();
        while (stdin.isAlive()) {
            if (System.nanoTime() - nextStatus > 0) {
                nextStatus += 1_000_000_000L;
                System.out.println("status linesRead=" + engine.pipeline().publisher().linesRead() + " linesWritten="
                        + engine.counters().linesWritten() + " commits=" + output.commits() + " pending=" + output.pendingBatches() + " batches="
                        + engine.counters().batchesWritten());
            }
            if (!written && engine.counters().batchesWritten() > 0) {
                written = true;
                System.out.println(FIRST_WRITE);
                System.out.flush();
            }
            if (engine.failure() != null || !engine.isRunning()) {
                System.err.println("engine stopped on its own");
                if (engine.failure() != null) {
                    engine.failure().printStackTrace();
                }
                System.err.flush();
                Runtime.getRuntime().halt(FAILED_STATUS);
            }
            stdin.join(20);
        }
        engine.close();
        System.out.println(CLOSED);
        System.out.flush();
    }

    private static void drainUntilEof() {
        byte[] buffer = new byte[256];
        try {
            InputStream in = System.in;
            while (in.read(buffer) >= 0) {
                // only the end matters
            }
        } catch (IOException e) {
            // a broken pipe is an end too
        }
    }
}
