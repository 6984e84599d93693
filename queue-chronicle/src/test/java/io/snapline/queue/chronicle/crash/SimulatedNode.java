package io.snapline.queue.chronicle.crash;

import io.snapline.records.RecordType;
import io.snapline.tailer.NodeLayout;
import io.snapline.tailer.NodeStream;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A node writing streaming order statuses and fills, and by-block order statuses, on a thread of
 * its own: every event has an oid no other event has, lines are flushed in chunks that may cut a
 * line, hours roll over when asked, and for a while after a rollover some events still go to the
 * previous hour's file. Now and then a line is malformed (it must become a dead letter) and a
 * by-block line is longer than a ring slot's slab (it travels alone through the oversize buffer).
 * Remembers, per oid, the record type it must become and where its line starts, and where each
 * malformed line is.
 *
 * <p>The whole node data root can be moved aside and back ({@link #moveRootAside()}), as an
 * operator moving {@code hl/data} for a moment does: the node keeps writing into the files it has
 * open (their descriptors follow the move), creates no new file and defers rollovers meanwhile.
 * Files closed by a rollover are never written again ({@link #closedFiles()}); a test may delete
 * or rename them while holding {@link #files()}, which the node holds while it writes.
 *
 * <p>{@link #expected()} and {@link #expectedDeadLetters()} may be read once {@link #run()} has
 * returned (join the thread first).
 */
final class SimulatedNode implements Runnable {

    /** What one event must become in the queue: its type, file and the offset of its line. */
    record Expected(RecordType type, String source, long offset) {
        @Override
        public String toString() {
            return type.jsonName() + " " + source + "@" + offset;
        }
    }

    /** The hours written, in order: 9 then 10 (numeric, not string, order), day changes, then every hour. */
    static final List<String[]> HOURS = hours();

    private static final long ORDER_OIDS = 400_000_000_000L;
    private static final long FILL_OIDS = 900_000_000_000L;
    private static final String[] STATUSES = {"badAloPxRejected", "badAloPxRejected", "badAloPxRejected",
            "open", "canceled", "filled", "iocCancelRejected", "perpMarginRejected"};
    private static final String[] COINS = {"BTC", "ETH", "SOL", "@151"};
    /** Events per rollover that may still go to the previous hour. */
    private static final int LATE_EVENTS = 400;
    /** One event in this many is a malformed line instead. */
    private static final int MALFORMED_EVERY = 150;
    /** One loop in this many writes a by-block line, and one in this many an oversize one. */
    private static final int BY_BLOCK_EVERY = 6;
    private static final int OVERSIZE_EVERY = 300;
    /** Events in an oversize by-block line: about 330 KB, over the test engine's 256 KiB slab. */
    private static final int OVERSIZE_EVENTS = 600;

    private final Random random;
    private final ChunkedHourlyWriter orders;
    private final ChunkedHourlyWriter fills;
    private final ChunkedHourlyWriter byBlock;
    private final Path root;
    private final Path aside;
    private final ReentrantLock files = new ReentrantLock();
    private final List<Path> closedFiles = new ArrayList<>();
    private final Map<Long, Expected> expected = new HashMap<>();
    private final Map<String, byte[]> expectedDeadLetters = new HashMap<>();
    private final AtomicInteger rolloversRequested = new AtomicInteger();
    private final AtomicInteger eventsWritten = new AtomicInteger();
    private final StringBuilder line = new StringBuilder(1024);
    private volatile boolean stopRequested;
    private volatile Throwable failure;

    private int hourIndex;
    private int lateEventsLeft;
    private long nextOrderOid = ORDER_OIDS;
    private long nextFillOid = FILL_OIDS;
    private long block = 985_148_189L;
    private int lateEvents;
    private int rollovers;
    private int malformedLines;
    private int oversizeLines;
    private int byBlockLines;
    private boolean rootAside;
    private int asides;

    SimulatedNode(Path nodeDataRoot, long seed) {
        this.random = new Random(seed);
        this.root = nodeDataRoot;
        this.aside = nodeDataRoot.resolveSibling(nodeDataRoot.getFileName() + ".aside");
        this.orders = new ChunkedHourlyWriter(hourly(nodeDataRoot, NodeStream.ORDER_STATUSES, NodeLayout.STREAMING),
                closedFiles);
        this.fills = new ChunkedHourlyWriter(hourly(nodeDataRoot, NodeStream.FILLS, NodeLayout.STREAMING), closedFiles);
        this.byBlock = new ChunkedHourlyWriter(hourly(nodeDataRoot, NodeStream.ORDER_STATUSES, NodeLayout.BY_BLOCK),
                closedFiles);
    }

    private static Path hourly(Path root, NodeStream stream, NodeLayout layout) {
        return root.resolve(layout.directoryName(stream)).resolve("hourly");
    }

    private static List<String[]> hours() {
        List<String[]> hours = new ArrayList<>();
        for (String hour : new String[] {"9", "10", "11", "23"}) {
            hours.add(new String[] {"20260505", hour});
        }
        for (String day : new String[] {"20260506", "20260507", "20260508"}) {
            for (int hour = 0; hour < 24; hour++) {
                hours.add(new String[] {day, Integer.toString(hour)});
            }
        }
        return List.copyOf(hours);
    }

    /** Held by the node while it writes; hold it to delete or rename a file of {@link #closedFiles()}. */
    ReentrantLock files() {
        return files;
    }

    /** Files closed by a rollover, whole and never written again, oldest first; a copy. */
    List<Path> closedFiles() {
        files.lock();
        try {
            return List.copyOf(closedFiles);
        } finally {
            files.unlock();
        }
    }

    /** Moves the node data root to a sibling directory; the node goes on writing into its open files. */
    void moveRootAside() throws IOException {
        files.lock();
        try {
            if (!rootAside) {
                Files.move(root, aside);
                rootAside = true;
                asides++;
            }
        } finally {
            files.unlock();
        }
    }

    /** Moves the node data root back where it was. */
    void moveRootBack() throws IOException {
        files.lock();
        try {
            if (rootAside) {
                Files.move(aside, root);
                rootAside = false;
            }
        } finally {
            files.unlock();
        }
    }

    boolean isRootAside() {
        files.lock();
        try {
            return rootAside;
        } finally {
            files.unlock();
        }
    }

    /** Asks for the next hour to begin (ignored once the last hour of {@link #HOURS} is reached). */
    void requestRollover() {
        rolloversRequested.incrementAndGet();
    }

    /** Asks {@link #run()} to flush every buffered byte, close its files and return. */
    void stop() {
        stopRequested = true;
    }

    Throwable failure() {
        return failure;
    }

    int eventsWritten() {
        return eventsWritten.get();
    }

    Map<Long, Expected> expected() {
        return expected;
    }

    /** The malformed lines, by {@code source@offset}, without their newline. */
    Map<String, byte[]> expectedDeadLetters() {
        return expectedDeadLetters;
    }

    int malformedLines() {
        return malformedLines;
    }

    int oversizeLines() {
        return oversizeLines;
    }

    int byBlockLines() {
        return byBlockLines;
    }

    int asides() {
        return asides;
    }

    int lateEvents() {
        return lateEvents;
    }

    int rollovers() {
        return rollovers;
    }

    @Override
    public void run() {
        try (ChunkedHourlyWriter o = orders; ChunkedHourlyWriter f = fills; ChunkedHourlyWriter b = byBlock) {
            String[] first = HOURS.get(0);
            for (ChunkedHourlyWriter writer : new ChunkedHourlyWriter[] {o, f, b}) {
                writer.rollTo(first[0], Integer.parseInt(first[1]));
            }
            while (!stopRequested) {
                files.lock();
                try {
                    writeSome();
                } finally {
                    files.unlock();
                }
                LockSupport.parkNanos(1_000_000L + random.nextInt(3_000_000));
            }
            files.lock();
            try {
                moveRootBack();
                o.flushAll();
                f.flushAll();
                b.flushAll();
            } finally {
                files.unlock();
            }
        } catch (Throwable t) {
            failure = t;
        }
    }

    /** One round: a rollover if asked (not while the root is aside), a few lines, a few flushes. */
    private void writeSome() throws IOException {
        if (!rootAside && rollovers < rolloversRequested.get() && hourIndex + 1 < HOURS.size()) {
            String[] next = HOURS.get(++hourIndex);
            for (ChunkedHourlyWriter writer : new ChunkedHourlyWriter[] {orders, fills, byBlock}) {
                writer.rollTo(next[0], Integer.parseInt(next[1]));
            }
            rollovers++;
            lateEventsLeft = LATE_EVENTS;
        }
        int events = 1 + random.nextInt(8);
        for (int i = 0; i < events; i++) {
            writeEvent();
        }
        if (random.nextInt(OVERSIZE_EVERY) == 0) {
            writeByBlock(OVERSIZE_EVENTS);
            oversizeLines++;
        } else if (random.nextInt(BY_BLOCK_EVERY) == 0) {
            writeByBlock(1 + random.nextInt(4));
        }
        orders.flushSome(random, !rootAside);
        fills.flushSome(random, !rootAside);
        byBlock.flushSome(random, !rootAside);
    }

    /** One by-block line of order statuses, each event with its own oid, all at the line's offset. */
    private void writeByBlock(int events) {
        block++;
        String time = isoTime(HOURS.get(hourIndex));
        long[] oids = new long[events];
        envelope(time);
        for (int i = 0; i < events; i++) {
            if (i > 0) {
                line.append(',');
            }
            oids[i] = nextOrderOid++;
            orderStatusEvent(time, oids[i]);
        }
        line.append("]}");
        ChunkedHourlyWriter.Placed placed = byBlock.append(line.toString().getBytes(StandardCharsets.UTF_8), false);
        for (long oid : oids) {
            expected.put(oid, new Expected(RecordType.ORDER_STATUS, placed.source(), placed.offset()));
        }
        eventsWritten.addAndGet(events);
        byBlockLines++;
    }

    /** A line that must become a dead letter: cut JSON, not JSON, bytes that are no UTF-8, or no events. */
    private void writeMalformed(String time, boolean late) {
        int kind = random.nextInt(4);
        byte[] bytes = switch (kind) {
            case 0 -> ("{\"local_time\":\"" + time + "\",\"block_time\":\"" + time + "\",\"block_number\":" + block
                    + ",\"events\":[{\"time\":\"" + time + "\",\"user\":").getBytes(StandardCharsets.UTF_8);
            case 1 -> ("node panicked at block " + block + ": out of cheese").getBytes(StandardCharsets.UTF_8);
            case 2 -> {
                byte[] junk = ("{\"local_time\":\"" + time + "\",\"x\":\"..\"}").getBytes(StandardCharsets.UTF_8);
                junk[junk.length - 4] = (byte) 0xff;
                junk[junk.length - 3] = (byte) 0xfe;
                yield junk;
            }
            default -> ("{\"local_time\":\"" + time + "\",\"block_number\":" + block + "}")
                    .getBytes(StandardCharsets.UTF_8);
        };
        ChunkedHourlyWriter writer = random.nextInt(5) == 0 ? fills : orders;
        ChunkedHourlyWriter.Placed placed = writer.append(bytes, late);
        expectedDeadLetters.put(placed.source() + "@" + placed.offset(), bytes);
        malformedLines++;
    }

    private void writeEvent() {
        boolean late = lateEventsLeft > 0 && random.nextInt(3) == 0;
        if (lateEventsLeft > 0) {
            lateEventsLeft--;
        }
        if (late) {
            lateEvents++;
        }
        block++;
        String[] hour = HOURS.get(late ? hourIndex - 1 : hourIndex);
        String time = isoTime(hour);
        if (random.nextInt(MALFORMED_EVERY) == 0) {
            writeMalformed(time, late);
            return;
        }
        long oid;
        RecordType type;
        ChunkedHourlyWriter.Placed placed;
        if (random.nextInt(5) == 0) {
            oid = nextFillOid++;
            type = RecordType.FILL;
            placed = fills.append(fillLine(time, oid), late);
        } else {
            oid = nextOrderOid++;
            type = RecordType.ORDER_STATUS;
            placed = orders.append(orderStatusLine(time, oid), late);
        }
        expected.put(oid, new Expected(type, placed.source(), placed.offset()));
        eventsWritten.incrementAndGet();
    }

    private String isoTime(String[] hour) {
        String day = hour[0];
        int h = Integer.parseInt(hour[1]);
        return day.substring(0, 4) + "-" + day.substring(4, 6) + "-" + day.substring(6, 8) + "T"
                + (h < 10 ? "0" : "") + h + ":" + twoDigits(random.nextInt(60)) + ":" + twoDigits(random.nextInt(60))
                + "." + String.format("%09d", random.nextInt(1_000_000_000));
    }

    private static String twoDigits(int value) {
        return value < 10 ? "0" + value : Integer.toString(value);
    }

    private String hex(int digits) {
        StringBuilder out = new StringBuilder(2 + digits).append("0x");
        for (int i = 0; i < digits; i++) {
            out.append(Character.forDigit(random.nextInt(16), 16));
        }
        return out.toString();
    }

    private void envelope(String time) {
        line.setLength(0);
        line.append("{\"local_time\":\"").append(time).append("\",\"block_time\":\"").append(time)
                .append("\",\"block_number\":").append(block).append(",\"events\":[");
    }

    private byte[] orderStatusLine(String time, long oid) {
        envelope(time);
        orderStatusEvent(time, oid);
        line.append("]}");
        return line.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** One order-status event object, appended to {@link #line}. */
    private void orderStatusEvent(String time, long oid) {
        String status = STATUSES[random.nextInt(STATUSES.length)];
        String coin = COINS[random.nextInt(COINS.length)];
        String size = random.nextInt(1000) + "." + random.nextInt(100000);
        line.append("{\"time\":\"").append(time).append("\",\"user\":\"").append(hex(40)).append("\",\"hash\":");
        if (status.endsWith("Rejected")) {
            line.append("null");
        } else {
            line.append('"').append(hex(64)).append('"');
        }
        line.append(",\"builder\":null,\"status\":\"").append(status).append("\",\"order\":{\"coin\":\"").append(coin)
                .append("\",\"side\":\"").append(random.nextBoolean() ? 'B' : 'A').append("\",\"limitPx\":\"")
                .append(1 + random.nextInt(90000)).append('.').append(random.nextInt(10)).append("\",\"sz\":\"")
                .append(size).append("\",\"oid\":").append(oid).append(",\"timestamp\":")
                .append(1_778_002_753_505L + block).append(",\"triggerCondition\":\"N/A\",\"isTrigger\":false,")
                .append("\"triggerPx\":\"0.0\",\"children\":[],\"isPositionTpsl\":false,\"reduceOnly\":false,")
                .append("\"orderType\":\"Limit\",\"origSz\":\"").append(size).append("\",\"tif\":\"Alo\",\"cloid\":null}}");
    }

    private byte[] fillLine(String time, long oid) {
        envelope(time);
        line.append("[\"").append(hex(40)).append("\",{\"coin\":\"").append(COINS[random.nextInt(COINS.length)])
                .append("\",\"px\":\"72.").append(random.nextInt(1000)).append("\",\"sz\":\"0.")
                .append(1 + random.nextInt(99)).append("\",\"side\":\"A\",\"time\":").append(1_782_636_233_257L + block)
                .append(",\"startPosition\":\"-162.6\",\"dir\":\"Open Short\",\"closedPnl\":\"0.0\",\"hash\":\"")
                .append(hex(64)).append("\",\"oid\":").append(oid).append(",\"crossed\":false,\"fee\":\"-0.001255\",")
                .append("\"tid\":").append(340_554_939_716_632L + oid).append(",\"cloid\":\"").append(hex(32))
                .append("\",\"feeToken\":\"USDC\",\"twapId\":null}]]}");
        return line.toString().getBytes(StandardCharsets.UTF_8);
    }
}
