package io.snapline.bench.peers;

import io.snapline.bench.Trees;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code make bench-peers}: every {@link Peer} drains the same input, whole process, in rounds
 * (each round runs every peer once, in turn, so a slow spell of the shared machine hits them all
 * alike), then the table goes to stdout and the chart and every run's numbers to files. A peer
 * that reads a different number of lines than the input holds fails the run: a fast wrong answer
 * is no result. Each run gets a fresh directory (Snapline a fresh queue), removed after it.
 */
public final class PeersRun {

    private PeersRun() {
    }

    public static void main(String[] args) throws Exception {
        PeersOptions options;
        try {
            options = PeersOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        TimedProcess.requireTime();
        run(options, System.out);
    }

    static void run(PeersOptions options, PrintStream out) throws IOException, InterruptedException {
        PeersInput input = PeersInput.prepare(options.workDir(), options.inputBytes(), out);
        input.warmPageCache();
        List<Peer> peers = Peer.all(options);
        RunResult[][] results = new RunResult[peers.size()][options.runs()];
        List<String> csv = new ArrayList<>(List.of(RunResult.csvHeader()));
        for (int round = 1; round <= options.runs(); round++) {
            for (int p = 0; p < peers.size(); p++) {
                Peer peer = peers.get(p);
                Path runDir = options.workDir().resolve("run");
                Trees.delete(runDir);
                Files.createDirectories(runDir);
                RunResult result = TimedProcess.run(peer.name(), round, peer.command().of(input, runDir), runDir);
                Trees.delete(runDir);
                if (result.lines() != input.lines()) {
                    throw new IllegalStateException(peer.name() + " read " + result.lines() + " lines; the input holds "
                            + input.lines());
                }
                results[p][round - 1] = result;
                csv.add(result.csv());
                out.printf(Locale.ROOT, "round %d/%d  %-20s %6.2f s wall  %6.1f s CPU  %5d MiB  %,9.0f lines/s%n", round,
                        options.runs(), peer.name(), result.wallSeconds(), result.cpuSeconds(), result.peakRssKib() / 1024,
                        result.linesPerSecond());
            }
        }
        PeersReport report = PeersReport.of(peers, results);
        String caption = String.format(Locale.ROOT, "%,d streaming order-status lines, %,d bytes, %d hour files; %d runs"
                + " each, interleaved; %s; %d cores; %s", input.lines(), input.bytes(), input.files().size(),
                options.runs(), Instant.now().toString().substring(0, 10), Runtime.getRuntime().availableProcessors(),
                "machine shared with other builds");
        out.println();
        out.println(caption);
        out.println();
        out.print(report.markdown());
        for (Peer peer : peers) {
            out.println("- " + peer.name() + ": " + peer.what());
        }
        write(options.svg(), PeersChart.svg(report, caption));
        write(options.csv(), String.join("\n", csv) + "\n");
        out.println("chart: " + options.svg() + "; every run: " + options.csv());
    }

    private static void write(Path file, String content) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(file, content);
    }
}
