package io.snapline.bench.peers;

import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * The table of a run: for each peer the median and the spread (min-max) of its lines/s, wall
 * time, CPU and peak RSS, and how it compares with Snapline. A ratio is taken within each round
 * (the peer's run against Snapline's run of the same round, so both met the same load from the
 * machine's other work) and then summarised: above 1, Snapline took less.
 */
final class PeersReport {

    /** One peer's runs, summarised. */
    record Row(Peer peer, Spread linesPerSecond, Spread wall, Spread cpu, Spread cpuMicrosPerLine, Spread peakRssMib,
               Spread wallRatio, Spread cpuRatio) {
    }

    private final List<Row> rows;

    private PeersReport(List<Row> rows) {
        this.rows = rows;
    }

    /** {@code results[p][r]}: peer p's run in round r; peer 0 is Snapline. */
    static PeersReport of(List<Peer> peers, RunResult[][] results) {
        RunResult[] snapline = results[0];
        List<Row> rows = new java.util.ArrayList<>();
        for (int p = 0; p < peers.size(); p++) {
            RunResult[] runs = results[p];
            double[] wallRatio = new double[runs.length];
            double[] cpuRatio = new double[runs.length];
            for (int r = 0; r < runs.length; r++) {
                wallRatio[r] = runs[r].wallSeconds() / snapline[r].wallSeconds();
                cpuRatio[r] = runs[r].cpuSeconds() / snapline[r].cpuSeconds();
            }
            rows.add(new Row(peers.get(p), spread(runs, RunResult::linesPerSecond), spread(runs, RunResult::wallSeconds),
                    spread(runs, RunResult::cpuSeconds), spread(runs, r -> r.cpuSeconds() * 1e6 / r.lines()),
                    spread(runs, r -> r.peakRssKib() / 1024.0), Spread.of(wallRatio), Spread.of(cpuRatio)));
        }
        return new PeersReport(List.copyOf(rows));
    }

    List<Row> rows() {
        return rows;
    }

    /** A Markdown table: median (min-max) in every cell. */
    String markdown() {
        StringBuilder out = new StringBuilder();
        out.append("| peer | lines/s | wall s | CPU s (user+sys) | CPU us/line | peak RSS MiB | wall / Snapline's | CPU / Snapline's |\n");
        out.append("|---|---|---|---|---|---|---|---|\n");
        for (Row row : rows) {
            out.append("| ").append(row.peer().name())
                    .append(" | ").append(thousands(row.linesPerSecond()))
                    .append(" | ").append(row.wall().format("%.2f"))
                    .append(" | ").append(row.cpu().format("%.1f"))
                    .append(" | ").append(row.cpuMicrosPerLine().format("%.2f"))
                    .append(" | ").append(row.peakRssMib().format("%.0f"))
                    .append(" | ").append(row.wallRatio().format("%.2f"))
                    .append(" | ").append(row.cpuRatio().format("%.2f"))
                    .append(" |\n");
        }
        return out.toString();
    }

    private static String thousands(Spread s) {
        return String.format(Locale.ROOT, "%,.0fK (%,.0fK-%,.0fK)", s.median() / 1e3, s.min() / 1e3, s.max() / 1e3);
    }

    private static Spread spread(RunResult[] runs, ToDoubleFunction<RunResult> value) {
        double[] values = new double[runs.length];
        for (int i = 0; i < runs.length; i++) {
            values[i] = value.applyAsDouble(runs[i]);
        }
        return Spread.of(values);
    }
}
