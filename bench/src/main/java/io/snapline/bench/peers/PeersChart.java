package io.snapline.bench.peers;

import io.snapline.bench.peers.PeersReport.Row;

import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * The table as an SVG chart, written by hand (bars and text need no plotting library): three
 * panels of horizontal bars, one bar per peer at its median with a whisker from min to max,
 * Snapline's bar in its own colour.
 */
final class PeersChart {

    private static final int WIDTH = 860;
    private static final int LABEL = 170;
    private static final int BAR_AREA = 560;
    private static final int BAR = 18;
    private static final int PITCH = 26;
    private static final int TITLE = 28;

    private PeersChart() {
    }

    static String svg(PeersReport report, String caption) {
        List<Row> rows = report.rows();
        int panel = TITLE + rows.size() * PITCH + 14;
        int height = 40 + 3 * panel + 38;
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\""
                + " viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"13\">%n", WIDTH, height, WIDTH, height));
        svg.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", WIDTH, height));
        svg.append(text(10, 24, "What a user sees: draining the same backlog, whole process (median, min-max)", 15, "bold"));
        int y = 40;
        y = panel(svg, rows, y, "lines per second (more is better)", Row::linesPerSecond, v -> String.format(Locale.ROOT, "%,.0fK", v / 1e3));
        y = panel(svg, rows, y, "CPU microseconds per line, user + system (less is better)", Row::cpuMicrosPerLine,
                v -> String.format(Locale.ROOT, "%.2f us", v));
        y = panel(svg, rows, y, "peak RSS, MiB (less is better)", Row::peakRssMib, v -> String.format(Locale.ROOT, "%.0f MiB", v));
        // Two lines, split at the "; " nearest the middle, so a long caption fits the width.
        int cut = caption.length() / 2;
        int split = caption.lastIndexOf("; ", cut) < 0 ? caption.indexOf("; ", cut) : caption.lastIndexOf("; ", cut);
        if (split < 0) {
            svg.append(text(10, y + 14, caption, 11, "normal"));
        } else {
            svg.append(text(10, y + 14, caption.substring(0, split + 1), 11, "normal"));
            svg.append(text(10, y + 28, caption.substring(split + 2), 11, "normal"));
        }
        svg.append("</svg>\n");
        return svg.toString();
    }

    private static int panel(StringBuilder svg, List<Row> rows, int top, String title, Function<Row, Spread> value,
            Function<Double, String> label) {
        svg.append(text(10, top + 18, title, 13, "bold"));
        double max = rows.stream().mapToDouble(r -> value.apply(r).max()).max().orElse(1);
        double scale = BAR_AREA / (max <= 0 ? 1 : max);
        int y = top + TITLE;
        for (int i = 0; i < rows.size(); i++) {
            Row row = rows.get(i);
            Spread s = value.apply(row);
            String colour = i == 0 ? "#1f77b4" : "#9aa5b1";
            svg.append(text(10, y + 14, row.peer().name(), 13, "normal"));
            svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\"/>%n",
                    LABEL, y, s.median() * scale, BAR, colour));
            double x1 = LABEL + s.min() * scale;
            double x2 = LABEL + s.max() * scale;
            int mid = y + BAR / 2;
            svg.append(String.format(Locale.ROOT, "<path d=\"M%.1f %dH%.1fM%.1f %dV%dM%.1f %dV%d\" stroke=\"black\""
                    + " stroke-width=\"1.5\" fill=\"none\"/>%n", x1, mid, x2, x1, mid - 5, mid + 5, x2, mid - 5, mid + 5));
            svg.append(text((int) Math.ceil(x2) + 8, y + 14, label.apply(s.median()), 12, "normal"));
            y += PITCH;
        }
        return top + TITLE + rows.size() * PITCH + 14;
    }

    private static String text(int x, int y, String content, int size, String weight) {
        String escaped = content.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
        return String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"%d\" font-weight=\"%s\">%s</text>%n", x, y,
                size, weight, escaped);
    }
}
