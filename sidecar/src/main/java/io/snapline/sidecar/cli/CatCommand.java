package io.snapline.sidecar.cli;

import io.snapline.queue.chronicle.QueueRecords;
import io.snapline.records.BatchView;
import io.snapline.records.RecordJson;
import io.snapline.records.RecordType;
import io.snapline.records.RecordView;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code snapline cat}: prints a queue's records as JSON lines, the record view of
 * {@link RecordJson} (node field names, decimals as the node's exact strings, source file and
 * line offset).
 *
 * <p>Exit codes: 0 at the end of the queue, when interrupted in {@code --follow} (Ctrl-C,
 * SIGTERM), and when the reader of the output goes away ({@code | head}); 1 when there is no
 * queue or a batch or record could not be read (it is skipped, with a message on stderr, and the
 * rest is printed); 2 for bad usage.
 */
@Command(name = "cat", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Prints the records of a Snapline queue as JSON lines: one object per record, with the node's "
                    + "field names, decimals as the node wrote them, and the source file and byte offset of its line.",
            "Dead letters are left out unless --dead-letters asks for them alone.",
        })
public final class CatCommand implements Callable<Integer> {

    /** How long a signal waits for the command to wind up before the exit is forced. */
    private static final Duration SIGNAL_GRACE = Duration.ofSeconds(10);

    /** How long --follow sleeps when it has caught up with the queue. */
    private static final long POLL_MILLIS = 50;
    private static final int OUTPUT_BUFFER_BYTES = 64 << 10;

    @Spec
    CommandSpec spec;

    @Option(names = "--queue", required = true, paramLabel = "DIR", description = "The engine's queue directory.")
    Path queue;

    @Option(names = "--dead-letters",
            description = "Print only the dead letters: source, offset, reason, detail, length (of the line, in bytes) "
                    + "and the line as \"line\", or as \"lineBase64\" when its bytes are not valid UTF-8.")
    boolean deadLetters;

    @Option(names = "--type", split = ",", paramLabel = "T", completionCandidates = TypeNames.class,
            description = "Print only records of these types: ${COMPLETION-CANDIDATES} "
                    + "(repeat the option or separate with commas).")
    List<String> types = new ArrayList<>();

    @Option(names = "--follow",
            description = "At the end of the queue, wait for new batches and print them as they come, until interrupted.")
    boolean follow;

    private final OutputStream stdout;
    private long unreadable;

    /** Prints to the process's standard output. */
    public CatCommand() {
        // The descriptor itself rather than System.out: a PrintStream hides a closed pipe's error.
        this(new FileOutputStream(FileDescriptor.out));
    }

    /** Prints to {@code out} (not closed, only flushed). */
    public CatCommand(OutputStream out) {
        this.stdout = out;
    }

    @Override
    public Integer call() {
        boolean[] wanted = wantedTypeCodes();
        String notAQueue = whyNotAQueue(queue);
        if (notAQueue != null) {
            spec.commandLine().getErr().println("snapline cat: no queue at " + queue + ": " + notAQueue);
            return 1;
        }
        try (ShutdownSignal signals = ShutdownSignal.interruptingCurrentThread(SIGNAL_GRACE)) {
            int code = print(wanted);
            signals.closed(code);
            return code;
        }
    }

    private int print(boolean[] wanted) {
        PrintWriter err = spec.commandLine().getErr();
        OutputStream out = new BufferedOutputStream(stdout, OUTPUT_BUFFER_BYTES);
        unreadable = 0;
        boolean interrupted = false;
        try (QueueRecords records = QueueRecords.open(queue)) {
            BatchView batch = new BatchView();
            RecordView record = new RecordView();
            RecordJson json = new RecordJson();
            // The interrupt is taken (cleared) here and given back at the end, so the queue is
            // closed by a thread that is not interrupted.
            while (!(interrupted = Thread.interrupted())) {
                if (nextBatch(records, batch, err)) {
                    while (batch.next(record)) {
                        if (wanted[record.typeCode()]) {
                            writeRecord(json, record, out, err);
                        }
                    }
                } else if (!follow) {
                    break;
                } else {
                    out.flush(); // caught up: what is printed should be seen now
                    if (!sleep()) {
                        interrupted = true;
                        break;
                    }
                }
            }
            out.flush();
        } catch (IOException e) {
            if (isClosedPipe(e)) {
                return 0; // the reader has what it wanted (| head): nothing to report
            }
            err.println("snapline cat: writing the output failed: " + e.getMessage());
            return 1;
        } catch (RuntimeException e) {
            if (interrupted || Thread.currentThread().isInterrupted()) {
                return 0; // stopped while Chronicle was reading: what was printed stands
            }
            err.println("snapline cat: reading " + queue + " failed: " + e);
            return 1;
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        return unreadable == 0 ? 0 : 1;
    }

    /** The next batch, skipping (and reporting) any that is not a well-framed batch. */
    private boolean nextBatch(QueueRecords records, BatchView batch, PrintWriter err) {
        while (true) {
            try {
                return records.nextBatch(batch);
            } catch (IllegalArgumentException e) {
                unreadable++;
                err.println("snapline cat: skipping an unreadable batch: " + e.getMessage());
            }
        }
    }

    private void writeRecord(RecordJson json, RecordView record, OutputStream out, PrintWriter err) throws IOException {
        int length;
        try {
            length = json.encode(record);
        } catch (IllegalArgumentException e) {
            unreadable++;
            err.println("snapline cat: skipping an unreadable record: " + e.getMessage());
            return;
        }
        out.write(json.buffer(), 0, length);
        out.write('\n');
    }

    private static boolean sleep() {
        try {
            Thread.sleep(POLL_MILLIS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static boolean isClosedPipe(IOException e) {
        String message = e.getMessage();
        return message != null && (message.contains("Broken pipe") || message.contains("Stream closed"));
    }

    /** Which record type codes to print; bad usage is a ParameterException (exit code 2). */
    private boolean[] wantedTypeCodes() {
        boolean[] wanted = new boolean[256];
        if (deadLetters) {
            if (!types.isEmpty()) {
                throw new ParameterException(spec.commandLine(),
                        "--type and --dead-letters cannot be combined: dead letters have no record type");
            }
            wanted[RecordType.DEAD_LETTER.code()] = true;
            return wanted;
        }
        if (types.isEmpty()) {
            // Everything but dead letters, including types newer than this reader (printed as "unknown").
            Arrays.fill(wanted, true);
            wanted[RecordType.DEAD_LETTER.code()] = false;
            return wanted;
        }
        for (String name : types) {
            wanted[typeNamed(name.trim()).code()] = true;
        }
        return wanted;
    }

    private RecordType typeNamed(String name) {
        RecordType type = RecordType.ofJsonName(name.toLowerCase(Locale.ROOT));
        if (type != null && type != RecordType.DEAD_LETTER) {
            return type;
        }
        String hint = type == RecordType.DEAD_LETTER ? " (use --dead-letters)" : "";
        throw new ParameterException(spec.commandLine(), "--type: unknown record type '" + name + "'" + hint
                + "; expected one of " + String.join(", ", new TypeNames()));
    }

    /**
     * What {@code --type} accepts, for its help and its errors: every {@link RecordType} but the
     * dead letter, which has {@code --dead-letters}. Derived, so a new type is selectable as it is.
     */
    static final class TypeNames implements Iterable<String> {

        @Override
        public Iterator<String> iterator() {
            List<String> names = new ArrayList<>();
            for (RecordType type : RecordType.values()) {
                if (type != RecordType.DEAD_LETTER) {
                    names.add(type.jsonName());
                }
            }
            return names.iterator();
        }
    }

    /** Null if {@code dir} holds a Chronicle Queue; otherwise what is wrong. */
    private static String whyNotAQueue(Path dir) {
        if (!Files.exists(dir)) {
            return "no such directory";
        }
        if (!Files.isDirectory(dir)) {
            return "not a directory";
        }
        try (Stream<Path> files = Files.list(dir)) {
            boolean queueFiles = files.map(p -> p.getFileName().toString())
                    .anyMatch(name -> name.endsWith(".cq4") || name.endsWith(".cq4t"));
            return queueFiles ? null : "the directory holds no Chronicle Queue files (has the engine run with it?)";
        } catch (IOException e) {
            return "cannot list it: " + e.getMessage();
        }
    }
}
