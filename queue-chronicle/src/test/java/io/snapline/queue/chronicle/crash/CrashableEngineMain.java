package io.snapline.queue.chronicle.crash;

import io.snapline.engine.Engine;
import io.snapline.engine.EngineConfig;
import io.snapline.engine.EngineHooks;
import io.snapline.engine.ring.RingConfig;
import io.snapline.engine.testing.PollCountingGate;
import io.snapline.queue.chronicle.ChronicleOptions;
import io.snapline.queue.chronicle.ChronicleOutput;
import io.snapline.queue.chronicle.QueueStore;
import io.snapline.queue.chronicle.QueueSync;
import io.snapline.records.RecordLayout;
import io.snapline.tailer.FilePosition;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.core.time.TimeProvider;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.wire.DocumentContext;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The engine as a process of its own, for {@link KillNineExactlyOnceTest} to kill -9: tails a
 * node data root into a queue directory ({@code args[0]}, {@code args[1]}) with a small ring, so
 * batches are small and many and a kill lands between, inside or just after queue appends. The
 * queue runs on a {@link FastQueueClock} ({@code args[2]}, {@code args[3]}) and, given
 * {@code args[4]}, deletes cycle files untouched for that many milliseconds.
 *
 * <p>With {@value #TORN_APPEND} it instead stops inside a queue append, to be killed there.
 *
 * <p>Prints {@value #READY} once the engine runs (with where it resumed from), then runs until
 * its stdin closes, and then stops cleanly: the test's last run ends that way, and a test JVM
 * that dies without killing us closes our stdin too, so no child outlives it. An engine failure
 * ends the process with status {@value #FAILED_STATUS}.
 */
public final class CrashableEngineMain {

    static final String READY = "SNAPLINE-ENGINE-READY";
    static final String FIRST_WRITE = "SNAPLINE-ENGINE-FIRST-WRITE";
    /** Printed once the reader has polled {@value #POLLS} times: its first discovery is behind it. */
    static final String POLLED = "SNAPLINE-ENGINE-POLLED";
    static final int POLLS = 3;
    static final String CLOSED = "SNAPLINE-ENGINE-CLOSED";
    static final String TORN_APPEND = "--torn-append";
    static final String MID_APPEND = "SNAPLINE-MID-APPEND";
    static final int FAILED_STATUS = 3;

    private CrashableEngineMain() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        if (args.length == 4 && args[0].equals(TORN_APPEND)) {
            tornAppend(Path.of(args[1]), clock(args[2], args[3]));
            return;
        }
        if (args.length != 4 && args.length != 5) {
            System.err.println("usage: CrashableEngineMain <node data root> <queue directory> <clock epoch ms> <queue hour ms>"
                    + " [<retention ms>]\n"
                    + "       CrashableEngineMain " + TORN_APPEND + " <queue directory> <clock epoch ms> <queue hour ms>");
            System.exit(2);
        }
        EngineConfig config = config(Path.of(args[0]));
        // Retention compares cycle files' modification times with the real clock, not the queue's.
        Duration retention = Duration.ofMillis(args.length == 5 ? Long.parseLong(args[4]) : 0);
        long started = System.nanoTime();
        PollCountingGate polls = new PollCountingGate();
        Engine engine = Engine.start(config, ChronicleOutput.open(Path.of(args[1]),
                ChronicleOptions.DEFAULTS.withRetention(retention), config.largestBatchBytes(), clock(args[2], args[3])),
                EngineHooks.NONE.withIntake(polls));
        StringBuilder ready = new StringBuilder(READY).append(" pid=").append(ProcessHandle.current().pid())
                .append(" startMillis=").append((System.nanoTime() - started) / 1_000_000)
                .append(" resumedFrom=");
        for (FilePosition position : engine.resumedFrom().files()) {
            ready.append(' ').append(position.path()).append('@').append(position.offset());
        }
        System.out.println(ready);
        System.out.flush();

        Thread stdin = new Thread(CrashableEngineMain::drainUntilEof, "stdin-eof");
        stdin.setDaemon(true);
        stdin.start();
        long readyNanos = System.nanoTime();
        boolean written = false;
        boolean polled = false;
        while (stdin.isAlive()) {
            if (!polled && polls.count() >= POLLS) {
                polled = true;
                System.out.println(POLLED + " polls=" + polls.count());
                System.out.flush();
            }
            if (!written && engine.counters().batchesWritten() > 0) {
                written = true;
                System.out.println(FIRST_WRITE + " afterReadyMillis=" + (System.nanoTime() - readyNanos) / 1_000_000);
                System.out.flush();
            }
            Throwable failure = engine.failure();
            if (failure != null || !engine.isRunning()) {
                System.err.println("engine stopped on its own");
                if (failure != null) {
                    failure.printStackTrace();
                }
                System.err.flush();
                Runtime.getRuntime().halt(FAILED_STATUS);
            }
            stdin.join(20);
        }
        engine.close();
        System.out.println(CLOSED + " linesRead=" + engine.pipeline().publisher().linesRead()
                + " batches=" + engine.pipeline().publisher().batchesPublished());
        System.out.flush();
    }

    /** The queue's clock: see {@link FastQueueClock}. */
    private static TimeProvider clock(String epochMillis, String hourMillis) {
        return new FastQueueClock(Long.parseLong(epochMillis), Long.parseLong(hourMillis));
    }

    /** Small batches, many of them, and a reader that polls often: many appends for a kill to hit. */
    static EngineConfig config(Path nodeDataRoot) {
        RingConfig ring = RingConfig.defaults()
                .withSlots(8)
                .withMaxLines(64)
                .withSlabBytes(256 * 1024)
                .withLinger(Duration.ofMillis(2))
                .withParseWorkers(2); // batches leave two workers and must still be written in order
        return EngineConfig.forNodeDataEveryLayout(nodeDataRoot)
                .withRing(ring)
                .withMaxIdle(Duration.ofMillis(5));
    }

    /**
     * Opens the queue as the engine does, begins a batch document, writes part of it (a real
     * batch header, then bytes that are no batch), prints {@value #MID_APPEND} and waits inside the
     * document for its kill -9: what the engine's writer leaves when killed mid-append, which
     * random kills almost never hit (an append takes microseconds).
     */
    private static void tornAppend(Path queueDirectory, TimeProvider clock) {
        QueueStore store = new QueueStore(queueDirectory, Duration.ZERO, 16L << 20, QueueSync.NONE, false, clock);
        ExcerptAppender appender = store.queue().createAppender();
        DocumentContext document = appender.writingDocument();
        Bytes<?> bytes = document.wire().bytes();
        bytes.writeInt(RecordLayout.BATCH_MAGIC);
        bytes.writeShort((short) RecordLayout.VERSION);
        bytes.writeShort((short) 1);
        bytes.writeInt(64);
        bytes.writeInt(1 << 20);
        bytes.writeInt(1 << 20);
        for (int i = 0; i < 16 * 1024; i++) {
            bytes.writeByte((byte) 'x');
        }
        System.out.println(MID_APPEND + " index=" + Long.toHexString(document.index()));
        System.out.flush();
        drainUntilEof();
        Runtime.getRuntime().halt(0); // still inside the document: a test JVM gone must not leave us behind
    }

    private static void drainUntilEof() {
        byte[] buffer = new byte[256];
        try {
            InputStream in = System.in;
            while (in.read(buffer) >= 0) {
                // nothing to do with it: only the end matters
            }
        } catch (IOException e) {
            // a broken pipe is an end too
        }
    }
}
