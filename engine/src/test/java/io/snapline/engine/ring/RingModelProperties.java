package io.snapline.engine.ring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.snapline.engine.EngineSource;
import io.snapline.engine.output.BatchSink;
import io.snapline.engine.testing.NodeFile;
import io.snapline.engine.testing.NodeLines;
import io.snapline.engine.testing.RingRig;
import io.snapline.engine.testing.SlotDocuments;
import io.snapline.records.Batch;
import io.snapline.records.Field;
import io.snapline.records.testing.Rec;
import io.snapline.tailer.HourlyFileSequence;
import io.snapline.tailer.NodeLayout;
import io.snapline.tailer.NodeStream;
import io.snapline.tailer.TailerConfig;
import io.snapline.testkit.Resources;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.Tag;
import net.jqwik.api.Tuple;

/**
 * A model test of the real ring: random sequences of appending lines (some longer than a slab,
 * which travel alone through the oversize buffer), polls on a reader thread of their own, the
 * writer let through a few batches at a time, a sink failure, drains, and a final stop; then the
 * ring's promises are checked against what the sink saw:
 * <ul>
 * <li>every line read is durable exactly once, in order, or, after a sink failure, a prefix of
 *     them is and the rest were released unwritten (written + discarded = published);</li>
 * <li>in-flight lines and bytes are back to zero and no slot stays occupied;</li>
 * <li>no slot is reused before it is durable: the sink holds each batch until the test lets it
 *     through while the reader keeps reading, and the batch's records must be the same at the end
 *     of the write as at its start.</li>
 * </ul>
 * The reader really blocks when the ring is full (the sink is held), so polls are queued on the
 * reader thread and the test never waits for one unless it let the writer through.
 */
class RingModelProperties {

    private static final Duration WAIT = Duration.ofSeconds(30);
    /** Four small slots: a few dozen lines fill the ring, so the reader waits for the writer often. */
    private static final RingConfig RING = new RingConfig(4, 64 * 1024, 8, 8, Duration.ofMillis(1), 2);
    private static final TailerConfig TAILER = TailerConfig.defaults().withDiscoveryInterval(Duration.ZERO);
    private static final int OVERSIZE_LINE = 100_000; // above the 64 KiB slab

    /** One step of a sequence. */
    sealed interface Op {
    }

    /** Appends {@code lines} trade lines, the first {@code oversize} of them longer than a slab. */
    record Append(int lines, int oversize) implements Op {
    }

    /** One poll and hand-over on the reader thread; it may wait there for a free slot. */
    record Poll() implements Op {
    }

    /** Lets the writer through {@code batches} more batches. */
    record Write(int batches) implements Op {
    }

    /** The sink's next write throws; the pipeline stops writing and the reader stops. */
    record FailSink() implements Op {
    }

    /** Hands on what the reader holds, lets the writer through everything, and waits until drained. */
    record Drain() implements Op {
    }

    @Property(tries = 40)
    @Tag("faults")
    void shouldWriteEveryLineOnceOrReleaseItUnwrittenAfterAFailure(@ForAll("sequences") List<Op> ops)
            throws Exception {
        run(ops);
    }

    @Property(tries = 500)
    @Tag("faults-long")
    void shouldHoldItsPromisesOverManyLongerSequences(@ForAll("longSequences") List<Op> ops) throws Exception {
        run(ops);
    }

    @Provide
    Arbitrary<List<Op>> sequences() {
        return op().list().ofMinSize(1).ofMaxSize(30);
    }

    @Provide
    Arbitrary<List<Op>> longSequences() {
        return op().list().ofMinSize(20).ofMaxSize(120);
    }

    private static Arbitrary<Op> op() {
        // Mostly short lines; now and then one or two longer than a slab.
        Arbitrary<Integer> oversize = Arbitraries.frequency(Tuple.of(8, 0), Tuple.of(1, 1), Tuple.of(1, 2));
        Arbitrary<Op> append = Arbitraries.integers().between(1, 100)
                .flatMap(lines -> oversize.map(count -> (Op) new Append(lines, Math.min(lines, count))));
        Arbitrary<Op> write = Arbitraries.integers().between(1, 12).map(Write::new);
        return Arbitraries.frequencyOf(
                Tuple.of(4, append),
                Tuple.of(6, Arbitraries.<Op>just(new Poll())),
                Tuple.of(5, write),
                Tuple.of(1, Arbitraries.<Op>just(new FailSink())),
                Tuple.of(1, Arbitraries.<Op>just(new Drain())));
    }

    private static void run(List<Op> ops) throws Exception {
        Path dir = Files.createTempDirectory("snapline-ring-model");
        HeldSink sink = new HeldSink();
        ExecutorService reader = Executors.newSingleThreadExecutor(task -> {
            Thread thread = new Thread(task, "snapline-reader");
            thread.setDaemon(true);
            return thread;
        });
        AtomicInteger queued = new AtomicInteger();
        AtomicReference<Throwable> readerFailure = new AtomicReference<>();
        try {
            NodeFile file = NodeFile.at(dir, NodeStream.TRADES, NodeLayout.PLAIN, "20260505", 17);
            List<EngineSource> sources = List.of(new EngineSource(
                    new HourlyFileSequence(dir, NodeStream.TRADES, NodeLayout.PLAIN), NodeStream.TRADES));
            int appended = 0;
            boolean failureAsked = false;
            try (RingRig rig = new RingRig(RING, TAILER, sources, sink, BatchObserver.NONE)) {
                Pipeline pipeline = rig.pipeline();
                for (Op op : ops) {
                    if (op instanceof Append append) {
                        appended = append(file, appended, append);
                    } else if (op instanceof Poll) {
                        onReader(reader, queued, readerFailure, rig::pollOnce);
                    } else if (op instanceof Write write) {
                        sink.letThrough(write.batches());
                    } else if (op instanceof FailSink) {
                        sink.failNext();
                        failureAsked = true;
                    } else if (op instanceof Drain) {
                        onReader(reader, queued, readerFailure, () -> rig.publisher().flush());
                        sink.letEverythingThrough();
                        awaitReaderIdle(queued);
                        assertTrue(pipeline.awaitDrained(WAIT), "drained");
                        assertEquals(0, pipeline.inFlight().lines(), "in flight after a drain");
                        sink.holdAgain();
                    }
                }
                // The stop: what the reader holds is handed on, the writer let through, the ring drained.
                onReader(reader, queued, readerFailure, () -> rig.publisher().flush());
                sink.letEverythingThrough();
                awaitReaderIdle(queued);
                assertTrue(pipeline.awaitDrained(WAIT), "drained at the stop");
                check(rig, sink, failureAsked, readerFailure.get());
            }
        } finally {
            sink.letEverythingThrough();
            reader.shutdownNow();
            assertTrue(reader.awaitTermination(WAIT.toSeconds(), TimeUnit.SECONDS), "reader thread ended");
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }
    }

    private static int append(NodeFile file, int first, Append append) throws IOException {
        String[] lines = new String[append.lines()];
        for (int i = 0; i < lines.length; i++) {
            int id = first + i;
            lines[i] = i < append.oversize() ? NodeLines.paddedTrade(id, OVERSIZE_LINE) : NodeLines.trade(id);
        }
        file.append(lines);
        return first + lines.length;
    }

    @FunctionalInterface
    private interface ReaderTask {
        void run() throws Exception;
    }

    /** Queues a task on the reader thread; once the pipeline stopped, the reader's claims throw, and that is kept. */
    private static void onReader(ExecutorService reader, AtomicInteger queued, AtomicReference<Throwable> failure,
                                 ReaderTask task) {
        queued.incrementAndGet();
        reader.execute(() -> {
            try {
                if (failure.get() == null) {
                    task.run();
                }
            } catch (Throwable t) {
                failure.compareAndSet(null, t);
            } finally {
                queued.decrementAndGet();
            }
        });
    }

    private static void awaitReaderIdle(AtomicInteger queued) {
        assertTrue(Resources.await(() -> queued.get() == 0, WAIT), "the reader finished its queued polls");
    }

    private static void check(RingRig rig, HeldSink sink, boolean failureAsked, Throwable readerFailure) {
        Pipeline pipeline = rig.pipeline();
        PipelineCounters counters = pipeline.counters();
        assertEquals(List.of(), sink.reused(), "batches whose slot changed while they were written");
        assertEquals(0, pipeline.inFlight().lines(), "in-flight lines");
        assertEquals(0, pipeline.inFlight().bytes(), "in-flight bytes");
        assertEquals(0, pipeline.occupiedSlots(), "occupied slots");
        assertEquals(rig.publisher().batchesPublished(), counters.batchesWritten() + counters.batchesDiscarded(),
                "every published batch written or released unwritten");
        List<Long> durable = sink.tradeIds();
        for (int i = 0; i < durable.size(); i++) {
            assertEquals((long) i, durable.get(i), "durable lines in order, each once: " + durable);
        }
        assertEquals(counters.linesWritten(), durable.size(), "lines counted written are the ones the sink has");
        boolean failed = pipeline.failure() != null;
        Statistics.label("outcome").collect(failed ? "sink failed" : "all durable");
        Statistics.label("batches published").collect(rig.publisher().batchesPublished() > 2L * RING.slots()
                ? "the ring wrapped" : "the ring did not wrap");
        assertEquals(failed, sink.failed(), "the pipeline failed exactly when the sink did");
        if (!failed) {
            assertEquals(null, readerFailure, "a reader with a healthy pipeline does not fail");
            assertEquals(rig.publisher().linesRead(), durable.size(), "every line read is durable");
            assertEquals(0, counters.batchesDiscarded());
        } else {
            assertTrue(failureAsked);
            assertTrue(durable.size() <= rig.publisher().linesRead(), "a prefix is durable, the rest released");
            assertTrue(readerFailure == null || readerFailure instanceof SlotPublisher.PipelineStopped,
                    "the reader stops on the failure and nothing else: " + readerFailure);
        }
    }

    /**
     * Holds each batch until the test lets it through, then checks its records are still the ones
     * it came with; fails the write the test asked to fail. Writer thread only, except the controls.
     */
    private static final class HeldSink implements BatchSink {

        private final Semaphore permits = new Semaphore(0);
        private final AtomicBoolean letAll = new AtomicBoolean();
        private final AtomicBoolean failNext = new AtomicBoolean();
        private volatile boolean failed;
        private final List<Long> tradeIds = new ArrayList<>();
        private final List<String> reused = new ArrayList<>();

        void letThrough(int batches) {
            permits.release(batches);
        }

        void letEverythingThrough() {
            letAll.set(true);
        }

        /** Back to holding batches; permits given before are kept. */
        void holdAgain() {
            letAll.set(false);
        }

        void failNext() {
            failNext.set(true);
        }

        boolean failed() {
            return failed;
        }

        @Override
        public void write(Batch batch) throws Exception {
            Slot slot = (Slot) batch;
            List<Rec> before = SlotDocuments.records(slot);
            while (!permits.tryAcquire(10, TimeUnit.MILLISECONDS)) {
                if (letAll.get()) {
                    break;
                }
            }
            List<Rec> after = SlotDocuments.records(slot);
            if (!before.equals(after)) {
                synchronized (reused) {
                    reused.add("batch of " + before.size() + " records became " + after.size());
                }
            }
            if (failNext.getAndSet(false)) {
                failed = true;
                throw new Exception("the sink failed, as the sequence asked");
            }
            synchronized (tradeIds) {
                for (Rec record : after) {
                    tradeIds.add(Long.parseLong(record.text(Field.SZ)));
                }
            }
        }

        List<Long> tradeIds() {
            synchronized (tradeIds) {
                return new ArrayList<>(tradeIds);
            }
        }

        List<String> reused() {
            synchronized (reused) {
                return new ArrayList<>(reused);
            }
        }

        @Override
        public void close() {
        }
    }
}
