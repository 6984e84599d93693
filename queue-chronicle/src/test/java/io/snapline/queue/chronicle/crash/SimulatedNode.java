package io.snapline.queue.chronicle.crash;

import io.snapline.records.RecordType;
import io.snapline.tailer.NodeLayout;
import io.snapline.tailer.NodeStream;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * A node writing streaming order statuses and fills on a thread of its own: every event has an
 * oid no other event has, lines are flushed in chunks that may cut a line, hours roll over when
 * asked, and for a while after a rollover some events still go to the previous hour's file.
 * Remembers, per oid, the record type it must become and where its line starts.
 *
 * <p>{@link #expected()} may be read once {@link #run()} has returned (join the thread first).
 */
final class SimulatedNode implements Runnable {

    /** What one event must become in the queue: its type, file and the offset of its line. */
    record Expected(RecordType type, String source, long offset) {
        @Override
        public String toString() {
            return type.jsonName() + " " + source + "@" + offset;
        }
    }

    /** The hours written, in order: 9 then 10 (numeric, not string, order) and a day change. */
    static final List<String[]> HOURS = List.of(
            new String[] {"20260505", "9"},
            new String[] {"20260505", "10"},
            new String[] {"20260505", "11"},
            new String[] {"20260505", "23"},
            new String[] {"20260506", "0"});

    private static final long ORDER_OIDS = 400_000_000_000L;
    private static final long FILL_OIDS = 900_000_000_000L;
    private static final String[] STATUSES = {"badAloPxRejected", "badAloPxRejected", "badAloPxRejected",
            "open", "canceled", "filled", "iocCancelRejected", "perpMarginRejected"};
    private static final String[] COINS = {"BTC", "ETH", "SOL", "@151"};
    /** Events per rollover that may still go to the previous hour. */
    private static final int LATE_EVENTS = 400;

    private final Random random;
    private final ChunkedHourlyWriter orders;
    private final ChunkedHourlyWriter fills;
    private final Map<Long, Expected> expected = new HashMap<>();
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

    SimulatedNode(Path nodeDataRoot, long seed) {
        this.random = new Random(seed);
        this.orders = new ChunkedHourlyWriter(hourly(nodeDataRoot, NodeStream.ORDER_STATUSES));
        this.fills = new ChunkedHourlyWriter(hourly(nodeDataRoot, NodeStream.FILLS));
    }

    private static Path hourly(Path root, NodeStream stream) {
        return root.resolve(NodeLayout.STREAMING.directoryName(stream)).resolve("hourly");
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

    int lateEvents() {
        return lateEvents;
    }

    int rollovers() {
        return rollovers;
    }

    @Override
    public void run() {
        try (ChunkedHourlyWriter o = orders; ChunkedHourlyWriter f = fills) {
            String[] first = HOURS.get(0);
            o.rollTo(first[0], Integer.parseInt(first[1]));
            f.rollTo(first[0], Integer.parseInt(first[1]));
            while (!stopRequested) {
                if (rollovers < rolloversRequested.get() && hourIndex + 1 < HOURS.size()) {
                    String[] next = HOURS.get(++hourIndex);
                    o.rollTo(next[0], Integer.parseInt(next[1]));
                    f.rollTo(next[0], Integer.parseInt(next[1]));
                    rollovers++;
                    lateEventsLeft = LATE_EVENTS;
                }
                int events = 1 + random.nextInt(8);
                for (int i = 0; i < events; i++) {
                    writeEvent();
                }
                o.flushSome(random);
                f.flushSome(random);
                LockSupport.parkNanos(1_000_000L + random.nextInt(3_000_000));
            }
            o.flushAll();
            f.flushAll();
        } catch (Throwable t) {
            failure = t;
        }
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
        String status = STATUSES[random.nextInt(STATUSES.length)];
        String coin = COINS[random.nextInt(COINS.length)];
        String size = random.nextInt(1000) + "." + random.nextInt(100000);
        envelope(time);
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
                .append("\"orderType\":\"Limit\",\"origSz\":\"").append(size).append("\",\"tif\":\"Alo\",\"cloid\":null}}]}");
        return line.toString().getBytes(StandardCharsets.UTF_8);
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
