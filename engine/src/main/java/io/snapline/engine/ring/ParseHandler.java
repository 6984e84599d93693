package io.snapline.engine.ring;

import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.Sequence;
import io.snapline.engine.parse.LineParser;
import io.snapline.records.DeadLetterReason;
import io.snapline.records.RecordWriter;

/**
 * Parse worker {@code ordinal} of {@code workers}: takes slots whose sequence is ordinal mod
 * workers (Disruptor 4 has no worker pool) and parses their lines into records stored back in
 * the slot. Each worker owns its parser, so nothing is shared between them.
 *
 * <p>A bad line is not an error here: the parser turns it into a dead letter, and so is anything
 * the parser throws on one line ({@code parser_error}, OutOfMemoryError included), so one line
 * never fails its batch. A throwable escaping the parser even so (writing that dead letter
 * failed) is kept in the slot for the writer, which stops the pipeline without writing that batch.
 */
final class ParseHandler implements EventHandler<Slot> {

    private final int ordinal;
    private final int workers;
    private final LineParser parser;
    private final ParkingWaitStrategy waitStrategy;
    private Sequence sequenceCallback;

    ParseHandler(int ordinal, int workers, LineParser parser, ParkingWaitStrategy waitStrategy) {
        this.ordinal = ordinal;
        this.workers = workers;
        this.parser = parser;
        this.waitStrategy = waitStrategy;
    }

    /**
     * Disruptor moves a handler's sequence only at the end of a whole run of slots; moving it
     * after each slot lets the writer start on slot n while this worker parses slot n + K.
     */
    @Override
    public void setSequenceCallback(Sequence sequenceCallback) {
        this.sequenceCallback = sequenceCallback;
    }

    @Override
    public void onEvent(Slot slot, long sequence, boolean endOfBatch) {
        if (sequence % workers == ordinal) {
            long started = System.nanoTime();
            try {
                parseAll(slot);
            } catch (Throwable t) {
                slot.failure = t;
            }
            slot.parseNanos = System.nanoTime() - started;
        }
        // Also past another worker's slot: this worker has nothing left to do up to here, and the
        // writer waits for every worker's sequence.
        sequenceCallback.set(sequence);
        waitStrategy.signalStageAdvanced(); // the writer parks on this worker's sequence
    }

    private void parseAll(Slot slot) {
        RecordWriter out = slot.records();
        for (int i = 0; i < slot.lineCount; i++) {
            int source = slot.lineSource[i];
            slot.lineBlock[i] = LineParser.NO_BLOCK;
            slot.lineEvents[i] = 0;
            if (slot.tooLongLength[i] != Slot.NOT_TOO_LONG) {
                out.markLine();
                LineParser.writeLineTooLong(out, source, slot.lineOffset[i], slot.tooLongLength[i],
                        slot.slab, slot.lineStart[i], slot.lineLength[i]);
                slot.deadLetters[DeadLetterReason.LINE_TOO_LONG.ordinal()]++;
                continue;
            }
            DeadLetterReason rejected = parser.parse(slot.sourceStreams[source], slot.lineBytes(i),
                    slot.lineStart[i], slot.lineLength[i], source, slot.lineOffset[i], out);
            if (rejected != null) {
                slot.deadLetters[rejected.ordinal()]++;
                continue;
            }
            if (parser.filteredEvents() > 0) {
                parser.addFilteredTo(slot.filtered);
                slot.anyFiltered = true;
            }
            slot.lineBlock[i] = parser.blockNumber();
            slot.lineEvents[i] = parser.envelopeEvents();
        }
        parser.publishCounts();
    }
}
