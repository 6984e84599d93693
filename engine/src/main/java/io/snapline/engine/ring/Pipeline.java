package io.snapline.engine.ring;

import com.lmax.disruptor.BatchEventProcessor;
import com.lmax.disruptor.BatchEventProcessorBuilder;
import com.lmax.disruptor.ExceptionHandler;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.Sequence;
import com.lmax.disruptor.SequenceBarrier;
import io.snapline.engine.blocks.BlockLedger;
import io.snapline.engine.output.BatchSink;
import io.snapline.engine.parse.LineParser;
import io.snapline.tailer.NodeStream;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * The ring and the threads behind it: one reader (whoever calls the {@link #publisher()}), K
 * parse workers, and one in-order writer gated on all of them. The reader is gated on the
 * writer, so a slot comes back to it only after its batch is durable.
 *
 * <p>Owns its threads: {@link #close()} drains what was published, then stops and joins them.
 * The sink is the caller's to close, after this.
 */
public final class Pipeline implements AutoCloseable {

    private static final long DRAIN_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    /**
     * How long {@link #close(Duration)} waits, after the drain, for all its threads together (one
     * deadline, not one per thread, so that a shutdown budget does not grow with the workers).
     */
    public static final Duration JOIN_TIMEOUT = Duration.ofSeconds(5);

    private final ParkingWaitStrategy waitStrategy;
    private final RingBuffer<Slot> ring;
    private final List<BatchEventProcessor<Slot>> processors = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private final Sequence writerSequence;
    private final WriteHandler writer;
    private final BatchSink sink;
    private final InFlight inFlight = new InFlight();
    private final PipelineCounters counters;
    private final SlotPublisher publisher;
    private volatile boolean aborted;

    public Pipeline(RingConfig config, int maxLineLength, Map<String, NodeStream> streamsBySequence,
                    Supplier<LineParser> parsers, BatchSink sink, BatchObserver observer) {
        this(config, maxLineLength, streamsBySequence, parsers, sink, observer,
                BlockLedger.fresh(java.time.Duration.ZERO));
    }

    /** With the block accounting a restart resumed ({@code blocks}), which the writer runs on each batch. */
    public Pipeline(RingConfig config, int maxLineLength, Map<String, NodeStream> streamsBySequence,
                    Supplier<LineParser> parsers, BatchSink sink, BatchObserver observer, BlockLedger blocks) {
        this.counters = new PipelineCounters(blocks);
        this.waitStrategy = new ParkingWaitStrategy();
        this.sink = sink;
        this.ring = RingBuffer.createSingleProducer(
                () -> new Slot(config),
                config.slots(), waitStrategy);
        SequenceBarrier published = ring.newBarrier();
        Unexpected unexpected = new Unexpected();
        Sequence[] parsed = new Sequence[config.parseWorkers()];
        for (int i = 0; i < config.parseWorkers(); i++) {
            BatchEventProcessor<Slot> worker = new BatchEventProcessorBuilder()
                    .build(ring, published, new ParseHandler(i, config.parseWorkers(), parsers.get(), waitStrategy));
            worker.setExceptionHandler(unexpected);
            parsed[i] = worker.getSequence();
            processors.add(worker);
        }
        this.writer = new WriteHandler(sink, inFlight, counters, observer, () -> aborted);
        BatchEventProcessor<Slot> writing = new BatchEventProcessorBuilder()
                .build(ring, ring.newBarrier(parsed), writer);
        writing.setExceptionHandler(unexpected);
        this.writerSequence = writing.getSequence();
        processors.add(writing);
        ring.addGatingSequences(writerSequence);
        this.publisher = new SlotPublisher(ring, config, inFlight, maxLineLength, streamsBySequence,
                () -> aborted || writer.failure() != null || Thread.currentThread().isInterrupted());
    }

    public Pipeline start() {
        for (int i = 0; i < processors.size(); i++) {
            boolean isWriter = i == processors.size() - 1;
            Thread thread = new Thread(processors.get(i), isWriter ? "snapline-writer" : "snapline-parse-" + i);
            thread.setDaemon(true);
            threads.add(thread);
        }
        waitStrategy.wakeOnSignal(threads);
        for (Thread thread : threads) {
            thread.start();
        }
        return this;
    }

    /** The reader's side; use it from one thread only (the tailer's). */
    public SlotPublisher publisher() {
        return publisher;
    }

    public InFlight inFlight() {
        return inFlight;
    }

    public PipelineCounters counters() {
        return counters;
    }

    /** Why writing stopped (the sink failed, or a parse worker hit a bug), or null. */
    public Throwable failure() {
        return writer.failure();
    }

    /** Published slots not yet released by the writer. */
    public long occupiedSlots() {
        return ring.getCursor() - writerSequence.get();
    }

    /** The slot at ring index {@code index}; for tests that look inside the preallocated slots. */
    Slot slotAt(int index) {
        return ring.get(index);
    }

    public int slots() {
        return ring.getBufferSize();
    }

    /** Waits until every published batch is released; false if the timeout came first. */
    public boolean awaitDrained(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (writerSequence.get() < ring.getCursor()) {
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            LockSupport.parkNanos(DRAIN_POLL_NANOS);
        }
        return true;
    }

    /**
     * Drains for up to {@code timeout}, then stops and joins the threads. Batches still queued
     * after the timeout are abandoned: not durable, so a restart reads their lines again; so is a
     * batch the sink was waiting to write ({@link BatchSink#abandonWaits}).
     *
     * @return whether every thread stopped; if not, the sink is still in use and must not be
     *         closed underneath it
     */
    public boolean close(Duration timeout) {
        if (!awaitDrained(timeout)) {
            aborted = true;
            // A writer waiting for room would wait past any join: let it fail its batch and stop.
            sink.abandonWaits();
        }
        for (BatchEventProcessor<Slot> processor : processors) {
            processor.halt();
        }
        waitStrategy.wakeAll(); // halting signals only the cursor's waiters; the writer waits on a stage
        boolean interrupted = false;
        long joinDeadline = System.nanoTime() + JOIN_TIMEOUT.toNanos();
        for (Thread thread : threads) {
            try {
                thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(joinDeadline - System.nanoTime())));
            } catch (InterruptedException e) {
                interrupted = true; // keep joining the others; restore the flag after
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return threads.stream().noneMatch(Thread::isAlive);
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(10));
    }

    /**
     * Handlers catch everything themselves; anything reaching here is a bug. It stops writing
     * (so the reader stops too, instead of waiting for a writer that died) and is reported
     * through {@link #failure()}.
     */
    private final class Unexpected implements ExceptionHandler<Slot> {
        @Override
        public void handleEventException(Throwable ex, long sequence, Slot event) {
            writer.fail(new IllegalStateException("unexpected failure handling batch " + sequence, ex));
        }

        @Override
        public void handleOnStartException(Throwable ex) {
            writer.fail(new IllegalStateException("pipeline thread failed to start", ex));
        }

        @Override
        public void handleOnShutdownException(Throwable ex) {
            writer.fail(new IllegalStateException("pipeline thread failed to stop", ex));
        }
    }
}
