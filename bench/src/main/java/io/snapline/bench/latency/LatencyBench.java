package io.snapline.bench.latency;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code make bench-latency}: append-to-visible latency of the Snapline JAR at fixed rates, line
 * by line and in 8 KiB chunks, for one or more JARs run side by side (interleaved: round after
 * round, every JAR at every rate, so load from elsewhere on the machine falls on all alike).
 * Prints each run, then medians and the spread over the runs ({@link LatencyReport}).
 */
public final class LatencyBench {

    static final String USAGE = String.join("\n",
            "usage: LatencyBench [--jar label=path]... [--rates 1000,20000,200000] [--modes chunked,line]",
            "                    [--warmup-s 5] [--measure-s 10] [--runs 3] [--idle-s 30] [--work-dir <dir>]",
            "Default jar: branch=sidecar/target/snapline.jar. --idle-s 0 skips the idle CPU runs.",
            "Run it with the Chronicle flags of the parent pom (make bench-latency does).");

    private LatencyBench() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        Map<String, Path> jars = new LinkedHashMap<>();
        List<Integer> rates = List.of(1_000, 20_000, 200_000);
        List<WriteMode> modes = List.of(WriteMode.CHUNKED, WriteMode.LINE);
        Duration warmup = Duration.ofSeconds(5);
        Duration measured = Duration.ofSeconds(10);
        int runs = 3;
        Duration idle = Duration.ofSeconds(30);
        Path workDir = Path.of(System.getProperty("java.io.tmpdir"), "snapline-latency");
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--jar" -> {
                    int eq = required(args[i], value).indexOf('=');
                    if (eq < 1) {
                        throw usage("--jar: expected label=path, got '" + value + "'");
                    }
                    jars.put(value.substring(0, eq), Path.of(value.substring(eq + 1)));
                }
                case "--rates" -> rates = integers(args[i], required(args[i], value));
                case "--modes" -> {
                    List<WriteMode> parsed = new ArrayList<>();
                    for (String mode : required(args[i], value).split(",")) {
                        parsed.add(WriteMode.parse(mode.trim()));
                    }
                    modes = parsed;
                }
                case "--warmup-s" -> warmup = Duration.ofSeconds(integers(args[i], required(args[i], value)).get(0));
                case "--measure-s" -> measured = Duration.ofSeconds(integers(args[i], required(args[i], value)).get(0));
                case "--runs" -> runs = integers(args[i], required(args[i], value)).get(0);
                case "--idle-s" -> idle = Duration.ofSeconds(integers(args[i], required(args[i], value)).get(0));
                case "--work-dir" -> workDir = Path.of(required(args[i], value));
                default -> throw usage("unknown option " + args[i]);
            }
            i++;
        }
        if (rates.contains(0) || runs < 1) {
            throw usage("--rates: every rate at least 1 line/s, and --runs at least 1");
        }
        if (jars.isEmpty()) {
            jars.put("branch", Path.of("sidecar/target/snapline.jar"));
        }
        for (Map.Entry<String, Path> jar : jars.entrySet()) {
            if (!Files.isRegularFile(jar.getValue())) {
                throw usage("--jar " + jar.getKey() + ": no file at " + jar.getValue());
            }
        }
        Files.createDirectories(workDir);
        LinePool pool = LinePool.generate(workDir, 100_000);
        System.out.printf(Locale.ROOT, "line pool: %,d real-shaped streaming order statuses, %.0f B a line; "
                + "%d cores; load average at start %s%n", pool.size(), pool.meanLineBytes(),
                Runtime.getRuntime().availableProcessors(), LatencyReport.loadAverage());
        LatencyRun run = new LatencyRun(workDir, pool);
        LatencyReport report = new LatencyReport();
        for (int round = 1; round <= runs; round++) {
            for (WriteMode mode : modes) {
                for (int rate : rates) {
                    for (Map.Entry<String, Path> jar : jars.entrySet()) {
                        LatencyRun.Result result = run.measure(jar.getKey(), jar.getValue(), mode, rate, warmup, measured);
                        report.add(result);
                        System.out.println("round " + round + ": " + LatencyReport.line(result));
                    }
                }
            }
            if (!idle.isZero()) {
                for (Map.Entry<String, Path> jar : jars.entrySet()) {
                    double cpu = run.idleCpu(jar.getValue(), Duration.ofSeconds(5), idle);
                    report.addIdle(jar.getKey(), cpu);
                    System.out.printf(Locale.ROOT, "round %d: %s idle %ds: %.2f%% of a core%n", round, jar.getKey(),
                            idle.toSeconds(), cpu * 100);
                }
            }
        }
        System.out.println();
        System.out.println(report.table());
        System.out.println("load average at end " + LatencyReport.loadAverage());
    }

    private static String required(String option, String value) {
        if (value == null) {
            throw usage(option + ": a value is expected");
        }
        return value;
    }

    private static List<Integer> integers(String option, String value) {
        List<Integer> list = new ArrayList<>();
        for (String part : value.split(",")) {
            try {
                int parsed = Integer.parseInt(part.trim());
                if (parsed < 0) {
                    throw usage(option + ": expected a number of 0 or more, got " + part);
                }
                list.add(parsed);
            } catch (NumberFormatException e) {
                throw usage(option + ": expected a whole number, got '" + part + "'");
            }
        }
        return list;
    }

    private static IllegalArgumentException usage(String message) {
        return new IllegalArgumentException(message + "\n" + USAGE);
    }
}
