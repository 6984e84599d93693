package io.snapline.bench;

import io.snapline.engine.parse.FastJsonCursor;
import io.snapline.engine.parse.LineParser;
import io.snapline.records.Batch;
import io.snapline.records.BatchDocument;
import io.snapline.records.BatchView;
import io.snapline.records.RecordJson;
import io.snapline.records.RecordView;
import io.snapline.records.RecordWriter;
import io.snapline.tailer.NodeStream;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Printing records as the record view, what {@code snapline cat} does for each record:
 * {@link RecordJson#encode} into its reused buffer, no output stream. <b>One operation is one
 * record</b>, so ops/s is records/s and, with {@code -prof gc}, {@code gc.alloc.rate.norm} is
 * bytes allocated per record. The {@code bytes} counter is JSON bytes per second.
 *
 * <p>The records are what the engine makes of generated streaming order-status lines
 * ({@link NodeLines}), in one batch document of about 4 MB of lines, read in order and wrapped
 * around:
 *
 * <ul>
 *   <li>{@code order_status}: the lines as they are, one order status each: short ASCII strings,
 *       longs and decimals, the common case.
 *   <li>{@code dead_letter}: each line without its last byte, a {@code malformed_json} dead
 *       letter whose {@code line} is a long string full of quotes to escape.
 *   <li>{@code dead_letter_base64}: each line with one byte made {@code 0xFF}, an
 *       {@code invalid_utf8} dead letter printed as {@code lineBase64}.
 * </ul>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Thread)
public class RecordJsonBenchmark {

    static final int DATA_BYTES = 4 << 20;
    private static final String SOURCE = "/hl/data/node_order_statuses_streaming/hourly/20260505/17";

    @Param({"order_status", "dead_letter", "dead_letter_base64"})
    public String records;

    private final BatchView batch = new BatchView();
    private final RecordView record = new RecordView();
    private final RecordJson json = new RecordJson();

    @Setup(Level.Trial)
    public void generate() {
        byte[] data = NodeLines.generate(NodeLines.Shape.STREAMING, DATA_BYTES, NodeLines.SEED);
        LineIndex index = LineIndex.of(data);
        RecordWriter out = new RecordWriter(2 * DATA_BYTES);
        LineParser parser = new LineParser(new FastJsonCursor());
        for (int i = 0; i < index.starts().length; i++) {
            int start = index.starts()[i];
            int length = index.lengths()[i];
            switch (records) {
                case "order_status" -> { }
                case "dead_letter" -> length--;
                case "dead_letter_base64" -> data[start + length / 2] = (byte) 0xFF;
                default -> throw new IllegalArgumentException("records: " + records);
            }
            parser.parse(NodeStream.ORDER_STATUSES, data, start, length, 0, start, out);
        }
        byte[] document = BatchDocument.copyOf(new OneSource(out));
        batch.wrap(document, 0, document.length);

        // Every line must have become the record the parameter names, or the numbers mean nothing.
        long jsonBytes = 0;
        int count = 0;
        while (batch.next(record)) {
            String type = record.type().jsonName();
            if (!type.equals(records.startsWith("dead_letter") ? "dead_letter" : records)) {
                throw new IllegalStateException("record " + count + " is a " + type);
            }
            jsonBytes += json.encode(record);
            count++;
        }
        batch.rewind();
        System.out.printf("%n%s: %,d records, %,.0f JSON bytes a record%n", records, count, (double) jsonBytes / count);
    }

    @Benchmark
    public int encode(ThroughputCounters counters) {
        if (!batch.next(record)) {
            batch.rewind();
            batch.next(record);
        }
        int length = json.encode(record);
        counters.lines++;
        counters.bytes += length;
        return length;
    }

    /** The records of one RecordWriter, all from one file, as a {@link Batch}. */
    private record OneSource(RecordWriter records) implements Batch {

        @Override
        public int sourceCount() {
            return 1;
        }

        @Override
        public String sourcePath(int index) {
            return SOURCE;
        }

        @Override
        public byte[] positionsBytes() {
            return new byte[0];
        }

        @Override
        public int positionsLength() {
            return 0;
        }

        @Override
        public byte[] recordBytes() {
            return records.buffer();
        }

        @Override
        public int recordsLength() {
            return records.length();
        }

        @Override
        public int recordCount() {
            return records.recordCount();
        }
    }
}
