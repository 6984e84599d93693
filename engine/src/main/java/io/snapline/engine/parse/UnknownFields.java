package io.snapline.engine.parse;

import io.snapline.tailer.NodeStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLongArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The names of the fields the parsers kept as members (fields this version does not know), per
 * stream, and how often each was seen: one per engine, shared by its parse workers, behind
 * {@code snapline.fields.unknown{stream, field}}.
 *
 * <p>At most {@value #MAX_NAMES_PER_STREAM} names per stream are told apart; the rest are counted
 * under {@value #OTHER}, so hostile input cannot grow memory or the meters' cardinality. A name
 * is logged once, at INFO, the first time it is seen. Workers count into their own
 * {@link UnknownFieldCounts} and come here only for a name new to them (at most the cap per
 * stream, then never again) and to publish their counts once per batch.
 */
public final class UnknownFields {

    public static final int MAX_NAMES_PER_STREAM = 64;
    /** The field tag of every name past the cap. */
    public static final String OTHER = "_other";
    /** The index of {@link #OTHER} in a stream's names. */
    static final int OTHER_INDEX = MAX_NAMES_PER_STREAM;

    private static final Logger LOG = LoggerFactory.getLogger(UnknownFields.class);
    private static final int PER_STREAM = MAX_NAMES_PER_STREAM + 1;

    /** Told of each name (and of {@link #OTHER}) as it first appears, with its index: meters hang off it. */
    public interface Listener {
        void onName(NodeStream stream, String field, int index);
    }

    private final byte[][][] names = new byte[NodeStream.values().length][MAX_NAMES_PER_STREAM][];
    private final String[][] labels = new String[NodeStream.values().length][PER_STREAM];
    private final int[] sizes = new int[NodeStream.values().length];
    private final AtomicLongArray counts = new AtomicLongArray(NodeStream.values().length * PER_STREAM);
    private Listener listener;

    /**
     * The index of this name (its bytes as the record stores them) in the stream's names, taking
     * one if it is new and the cap allows; else {@link #OTHER_INDEX}.
     */
    synchronized int register(NodeStream stream, byte[] name, int offset, int length) {
        int s = stream.ordinal();
        for (int i = 0; i < sizes[s]; i++) {
            if (Arrays.equals(names[s][i], 0, names[s][i].length, name, offset, offset + length)) {
                return i;
            }
        }
        if (sizes[s] == MAX_NAMES_PER_STREAM) {
            if (labels[s][OTHER_INDEX] == null) {
                LOG.info("{}: more than {} unknown field names; the others are counted as {}",
                        stream.directoryName(), MAX_NAMES_PER_STREAM, OTHER);
                name(s, OTHER_INDEX, OTHER);
            }
            return OTHER_INDEX;
        }
        int index = sizes[s]++;
        names[s][index] = Arrays.copyOfRange(name, offset, offset + length);
        String label = new String(name, offset, length, StandardCharsets.UTF_8);
        LOG.info("{}: unknown field '{}' seen; kept with its exact JSON", stream.directoryName(), label);
        name(s, index, label);
        return index;
    }

    /** Once the stream's names are full: every name it has, for a worker to tell them from the others. */
    synchronized byte[][] namesOf(NodeStream stream) {
        return Arrays.copyOf(names[stream.ordinal()], sizes[stream.ordinal()]);
    }

    private void name(int stream, int index, String label) {
        labels[stream][index] = label;
        if (listener != null) {
            listener.onName(NodeStream.values()[stream], label, index);
        }
    }

    /** Sets the listener and tells it every name already seen. */
    public synchronized void listen(Listener newListener) {
        listener = newListener;
        for (NodeStream stream : NodeStream.values()) {
            for (int i = 0; i < PER_STREAM; i++) {
                String label = labels[stream.ordinal()][i];
                if (label != null) {
                    newListener.onName(stream, label, i);
                }
            }
        }
    }

    void add(NodeStream stream, int index, long count) {
        counts.addAndGet(stream.ordinal() * PER_STREAM + index, count);
    }

    /** How often the name at {@code index} was seen (published counts: at most a batch behind). */
    public long count(NodeStream stream, int index) {
        return counts.get(stream.ordinal() * PER_STREAM + index);
    }

    /** How often {@code field} was seen in {@code stream}, or 0 for a name it does not hold (for tests and tools). */
    public synchronized long count(NodeStream stream, String field) {
        String[] streamLabels = labels[stream.ordinal()];
        for (int i = 0; i < PER_STREAM; i++) {
            if (field.equals(streamLabels[i])) {
                return count(stream, i);
            }
        }
        return 0;
    }
}
