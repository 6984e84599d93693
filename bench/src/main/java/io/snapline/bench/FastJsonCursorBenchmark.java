package io.snapline.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.async.ByteArrayFeeder;
import io.snapline.engine.parse.DeferToReference;
import io.snapline.engine.parse.FastJsonCursor;
import io.snapline.engine.parse.JsonCursor;
import io.snapline.engine.parse.LineParser;
import io.snapline.engine.parse.NameTable;
import io.snapline.records.DeadLetterReason;
import io.snapline.records.Field;
import io.snapline.records.RecordType;
import io.snapline.records.RecordWriter;
import io.snapline.tailer.NodeStream;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Tokenizing streaming order-status lines (about 590 bytes each, from {@link NodeLines}): the fast
 * cursor against Jackson. <b>One operation is one line</b>, so ops/s is lines/s and, with
 * {@code -prof gc}, {@code gc.alloc.rate.norm} is bytes allocated per line. The {@code bytes}
 * counter is line bytes per second (divide by 1e9 for GB/s).
 *
 * <ul>
 *   <li>{@link #fastTokens}: {@code FastJsonCursor.next()} over the whole line, then
 *       {@code finish()}: the cursor's own cost, validation included.
 *   <li>{@link #fastExtractLike}: the same plus what an extractor asks for on every token: each
 *       name looked up in a table, each string and number written into a record, each integer
 *       parsed to a long. An upper bound on the cursor's share of real extraction, which skips
 *       most of that.
 *   <li>{@link #lineParserFast}: the whole parse the engine does, {@code LineParser} with the
 *       fast cursor first: the order-status extractor writing records. The target
 *       (1.5M lines/s per core, nothing allocated) is about this one.
 *   <li>{@link #lineParserReference}: the same with the Jackson reference cursor alone.
 *   <li>{@link #jacksonTokens}: Jackson's blocking byte-array parser, one per line (recycled
 *       buffers), {@code nextToken()} only: the token-only baseline.
 *   <li>{@link #jacksonNonBlockingTokens}: Jackson's non-blocking parser kept across lines and
 *       fed each line and then a tab, as the reference cursor uses it, {@code nextToken()} only.
 * </ul>
 *
 * <p>The lines sit in one 16 MB array (about 28,000 lines), read in order and wrapped around,
 * as a parse worker reads the lines of a ring slot.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Thread)
public class FastJsonCursorBenchmark {

    static final int DATA_BYTES = 16 << 20;

    /** The names an order-status extractor looks for, in one table (the real ones use a few small tables). */
    private static final NameTable NAMES = NameTable.of("local_time", "block_time", "block_number", "events", "time",
            "user", "hash", "builder", "status", "order", "coin", "side", "limitPx", "sz", "oid", "timestamp",
            "triggerCondition", "isTrigger", "triggerPx", "children", "isPositionTpsl", "reduceOnly", "orderType",
            "origSz", "tif", "cloid");

    private static final byte[] TAB = {'\t'};

    private byte[] data;
    private int[] starts;
    private int[] lengths;
    private int lineCount;
    private int next;

    private final FastJsonCursor cursor = new FastJsonCursor();
    private final RecordWriter out = new RecordWriter(1 << 12);
    private final JsonFactory factory = new JsonFactory();
    private final LineParser fastFirst = new LineParser(new FastJsonCursor());
    private final LineParser referenceOnly = new LineParser();
    private JsonParser nonBlocking;
    private ByteArrayFeeder feeder;

    @Setup(Level.Trial)
    public void generate() throws IOException {
        data = NodeLines.generate(NodeLines.Shape.STREAMING, DATA_BYTES, NodeLines.SEED);
        LineIndex index = LineIndex.of(data);
        starts = index.starts();
        lengths = index.lengths();
        lineCount = starts.length;
        nonBlocking = factory.createNonBlockingByteArrayParser();
        feeder = (ByteArrayFeeder) nonBlocking.getNonBlockingInputFeeder();

        // Every generated line must be one the fast cursor reads itself, or the numbers mean nothing.
        int deferred = 0;
        for (int i = 0; i < lineCount; i++) {
            try {
                fastTokens(null);
            } catch (DeferToReference e) {
                deferred++;
            }
        }
        if (deferred != 0) {
            throw new IllegalStateException(deferred + " of " + lineCount + " lines deferred");
        }
        // And every line must become records, with either parser.
        for (int i = 0; i < 2 * lineCount; i++) {
            if ((i < lineCount ? lineParserFast(null) : lineParserReference(null)) < 0) {
                throw new IllegalStateException("line " + i % lineCount + " became a dead letter");
            }
        }
        System.out.printf("%n%,d streaming lines, %,.0f bytes a line%n", lineCount, (double) index.framedBytes() / lineCount);
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        nonBlocking.close();
    }

    @Benchmark
    public int fastTokens(ThroughputCounters counters) {
        int line = nextLine(counters);
        FastJsonCursor c = cursor;
        c.begin(data, starts[line], lengths[line]);
        int tokens = 0;
        int depth = 0;
        do {
            int token = c.next();
            tokens++;
            if (token == JsonCursor.START_OBJECT || token == JsonCursor.START_ARRAY) {
                depth++;
            } else if (token == JsonCursor.END_OBJECT || token == JsonCursor.END_ARRAY) {
                depth--;
            }
        } while (depth > 0);
        c.finish();
        return tokens;
    }

    @Benchmark
    public long fastExtractLike(ThroughputCounters counters) {
        int line = nextLine(counters);
        FastJsonCursor c = cursor;
        RecordWriter records = out;
        records.reset();
        records.beginRecord(RecordType.ORDER_STATUS, 0, starts[line]);
        c.begin(data, starts[line], lengths[line]);
        long sum = 0;
        int depth = 0;
        do {
            switch (c.next()) {
                case JsonCursor.START_OBJECT:
                case JsonCursor.START_ARRAY:
                    depth++;
                    break;
                case JsonCursor.END_OBJECT:
                case JsonCursor.END_ARRAY:
                    depth--;
                    break;
                case JsonCursor.FIELD_NAME:
                    sum += c.nameIndex(NAMES);
                    break;
                case JsonCursor.STRING:
                case JsonCursor.NUMBER_FLOAT:
                    c.writeText(records, Field.COIN);
                    break;
                case JsonCursor.NUMBER_INT:
                    sum += c.longValue();
                    break;
                default:
                    sum++;
                    break;
            }
        } while (depth > 0);
        c.finish();
        records.endRecord();
        return sum + records.length();
    }

    /** The whole parse of a line into order-status records, fast cursor first, as the engine runs it. */
    @Benchmark
    public int lineParserFast(ThroughputCounters counters) {
        return parseLine(fastFirst, counters);
    }

    /** The same with the Jackson reference cursor alone. */
    @Benchmark
    public int lineParserReference(ThroughputCounters counters) {
        return parseLine(referenceOnly, counters);
    }

    private int parseLine(LineParser parser, ThroughputCounters counters) {
        int line = nextLine(counters);
        RecordWriter records = out;
        records.reset();
        DeadLetterReason rejected = parser.parse(NodeStream.ORDER_STATUSES, data, starts[line], lengths[line], 0,
                starts[line], records);
        return rejected == null ? records.length() : -1;
    }

    @Benchmark
    public int jacksonTokens(ThroughputCounters counters) throws IOException {
        int line = nextLine(counters);
        int tokens = 0;
        try (JsonParser parser = factory.createParser(data, starts[line], lengths[line])) {
            while (parser.nextToken() != null) {
                tokens++;
            }
        }
        return tokens;
    }

    @Benchmark
    public int jacksonNonBlockingTokens(ThroughputCounters counters) throws IOException {
        int line = nextLine(counters);
        feeder.feedInput(data, starts[line], starts[line] + lengths[line]);
        int tokens = 0;
        JsonToken token;
        while ((token = nonBlocking.nextToken()) != JsonToken.NOT_AVAILABLE) {
            tokens++;
        }
        // The tab ends the root value for the parser, as in the reference cursor.
        feeder.feedInput(TAB, 0, 1);
        while (nonBlocking.nextToken() != JsonToken.NOT_AVAILABLE) {
            tokens++;
        }
        return tokens + (token == null ? 1 : 0);
    }

    private int nextLine(ThroughputCounters counters) {
        int line = next;
        next = line + 1 == lineCount ? 0 : line + 1;
        if (counters != null) {
            counters.lines++;
            counters.bytes += lengths[line];
        }
        return line;
    }
}
