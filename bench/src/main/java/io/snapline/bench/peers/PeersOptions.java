package io.snapline.bench.peers;

import java.nio.file.Path;
import java.util.Locale;

/**
 * What {@link PeersRun} is asked to do; every value checked before anything runs.
 *
 * @param inputBytes  how much input to generate (about; whole lines)
 * @param runs        runs of each peer, interleaved round by round
 * @param workDir     where the input (kept between invocations) and each run's queue go
 * @param snaplineJar the JAR users run
 * @param javaPeers   the classpath (the bench JAR) holding the Java peers
 * @param python      the Python interpreter (a real executable, not a shim, so its start is the peer's own)
 * @param pythonDir   where the Python peers are
 * @param svg         the chart to write
 * @param csv         every run, one line each
 */
record PeersOptions(long inputBytes, int runs, Path workDir, Path snaplineJar, String javaPeers, String python,
                    Path pythonDir, Path svg, Path csv) {

    static final String USAGE = "usage: PeersRun [--size 1g] [--runs 3] [--work-dir DIR] [--snapline-jar JAR]"
            + " [--bench-jar JAR_OR_CLASSPATH] [--python PYTHON3] [--python-dir DIR] [--svg FILE] [--csv FILE]";

    static PeersOptions parse(String[] args) {
        long size = 1_000_000_000L;
        int runs = 3;
        Path workDir = Path.of("/tmp/snapline-peers");
        Path snaplineJar = Path.of("sidecar/target/snapline.jar");
        String javaPeers = "bench/target/benchmarks.jar";
        String python = "python3";
        Path pythonDir = Path.of("bench/src/main/python");
        Path svg = Path.of("docs/img/peers.svg");
        Path csv = Path.of("docs/img/peers.csv");
        for (int i = 0; i < args.length; i += 2) {
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(args[i] + ": expected a value after it; " + USAGE);
            }
            String value = args[i + 1];
            switch (args[i]) {
                case "--size" -> size = size(value);
                case "--runs" -> runs = runs(value);
                case "--work-dir" -> workDir = Path.of(value);
                case "--snapline-jar" -> snaplineJar = Path.of(value);
                case "--bench-jar" -> javaPeers = value;
                case "--python" -> python = value;
                case "--python-dir" -> pythonDir = Path.of(value);
                case "--svg" -> svg = Path.of(value);
                case "--csv" -> csv = Path.of(value);
                default -> throw new IllegalArgumentException(args[i] + ": not an option; " + USAGE);
            }
        }
        return new PeersOptions(size, runs, workDir, snaplineJar, javaPeers, python, pythonDir, svg, csv);
    }

    /** {@code 1g}, {@code 500m}, {@code 2000000}: decimal units, as disk sizes and the "1 GB" are. */
    static long size(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        long unit = switch (t.isEmpty() ? ' ' : t.charAt(t.length() - 1)) {
            case 'k' -> 1_000L;
            case 'm' -> 1_000_000L;
            case 'g' -> 1_000_000_000L;
            default -> 1L;
        };
        String digits = unit == 1 ? t : t.substring(0, t.length() - 1);
        try {
            long value = Long.parseLong(digits) * unit;
            if (value >= 1_000_000) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("--size (SIZE): expected a size of at least 1m such as 1g or 500m, got " + text);
    }

    private static int runs(String text) {
        try {
            int value = Integer.parseInt(text.trim());
            if (value >= 1) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("--runs (RUNS): expected a whole number of at least 1, got " + text);
    }
}
