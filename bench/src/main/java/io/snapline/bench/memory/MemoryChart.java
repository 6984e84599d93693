package io.snapline.bench.memory;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * One PNG per run, four panels over the same seconds: the heap (after GC and used, with the heap
 * limit and the 32 MiB target), the resident set (total, anonymous, file-backed), lines (each row's
 * largest and median batch, the old design's batch in progress, lines held between reading and
 * writing, the batch cap) and throughput. Rendered by XChart without a display
 * ({@code java.awt.headless=true}).
 */
final class MemoryChart {

    private static final int WIDTH = 1000;
    private static final int PANEL_HEIGHT = 300;
    private static final double MIB = 1048576.0;
    static final long HEAP_TARGET_BYTES = 32L << 20;

    private MemoryChart() {
    }

    /**
     * @param title    what ran: design, layout, backlog, heap
     * @param maxHeap  the JVM's heap limit in bytes
     * @param batchCap the most lines a batch may hold, or -1
     */
    static void write(Path png, String title, List<Sample> samples, long maxHeap, long batchCap) throws IOException {
        double[] t = series(samples, Sample::seconds);
        double end = t.length == 0 ? 1 : Math.max(1, t[t.length - 1]);

        XYChart heap = panel(title, "heap MiB", end);
        add(heap, "heap after GC", t, series(samples, s -> mib(s.heapAfterGc())), new Color(0xD62728), false);
        add(heap, "heap used", t, series(samples, s -> mib(s.heapUsed())), new Color(0xFF9896), false);
        add(heap, "heap limit (-Xmx)", new double[]{0, end}, new double[]{maxHeap / MIB, maxHeap / MIB},
                Color.DARK_GRAY, true);
        add(heap, "target: heap after GC ≤ 32 MiB", new double[]{0, end},
                new double[]{HEAP_TARGET_BYTES / MIB, HEAP_TARGET_BYTES / MIB}, new Color(0x2CA02C), true);

        XYChart rss = panel("Resident set (file-backed = mapped queue and JDK files, in the page cache)", "RSS MiB",
                end);
        add(rss, "RSS", t, series(samples, s -> mib(s.rss().rss())), new Color(0x1F77B4), false);
        add(rss, "RSS anonymous", t, series(samples, s -> mib(s.rss().rssAnon())), new Color(0xFF7F0E), false);
        add(rss, "RSS file-backed", t, series(samples, s -> mib(s.rss().rssFile())), new Color(0xAEC7E8), false);

        XYChart lines = panel("Lines per batch (largest and median since the previous point) and lines held in memory",
                "lines", end);
        add(lines, "largest batch", t, series(samples, s -> count(s.batches().max())), new Color(0x9467BD), false);
        add(lines, "median batch", t, series(samples, s -> count(s.batches().p50())), new Color(0xC5B0D5), false);
        add(lines, "batch being processed", t, series(samples, s -> count(s.batchInProgress())),
                new Color(0xE377C2), false);
        add(lines, "lines held (read, not yet written)", t, series(samples, s -> s.heldLines()),
                new Color(0x8C564B), false);
        if (batchCap > 0) {
            add(lines, "batch cap (lines)", new double[]{0, end}, new double[]{batchCap, batchCap}, Color.DARK_GRAY, true);
        }

        XYChart speed = panel("Throughput", "lines/s", end);
        add(speed, "lines read/s", t, series(samples, Sample::linesReadPerSecond), new Color(0x17BECF), false);
        add(speed, "lines written/s", t, series(samples, Sample::linesWrittenPerSecond), new Color(0x1F77B4), false);

        BitmapEncoder.saveBitmap(List.of(heap, rss, lines, speed), 4, 1, png.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    private static XYChart panel(String title, String yTitle, double end) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(PANEL_HEIGHT).title(title)
                .xAxisTitle("seconds since start").yAxisTitle(yTitle).build();
        XYStyler styler = chart.getStyler();
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setLegendPosition(Styler.LegendPosition.OutsideE);
        styler.setLegendBorderColor(Color.WHITE);
        styler.setPlotGridLinesColor(new Color(0xE0E0E0));
        styler.setChartTitleBoxVisible(false);
        styler.setYAxisMin(0.0);
        styler.setXAxisMin(0.0);
        styler.setXAxisMax(end); // the same time axis in every panel
        styler.setXAxisDecimalPattern("#,##0.#");
        styler.setYAxisDecimalPattern("#,##0");
        return chart;
    }

    /** Adds a series unless it has no known value at all (XChart cannot scale an all-NaN series). */
    private static void add(XYChart chart, String name, double[] x, double[] y, Color color, boolean dashed) {
        boolean any = false;
        for (double v : y) {
            any |= !Double.isNaN(v);
        }
        if (!any) {
            return;
        }
        XYSeries series = chart.addSeries(name, x, y);
        series.setLineColor(color);
        series.setMarkerColor(color);
        series.setMarker(dashed || x.length > 120 ? SeriesMarkers.NONE : SeriesMarkers.CIRCLE);
        series.setLineStyle(dashed ? SeriesLines.DASH_DASH : SeriesLines.SOLID);
    }

    private static double[] series(List<Sample> samples, ToDoubleFunction<Sample> value) {
        double[] out = new double[samples.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = value.applyAsDouble(samples.get(i));
        }
        return out;
    }

    private static double mib(long bytes) {
        return bytes < 0 ? Double.NaN : bytes / MIB;
    }

    private static double count(long value) {
        return value < 0 ? Double.NaN : value;
    }
}
