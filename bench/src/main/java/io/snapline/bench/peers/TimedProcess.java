package io.snapline.bench.peers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs one command as a child under GNU {@code /usr/bin/time}, which takes wall time, user and
 * system CPU and the peak RSS from the kernel's accounting of the child at its exit (wait4), so
 * nothing is sampled and nothing is missed between samples. The child's stdout and stderr go to
 * files in its run directory; the lines it read are taken from the last stdout line that names
 * them ({@code N lines}, or Snapline's {@code N lines durable}).
 */
final class TimedProcess {

    static final Path TIME = Path.of("/usr/bin/time");
    private static final Pattern LINES = Pattern.compile("([0-9][0-9,]*) lines");

    private TimedProcess() {
    }

    static void requireTime() {
        if (!Files.isExecutable(TIME)) {
            throw new IllegalStateException(TIME + ": not found; the peers benchmark needs GNU time to measure"
                    + " each child's CPU and peak RSS (apt-get install time)");
        }
    }

    static RunResult run(String peer, int round, List<String> command, Path runDir) throws IOException,
            InterruptedException {
        Files.createDirectories(runDir);
        Path times = runDir.resolve("time.txt");
        Path out = runDir.resolve("stdout.txt");
        Path err = runDir.resolve("stderr.txt");
        List<String> timed = new ArrayList<>(List.of(TIME.toString(), "-f", "%e %U %S %M", "-o", times.toString()));
        timed.addAll(command);
        Process process = new ProcessBuilder(timed).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        int exit = process.waitFor();
        if (exit != 0) {
            throw new IllegalStateException(peer + " exited " + exit + "; see " + err);
        }
        List<String> measured = Files.readAllLines(times);
        String[] f = measured.get(measured.size() - 1).trim().split(" ");
        return new RunResult(peer, round, Double.parseDouble(f[0]), Double.parseDouble(f[1]), Double.parseDouble(f[2]),
                Long.parseLong(f[3]), linesRead(peer, out));
    }

    private static long linesRead(String peer, Path out) throws IOException {
        List<String> lines = Files.readAllLines(out);
        for (int i = lines.size() - 1; i >= 0; i--) {
            Matcher m = LINES.matcher(lines.get(i));
            if (m.find()) {
                return Long.parseLong(m.group(1).replace(",", ""));
            }
        }
        throw new IllegalStateException(peer + " did not say how many lines it read; see " + out);
    }
}
