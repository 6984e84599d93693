package io.snapline.bench.latency;

import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/** Runs grouped by mode, rate and JAR: the median of each number over the runs, and its range. */
final class LatencyReport {

    private final Map<String, List<LatencyRun.Result>> groups = new LinkedHashMap<>();
    private final Map<String, List<Double>> idle = new LinkedHashMap<>();

    void add(LatencyRun.Result result) {
        groups.computeIfAbsent(result.mode().label() + "|" + result.rate() + "|" + result.jar(),
                key -> new ArrayList<>()).add(result);
    }

    void addIdle(String jar, double cpuPerSecond) {
        idle.computeIfAbsent(jar, key -> new ArrayList<>()).add(cpuPerSecond);
    }

    static String line(LatencyRun.Result r) {
        Histogram h = r.latency();
        return String.format(Locale.ROOT, "%s %s %,d/s (held %,.0f/s): %,d measured, p50 %s p99 %s p99.9 %s max %s ms;"
                + " JAR CPU %.2f cores", r.jar(), r.mode().label(), r.rate(), r.achievedRate(), h.getTotalCount(),
                ms(h.getValueAtPercentile(50)), ms(h.getValueAtPercentile(99)), ms(h.getValueAtPercentile(99.9)),
                ms(h.getMaxValue()), r.cpuCores());
    }

    /** Markdown: one row per mode, rate and JAR; "median (min-max)" over the runs, in milliseconds. */
    String table() {
        StringBuilder out = new StringBuilder();
        out.append("| writes | rate (lines/s) | jar | runs | rate held | p50 ms | p99 ms | p99.9 ms | max ms | JAR CPU (cores) |\n");
        out.append("|---|---|---|---|---|---|---|---|---|---|\n");
        for (List<LatencyRun.Result> runs : groups.values()) {
            LatencyRun.Result first = runs.get(0);
            out.append(String.format(Locale.ROOT, "| %s | %,d | %s | %d | %s | %s | %s | %s | %s | %s |%n",
                    first.mode().label(), first.rate(), first.jar(), runs.size(),
                    spread(runs, r -> r.achievedRate(), "%,.0f"),
                    spread(runs, r -> r.latency().getValueAtPercentile(50) / 1e6, "%.3f"),
                    spread(runs, r -> r.latency().getValueAtPercentile(99) / 1e6, "%.3f"),
                    spread(runs, r -> r.latency().getValueAtPercentile(99.9) / 1e6, "%.3f"),
                    spread(runs, r -> r.latency().getMaxValue() / 1e6, "%.3f"),
                    spread(runs, r -> r.cpuCores(), "%.2f")));
        }
        if (!idle.isEmpty()) {
            out.append("\n| jar | idle CPU, % of one core |\n|---|---|\n");
            idle.forEach((jar, values) -> out.append("| ").append(jar).append(" | ")
                    .append(spread(values, v -> v * 100, "%.2f")).append(" |\n"));
        }
        return out.toString();
    }

    private static <T> String spread(List<T> runs, ToDoubleFunction<T> value, String format) {
        double[] values = runs.stream().mapToDouble(value).sorted().toArray();
        double median = values.length % 2 == 1 ? values[values.length / 2]
                : (values[values.length / 2 - 1] + values[values.length / 2]) / 2;
        String text = String.format(Locale.ROOT, format, median);
        if (values.length > 1) {
            text += String.format(Locale.ROOT, " (" + format + "-" + format + ")", values[0], values[values.length - 1]);
        }
        return text;
    }

    private static String ms(long nanos) {
        return String.format(Locale.ROOT, "%.3f", nanos / 1e6);
    }

    static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException e) {
            return "(unknown)";
        }
    }
}
