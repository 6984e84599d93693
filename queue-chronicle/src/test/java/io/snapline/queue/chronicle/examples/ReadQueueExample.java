package io.snapline.queue.chronicle.examples;

import io.snapline.queue.chronicle.QueueRecords;
import io.snapline.records.RecordJson;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * Prints every record in a Snapline queue as one line of JSON: the example of docs/records.md.
 * ReadQueueExampleTest runs it, so the documented example keeps compiling and working.
 *
 * <pre>java -cp &lt;classpath&gt; &lt;Chronicle JVM flags&gt; io.snapline.queue.chronicle.examples.ReadQueueExample /path/to/queue</pre>
 */
public final class ReadQueueExample {

    private ReadQueueExample() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: ReadQueueExample <queue directory>");
            System.exit(2);
        }
        // Not closed: it wraps System.out, which stays open; flushed instead.
        OutputStream out = new BufferedOutputStream(System.out, 1 << 16);
        long records = print(Path.of(args[0]), out);
        out.flush();
        System.err.println(records + " records");
    }

    /** Writes each record of the queue in {@code queueDir} to {@code out}; returns how many. */
    public static long print(Path queueDir, OutputStream out) throws IOException {
        RecordJson json = new RecordJson();
        try (QueueRecords queue = QueueRecords.open(queueDir)) {
            return queue.forEachRecord(record -> {
                try {
                    json.writeLine(record, out);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
