package io.snapline.bench;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Order-status lines shaped like the node's, generated from a seed so every run frames the same
 * bytes. Only the shape matters to framing (line lengths, where the newlines fall), but realistic
 * content keeps the numbers honest for later parser benchmarks: mostly rejections with a null hash,
 * a few hundred repeating users, prices and sizes with the coin's own decimals.
 *
 * <p>Setup code, never measured: plain string building is fine.
 */
public final class NodeLines {

    /** How lines are laid out; the names match the benchmark parameter values. */
    public enum Shape {
        /** One event per line in a block envelope, about 550-600 bytes. */
        STREAMING,
        /** One block per line with all its events: a few hundred KB. */
        BY_BLOCK;

        /** Parses a parameter value such as {@code by_block}. */
        public static Shape of(String name) {
            return valueOf(name.toUpperCase(Locale.ROOT));
        }
    }

    /** The seed every benchmark uses, so they all see the same bytes. */
    public static final long SEED = 20_260_505L;

    /** 2026-05-05T17:00:00Z, the hour the generated file stands for. */
    private static final long HOUR_START_MILLIS = 1_778_000_400_000L;
    private static final String DATE_HOUR = "2026-05-05T17:";
    private static final long NANOS_PER_HOUR = 3_600_000_000_000L;

    /** The node writes a few seconds after the block; the exact gap varies. */
    private static final long WRITE_DELAY_NANOS = 2_700_000_000L;

    private static final String[] COINS = {"BTC", "ETH", "SOL", "HYPE", "@151", "kPEPE", "XRP", "DOGE"};
    private static final double[] COIN_PRICES = {81_295.0, 3_120.5, 172.35, 38.412, 2_393.9, 0.012345, 2.1834, 0.16421};
    private static final int[] PX_DECIMALS = {0, 1, 2, 3, 1, 6, 4, 5};
    private static final int[] SZ_DECIMALS = {5, 4, 2, 2, 4, 0, 1, 0};

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private final SplittableRandom random;
    private final String[] users;
    private final String[] builders;
    private long blockNumber = 985_148_189L;
    private long blockNanosOfHour = 39L * 60 * 1_000_000_000L;
    private long localNanosOfHour;
    private long nextOid = 412_036_463_097L;
    private int eventsLeftInBlock;

    public NodeLines(long seed) {
        this.random = new SplittableRandom(seed);
        // Market makers dominate the rejections: a small pool of addresses repeats a lot.
        this.users = new String[300];
        for (int i = 0; i < users.length; i++) {
            users[i] = hex(20);
        }
        this.builders = new String[] {hex(20), hex(20), hex(20)};
    }

    /** The next line of the given shape, without its newline. */
    public String next(Shape shape) {
        return shape == Shape.STREAMING ? streamingLine() : byBlockLine();
    }

    /**
     * One event in its block envelope. Consecutive lines share a block, as in the node's streaming
     * files, until the block's events run out.
     */
    public String streamingLine() {
        if (eventsLeftInBlock == 0) {
            nextBlock();
            eventsLeftInBlock = 1 + random.nextInt(60);
        }
        eventsLeftInBlock--;
        StringBuilder line = new StringBuilder(640);
        appendEnvelopeStart(line);
        appendEvent(line);
        return line.append("]}").toString();
    }

    /** One whole block: the envelope with a few hundred events, a few hundred KB in all. */
    public String byBlockLine() {
        nextBlock();
        int events = 300 + random.nextInt(700);
        StringBuilder line = new StringBuilder(events * 560 + 160);
        appendEnvelopeStart(line);
        for (int i = 0; i < events; i++) {
            if (i > 0) {
                line.append(',');
            }
            appendEvent(line);
        }
        return line.append("]}").toString();
    }

    /**
     * Whole lines of one shape, newline-terminated, filling at most {@code maxBytes}: stops before
     * the first line that would not fit, so the array ends on a newline.
     */
    public static byte[] generate(Shape shape, int maxBytes, long seed) {
        NodeLines lines = new NodeLines(seed);
        byte[] out = new byte[maxBytes];
        int used = 0;
        while (true) {
            byte[] line = lines.next(shape).getBytes(StandardCharsets.US_ASCII);
            if (used + line.length + 1 > maxBytes) {
                break;
            }
            System.arraycopy(line, 0, out, used, line.length);
            used += line.length;
            out[used++] = '\n';
        }
        return used == maxBytes ? out : Arrays.copyOf(out, used);
    }

    /**
     * Writes whole lines of one shape to {@code file} until it holds at least {@code minBytes}.
     *
     * @return the file's size
     */
    public static long writeFile(Path file, Shape shape, long minBytes, long seed) throws IOException {
        NodeLines lines = new NodeLines(seed);
        long written = 0;
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
            while (written < minBytes) {
                byte[] line = lines.next(shape).getBytes(StandardCharsets.US_ASCII);
                out.write(line);
                out.write('\n');
                written += line.length + 1;
            }
        }
        return written;
    }

    /**
     * Writes the benchmarks' data to files, for comparing with tools such as {@code wc -l}:
     * {@code java -cp bench/target/benchmarks.jar io.snapline.bench.NodeLines DIR}. The 64 MB files
     * hold exactly the arrays {@link LineFramerBenchmark} frames; the 256 MB file is the one
     * {@link TailerReadBenchmark} reads.
     */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: NodeLines DIRECTORY");
            System.exit(2);
        }
        Path directory = Files.createDirectories(Path.of(args[0]));
        for (Shape shape : Shape.values()) {
            Path file = directory.resolve(shape.name().toLowerCase(Locale.ROOT) + "-64m.jsonl");
            Files.write(file, generate(shape, LineFramerBenchmark.DATA_BYTES, SEED));
            System.out.println(file);
        }
        Path file = directory.resolve("streaming-256m.jsonl");
        writeFile(file, Shape.STREAMING, TailerReadBenchmark.FILE_BYTES, SEED);
        System.out.println(file);
    }

    private void nextBlock() {
        blockNumber++;
        // About 70 ms a block; wrap rather than leave the hour the directory names.
        blockNanosOfHour = (blockNanosOfHour + 60_000_000L + random.nextLong(20_000_000L)) % NANOS_PER_HOUR;
        // The node's clock only moves forward, whatever the gap to the block's own time.
        localNanosOfHour = Math.max(localNanosOfHour,
                blockNanosOfHour + WRITE_DELAY_NANOS + random.nextLong(300_000_000L)) % NANOS_PER_HOUR;
    }

    private void appendEnvelopeStart(StringBuilder line) {
        localNanosOfHour = (localNanosOfHour + random.nextLong(20_000L)) % NANOS_PER_HOUR;
        line.append("{\"local_time\":\"");
        appendTime(line, localNanosOfHour);
        line.append("\",\"block_time\":\"");
        appendTime(line, blockNanosOfHour);
        line.append("\",\"block_number\":").append(blockNumber).append(",\"events\":[");
    }

    private void appendEvent(StringBuilder line) {
        int roll = random.nextInt(100);
        // Over 90% of order statuses are rejections; ALO orders priced through the book lead.
        String status;
        String tif;
        if (roll < 72) {
            status = "badAloPxRejected";
            tif = "Alo";
        } else if (roll < 81) {
            status = "iocCancelRejected";
            tif = "Ioc";
        } else if (roll < 86) {
            status = "perpMarginRejected";
            tif = "Gtc";
        } else if (roll < 91) {
            status = "minTradeNtlRejected";
            tif = "Gtc";
        } else if (roll < 96) {
            status = "open";
            tif = "Alo";
        } else if (roll < 98) {
            status = "canceled";
            tif = "Gtc";
        } else {
            status = "filled";
            tif = "Ioc";
        }
        boolean trigger = random.nextInt(100) < 3;
        boolean hasHash = status.equals("open") || status.equals("filled");

        int coin = random.nextInt(100) < 55 ? random.nextInt(2) : random.nextInt(COINS.length);
        String px = decimal(COIN_PRICES[coin] * (0.98 + 0.04 * random.nextDouble()), PX_DECIMALS[coin]);
        String sz = decimal(Math.pow(10, 2 - SZ_DECIMALS[coin]) * (1 + random.nextInt(5000)) / 10.0, SZ_DECIMALS[coin]);
        long timestamp = HOUR_START_MILLIS + blockNanosOfHour / 1_000_000L;

        line.append("{\"time\":\"");
        appendTime(line, blockNanosOfHour);
        line.append("\",\"user\":\"").append(users[skewedUser()]).append("\",\"hash\":");
        if (hasHash) {
            line.append('"').append(hex(32)).append('"');
        } else {
            line.append("null");
        }
        line.append(",\"builder\":");
        if (random.nextInt(10) == 0) {
            line.append("{\"b\":\"").append(builders[random.nextInt(builders.length)]).append("\",\"f\":10}");
        } else {
            line.append("null");
        }
        line.append(",\"status\":\"").append(status)
                .append("\",\"order\":{\"coin\":\"").append(COINS[coin])
                .append("\",\"side\":\"").append(random.nextBoolean() ? 'B' : 'A')
                .append("\",\"limitPx\":\"").append(px)
                .append("\",\"sz\":\"").append(sz)
                .append("\",\"oid\":").append(nextOid++)
                .append(",\"timestamp\":").append(timestamp)
                .append(",\"triggerCondition\":\"")
                .append(trigger ? "Price below " + Math.round(COIN_PRICES[coin] * 0.9) : "N/A")
                .append("\",\"isTrigger\":").append(trigger)
                .append(",\"triggerPx\":\"").append(trigger ? decimal(COIN_PRICES[coin] * 0.9, 0) : "0.0")
                .append("\",\"children\":[],\"isPositionTpsl\":false,\"reduceOnly\":").append(trigger)
                .append(",\"orderType\":\"").append(trigger ? "Stop Market" : "Limit")
                .append("\",\"origSz\":\"").append(sz)
                .append("\",\"tif\":");
        if (trigger) {
            line.append("null"); // trigger orders carry no time in force
        } else {
            line.append('"').append(tif).append('"');
        }
        line.append(",\"cloid\":");
        if (random.nextInt(10) < 4) {
            line.append('"').append(hex(16)).append('"');
        } else {
            line.append("null");
        }
        line.append("}}");
    }

    /** Most events come from a few dozen busy accounts. */
    private int skewedUser() {
        return random.nextInt(4) == 0 ? random.nextInt(users.length) : random.nextInt(30);
    }

    /** {@code 2026-05-05T17:MM:SS.nnnnnnnnn}, the node's UTC timestamp with nanoseconds. */
    private static void appendTime(StringBuilder line, long nanosOfHour) {
        long seconds = nanosOfHour / 1_000_000_000L;
        long nanos = nanosOfHour % 1_000_000_000L;
        line.append(DATE_HOUR);
        pad(line, seconds / 60, 2);
        line.append(':');
        pad(line, seconds % 60, 2);
        line.append('.');
        pad(line, nanos, 9);
    }

    private static void pad(StringBuilder line, long value, int width) {
        String digits = Long.toString(value);
        for (int i = digits.length(); i < width; i++) {
            line.append('0');
        }
        line.append(digits);
    }

    /** A decimal as the node writes it: no trailing zeros, but at least one digit after the point. */
    private static String decimal(double value, int decimals) {
        double scale = Math.pow(10, decimals);
        double rounded = Math.round(value * scale) / scale;
        String text = String.format(Locale.ROOT, "%." + Math.max(decimals, 1) + "f", rounded);
        int end = text.length();
        while (text.charAt(end - 1) == '0' && text.charAt(end - 2) != '.') {
            end--;
        }
        return text.substring(0, end);
    }

    /** {@code 0x} and {@code bytes} random bytes in lower-case hex. */
    private String hex(int bytes) {
        char[] out = new char[2 + bytes * 2];
        out[0] = '0';
        out[1] = 'x';
        for (int i = 0; i < bytes; i++) {
            int b = random.nextInt(256);
            out[2 + 2 * i] = HEX[b >>> 4];
            out[3 + 2 * i] = HEX[b & 0xF];
        }
        return new String(out);
    }
}
