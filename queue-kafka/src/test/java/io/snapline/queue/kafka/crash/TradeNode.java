package io.snapline.queue.kafka.crash;

import io.snapline.engine.testing.NodeFile;
import io.snapline.engine.testing.NodeLines;
import io.snapline.tailer.NodeLayout;
import io.snapline.tailer.NodeStream;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.locks.LockSupport;

/**
 * A node writing trade lines into hourly files while the engine is killed under it: each line in
 * two writes cut at a random byte (a reader meets partial lines), one line in
 * {@value #MALFORMED_EVERY} malformed (a dead letter), an hour rollover when asked, and for a while
 * after it, late lines into the previous hour's file. Every trade's {@code sz} is its id. Remembers
 * each line's file and offset: the truth the test compares the topics with.
 */
final class TradeNode implements Runnable {

    static final String DAY = "20260505";
    private static final int MALFORMED_EVERY = 97;
    private static final int LATE_LINES = 60;

    /** A line as written: a trade's id (or -1 for a malformed line), its text, file and offset. */
    record Written(long id, String text, Path file, long offset) {
    }

    private final Path root;
    private final Random random;
    private final List<Written> written = new ArrayList<>();
    private final List<NodeFile> files = new ArrayList<>();
    private volatile boolean stopping;
    private volatile boolean rolloverRequested;
    private volatile Throwable failure;
    private NodeFile current;
    private NodeFile previous;
    private int hour;
    private int lateLeft;
    private long nextId;
    private long lines;
    private int rollovers;

    TradeNode(Path root, long seed) throws IOException {
        this.root = root;
        this.random = new Random(seed);
        this.current = open(0);
    }

    private NodeFile open(int hour) throws IOException {
        NodeFile file = NodeFile.at(root, NodeStream.TRADES, NodeLayout.PLAIN, DAY, hour);
        synchronized (this) {
            files.add(file);
        }
        return file;
    }

    void requestRollover() {
        rolloverRequested = true;
    }

    void stop() {
        stopping = true;
    }

    @Override
    public void run() {
        try {
            while (!stopping) {
                if (rolloverRequested && hour < 23) {
                    rolloverRequested = false;
                    previous = current;
                    current = open(++hour);
                    lateLeft = LATE_LINES;
                    rollovers++;
                }
                NodeFile target = current;
                if (lateLeft > 0) {
                    lateLeft--;
                    if (random.nextBoolean()) {
                        target = previous;
                    }
                }
                writeLine(target);
                lines++;
                LockSupport.parkNanos(1_000_000); // the node's pace: several hundred lines a second
            }
        } catch (Throwable t) {
            failure = t;
        }
    }

    private void writeLine(NodeFile file) throws IOException {
        boolean malformed = random.nextInt(MALFORMED_EVERY) == 0;
        long id = malformed ? -1 : nextId++;
        String text = malformed ? "{\"coin\":\"@151\",\"broken\":" + random.nextInt(1000) + ",\"sz\":" : NodeLines.trade(id);
        String line = text + "\n";
        int cut = random.nextInt(line.length());
        file.appendRaw(line.substring(0, cut));
        if (random.nextInt(8) == 0) {
            LockSupport.parkNanos(random.nextInt(2_000_000)); // a reader may poll between the halves
        }
        file.appendRaw(line.substring(cut));
        NodeFile.Line wrote = file.wroteLine(text);
        synchronized (this) {
            written.add(new Written(id, text, file.path(), wrote.start()));
        }
    }

    synchronized List<Written> written() {
        return new ArrayList<>(written);
    }

    synchronized List<NodeFile> files() {
        return new ArrayList<>(files);
    }

    Throwable failure() {
        return failure;
    }

    int rollovers() {
        return rollovers;
    }
}
