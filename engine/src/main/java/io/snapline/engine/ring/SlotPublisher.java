package io.snapline.engine.ring;

import com.lmax.disruptor.InsufficientCapacityException;
import com.lmax.disruptor.RingBuffer;
import io.snapline.tailer.LineSink;
import io.snapline.tailer.NodeStream;
import io.snapline.tailer.TailedFile;
import io.snapline.tailer.Tailer;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * The reader's side of the ring, run on the tailer's thread: copies each line into the slot it
 * has claimed and publishes the slot when it is full, when the tailer has read all there is, when
 * a poll ends with every batch before it durable, or when the linger runs out. Publishing is the
 * atomic hand-over; the next line goes into a freshly claimed slot, and a published slot is never
 * touched here again.
 *
 * <p>Batches fill by themselves: a line waits for nothing while the pipeline is idle, and while it
 * is busy the reader gathers what comes in until it is not (bounded by the linger), so a loaded
 * pipeline gets few full batches instead of many small ones that would only queue.
 *
 * <p>When the ring is full (a slow or stopped writer) the claim waits: nothing is dropped and
 * nothing grows, the backlog stays in the node's files.
 */
public final class SlotPublisher implements LineSink {

    private static final long CLAIM_PARK_NANOS = TimeUnit.MICROSECONDS.toNanos(50);
    private static final int LINGER_CHECK_EVERY = 256;

    private final RingBuffer<Slot> ring;
    private final RingConfig config;
    private final InFlight inFlight;
    private final OversizeLineBuffer oversize;
    private final Map<String, NodeStream> streamsBySequence;
    private final BooleanSupplier stopRequested;
    private final long lingerNanos;
    private final PositionsRecorder positions = new PositionsRecorder();
    private Tailer tailer;

    private Slot slot;
    private long sequence = -1;
    private long slotStartedNanos;
    private int linesSinceLingerCheck;
    /** The file whose read is under way and the end of its last line taken, for positions. */
    private TailedFile readingFile;
    private long readingFileEnd;
    private TailedFile lastSourceFile;
    private int lastSourceIndex;

    private final AtomicLong linesRead = new AtomicLong();
    private final AtomicLong bytesRead = new AtomicLong();
    private final AtomicLong batchesPublished = new AtomicLong();
    private final AtomicLong claimWaitNanos = new AtomicLong();

    public SlotPublisher(RingBuffer<Slot> ring, RingConfig config, InFlight inFlight, int maxLineLength,
                         Map<String, NodeStream> streamsBySequence, BooleanSupplier stopRequested) {
        this.ring = ring;
        this.config = config;
        this.inFlight = inFlight;
        this.oversize = new OversizeLineBuffer(maxLineLength);
        this.streamsBySequence = Map.copyOf(streamsBySequence);
        this.stopRequested = stopRequested;
        this.lingerNanos = config.linger().toNanos();
    }

    /**
     * Heap held for lines longer than a slab: the oversize line buffer and its records, until the
     * writer gives back what grew past their floors.
     * Reader thread (the memory watchdog samples it there, between polls).
     */
    public long oversizeRetainedBytes() {
        return oversize.retainedBytes();
    }

    /** The tailer whose positions each batch records; set before its first poll. */
    public void attach(Tailer tailer) {
        this.tailer = tailer;
    }

    @Override
    public void onLine(TailedFile file, byte[] bytes, int offset, int length, long startOffset, long endOffset) {
        if (length > config.slabBytes()) {
            publishOversize(file, bytes, offset, length, startOffset, endOffset);
            return;
        }
        append(file, bytes, offset, length, startOffset, endOffset, Slot.NOT_TOO_LONG);
        if (slot != null && ++linesSinceLingerCheck >= LINGER_CHECK_EVERY) {
            linesSinceLingerCheck = 0;
            if (System.nanoTime() - slotStartedNanos >= lingerNanos) {
                publish();
            }
        }
    }

    /** An over-long line travels as its head and full length; the parse worker makes it a dead letter. */
    @Override
    public void onLineTooLong(TailedFile file, long startOffset, long length, byte[] head, int headOffset,
                              int headLength, long endOffset) {
        append(file, head, headOffset, Math.min(headLength, config.slabBytes()), startOffset, endOffset, length);
    }

    /** Copies one line (or an over-long line's head) into the claimed slot; publishes it when full. */
    private void append(TailedFile file, byte[] bytes, int offset, int length, long startOffset, long endOffset,
                        long tooLongLength) {
        Slot target = slotWithRoom(length);
        int source = sourceIndex(target, file);
        int line = target.lineCount;
        System.arraycopy(bytes, offset, target.slab, target.slabUsed, length);
        target.lineStart[line] = target.slabUsed;
        target.lineLength[line] = length;
        target.lineOffset[line] = startOffset;
        target.lineSource[line] = source;
        target.tooLongLength[line] = tooLongLength;
        target.slabUsed += length;
        target.lineCount = line + 1;
        took(file, endOffset);
        if (target.lineCount == config.maxLines()) {
            publish();
        }
    }

    /**
     * Called after every poll. The batch goes at once if every batch before it is durable: nothing
     * would be gained by holding it. While the pipeline is still busy, it goes once it is older
     * than the linger, and meanwhile gathers what the next polls read. (A poll that finds nothing
     * hands it on through {@link #flush()}.)
     */
    public void endOfPoll() {
        readingFile = null;
        if (slot != null && slot.lineCount > 0
                && (pipelineIdle() || System.nanoTime() - slotStartedNanos >= lingerNanos)) {
            publish();
        }
    }

    /** Every batch published before the one being filled is released by the writer. */
    private boolean pipelineIdle() {
        return ring.getMinimumGatingSequence() >= sequence - 1;
    }

    /** Hands on whatever the reader holds, linger or not: reading is about to stop. */
    public void flush() {
        readingFile = null;
        if (slot != null && slot.lineCount > 0) {
            publish();
        }
    }

    private void took(TailedFile file, long endOffset) {
        if (readingFile != file) {
            readingFile = file;
        }
        readingFileEnd = endOffset;
    }

    private void publishOversize(TailedFile file, byte[] bytes, int offset, int length, long startOffset,
                                 long endOffset) {
        if (slot != null && slot.lineCount > 0) {
            publish();
        }
        long waitStart = System.nanoTime();
        while (oversize.isLent()) { // the previous oversize line is not durable yet
            checkStop();
            LockSupport.parkNanos(CLAIM_PARK_NANOS);
        }
        claimWaitNanos.addAndGet(System.nanoTime() - waitStart);
        Slot target = claimed();
        int source = sourceIndex(target, file);
        target.oversize = oversize.lend(bytes, offset, length);
        target.lineStart[0] = 0;
        target.lineLength[0] = length;
        target.lineOffset[0] = startOffset;
        target.lineSource[0] = source;
        target.tooLongLength[0] = Slot.NOT_TOO_LONG;
        target.lineCount = 1;
        took(file, endOffset);
        publish();
    }

    private Slot slotWithRoom(int length) {
        Slot current = claimed();
        if (current.slabUsed + length > current.slab.length || current.sourceCount == config.maxSources()
                && current.lineCount > 0) {
            publish();
            current = claimed();
        }
        return current;
    }

    private Slot claimed() {
        if (slot == null) {
            sequence = claim();
            slot = ring.get(sequence);
            slot.clear();
            slotStartedNanos = System.nanoTime();
            linesSinceLingerCheck = 0;
            lastSourceFile = null;
        }
        return slot;
    }

    private long claim() {
        checkStop(); // once per batch: after a failure the reader stops even with room in the ring
        try {
            return ring.tryNext();
        } catch (InsufficientCapacityException full) {
            long waitStart = System.nanoTime();
            while (true) {
                checkStop();
                LockSupport.parkNanos(CLAIM_PARK_NANOS);
                try {
                    long claimed = ring.tryNext();
                    claimWaitNanos.addAndGet(System.nanoTime() - waitStart);
                    return claimed;
                } catch (InsufficientCapacityException stillFull) {
                    // keep waiting: the writer frees slots as batches become durable
                }
            }
        }
    }

    private void checkStop() {
        if (stopRequested.getAsBoolean()) {
            throw new PipelineStopped();
        }
    }

    private int sourceIndex(Slot target, TailedFile file) {
        if (file == lastSourceFile) {
            return lastSourceIndex;
        }
        for (int i = 0; i < target.sourceCount; i++) {
            if (target.sourceFiles[i] == file) {
                lastSourceFile = file;
                lastSourceIndex = i;
                return i;
            }
        }
        int index = target.sourceCount++;
        target.sourceFiles[index] = file;
        target.sourcePaths[index] = file.path().toString();
        target.sourceStreams[index] = streamsBySequence.get(file.sequence());
        lastSourceFile = file;
        lastSourceIndex = index;
        return index;
    }

    private void publish() {
        Slot published = slot;
        recordPositions(published);
        inFlight.add(published);
        linesRead.addAndGet(published.lineCount);
        bytesRead.addAndGet(published.bytes());
        slot = null;
        lastSourceFile = null;
        ring.publish(sequence);
        batchesPublished.incrementAndGet();
    }

    /**
     * The positions once this batch is durable. The tailer's own positions are exact for every
     * file except the one being read right now, which it only updates when the read ends; for
     * that one the end of the last line taken is used.
     */
    private void recordPositions(Slot target) {
        target.positions = positions.encode(tailer, readingFile, readingFileEnd, target.positions);
        target.positionsLength = positions.length();
    }

    /** Lines in the slot the reader is filling now: zero right after every hand-over. Reader thread. */
    public int activeLines() {
        return slot == null ? 0 : slot.lineCount;
    }

    /** The slot the reader is filling, or null between a hand-over and the next line. Reader thread. */
    Slot activeSlot() {
        return slot;
    }

    public long linesRead() {
        return linesRead.get();
    }

    public long bytesRead() {
        return bytesRead.get();
    }

    public long batchesPublished() {
        return batchesPublished.get();
    }

    /** Time the reader spent waiting for a free slot: backpressure from a slow writer. */
    public long claimWaitNanos() {
        return claimWaitNanos.get();
    }

    /** Thrown out of the tailer's sink when the pipeline stops while the reader waits for room. */
    public static final class PipelineStopped extends RuntimeException {
        private static final long serialVersionUID = 1L;

        PipelineStopped() {
            super("pipeline stopped while the reader waited for a free slot", null, false, false);
        }
    }
}
