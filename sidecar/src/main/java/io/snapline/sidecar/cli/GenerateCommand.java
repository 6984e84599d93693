package io.snapline.sidecar.cli;

import io.snapline.nodegen.GeneratorOptions;
import io.snapline.nodegen.NodeFileGenerator;
import io.snapline.nodegen.NodeHour;
import io.snapline.tailer.NodeLayout;
import io.snapline.tailer.NodeStream;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.time.Duration;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code snapline generate}: synthetic node files for demos, tests and benchmarks
 * ({@link NodeFileGenerator}). Bad usage exits 2 with a message saying what is wrong; an I/O
 * failure exits 1; Ctrl-C stops after a whole line and exits 0.
 */
@Command(name = "generate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Writes realistic synthetic node output: lines of one stream in one layout, in the node's hourly "
                    + "layout DIR/<stream>[_streaming|_by_block]/hourly/YYYYMMDD/H.",
            "Deterministic: the same options and seed give the same bytes (give --start-hour, whose default is "
                    + "the current hour). Existing files are appended to, never truncated; a second run adds "
                    + "its lines after the first's (use another --seed for new events).",
        })
public final class GenerateCommand implements Callable<Integer> {

    /** How long a signal waits for the command to wind up before the exit is forced. */
    private static final Duration SIGNAL_GRACE = Duration.ofSeconds(10);

    @Spec
    CommandSpec spec;

    @Option(names = "--out", required = true, paramLabel = "DIR",
            description = "The node data root, as ~/hl/data is the node's (e.g. demo/hl/data).")
    Path out;

    @Option(names = "--stream", required = true, paramLabel = "S", completionCandidates = StreamNames.class,
            description = "One of ${COMPLETION-CANDIDATES}.")
    String stream;

    @Option(names = "--layout", required = true, paramLabel = "L",
            description = "plain (one bare event per line), streaming (one event per line in its block's envelope) "
                    + "or by-block (one block per line with all its events). node_trades: plain only.")
    String layout;

    @Option(names = "--lines", required = true, paramLabel = "N", description = "Lines to write, bad ones included.")
    long lines;

    @Option(names = "--rate", paramLabel = "R",
            description = "Hold R lines per second, each line written out within about 50 ms "
                    + "(default: as fast as possible, through a large buffer).")
    Double rate;

    @Option(names = "--bad-every", paramLabel = "K", defaultValue = "0",
            description = "Make every K-th line malformed, in turn: truncated JSON, not JSON, a required field "
                    + "missing, a field of the wrong type, invalid UTF-8 (default: none).")
    int badEvery;

    @Option(names = "--start-hour", paramLabel = "YYYYMMDD/H",
            description = "The UTC hour of the first file (default: the current hour).")
    String startHour;

    @Option(names = "--lines-per-hour", paramLabel = "M",
            description = "Move on to the next hour's file after M lines (default: all lines in the start hour).")
    Long linesPerHour;

    @Option(names = "--seed", paramLabel = "X", defaultValue = "1", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--events-per-block", paramLabel = "E", defaultValue = "50",
            description = "Events in a block: a by-block line holds E events; in the other layouts E consecutive "
                    + "lines share a block (default: ${DEFAULT-VALUE}).")
    int eventsPerBlock;

    @Override
    public Integer call() {
        GeneratorOptions options = options();
        PrintWriter stdout = spec.commandLine().getOut();
        try (ShutdownSignal signals = ShutdownSignal.interruptingCurrentThread(SIGNAL_GRACE)) {
            NodeFileGenerator generator = new NodeFileGenerator();
            long started = System.nanoTime();
            long written;
            try {
                written = generator.run(options);
            } catch (IOException e) {
                spec.commandLine().getErr().println("snapline generate: writing under " + out + " failed: " + e);
                signals.closed(1);
                return 1;
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            stdout.println(summary(generator, written, options.lines(), seconds));
            stdout.flush();
            signals.closed(0);
            return 0;
        }
    }

    private static String summary(NodeFileGenerator generator, long written, long asked, double seconds) {
        List<Path> files = generator.files();
        String where = files.size() == 1 ? files.get(0).toString()
                : files.size() + " files, " + files.get(0) + " to " + files.get(files.size() - 1);
        return String.format(Locale.ROOT, "%s %d lines (%d bytes) to %s in %.2f s",
                written < asked ? "stopped after" : "wrote", written, generator.bytesWritten(), where, seconds);
    }

    /** The options, checked; bad usage is a ParameterException, which picocli reports with exit code 2. */
    GeneratorOptions options() {
        NodeStream nodeStream;
        try {
            nodeStream = NodeStream.fromDirectoryName(stream);
        } catch (IllegalArgumentException e) {
            throw usage("--stream: " + e.getMessage());
        }
        NodeHour hour;
        try {
            hour = startHour == null ? NodeHour.current(Clock.systemUTC()) : NodeHour.parse(startHour);
        } catch (IllegalArgumentException e) {
            throw usage("--start-hour: " + e.getMessage());
        }
        if (lines < 1) {
            throw usage("--lines must be 1 or more; got " + lines);
        }
        if (rate != null && (!(rate > 0) || rate.isInfinite())) {
            throw usage("--rate must be a number of lines per second above 0; got " + rate);
        }
        if (badEvery < 0) {
            throw usage("--bad-every must be 1 or more (or 0 for no bad lines); got " + badEvery);
        }
        if (linesPerHour != null && linesPerHour < 1) {
            throw usage("--lines-per-hour must be 1 or more; got " + linesPerHour);
        }
        if (eventsPerBlock < 1 || eventsPerBlock > GeneratorOptions.MAX_EVENTS_PER_BLOCK) {
            throw usage("--events-per-block must be 1.." + GeneratorOptions.MAX_EVENTS_PER_BLOCK + "; got " + eventsPerBlock);
        }
        try {
            return new GeneratorOptions(out, nodeStream, layout(layout), lines, rate == null ? 0 : rate, badEvery, hour,
                    linesPerHour == null ? Long.MAX_VALUE : linesPerHour, seed, eventsPerBlock);
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
    }

    private NodeLayout layout(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "plain" -> NodeLayout.PLAIN;
            case "streaming" -> NodeLayout.STREAMING;
            case "by-block", "by_block" -> NodeLayout.BY_BLOCK;
            default -> throw usage("--layout: '" + name + "' is not a layout; expected plain, streaming or by-block");
        };
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    /** What {@code --stream} accepts, for its help: taken from {@link NodeStream}, never typed here. */
    static final class StreamNames implements Iterable<String> {

        @Override
        public Iterator<String> iterator() {
            return NodeStream.directoryNames().iterator();
        }
    }
}
