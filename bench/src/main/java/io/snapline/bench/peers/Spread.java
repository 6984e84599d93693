package io.snapline.bench.peers;

import java.util.Arrays;

/** Median, lowest and highest of a few measurements: what the table and the chart show. */
record Spread(double median, double min, double max) {

    static Spread of(double[] values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("no values");
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        double median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
        return new Spread(median, sorted[0], sorted[n - 1]);
    }

    /** {@code 1.23 (1.20-1.31)} with the given format for each number. */
    String format(String number) {
        return String.format(java.util.Locale.ROOT, number + " (" + number + "-" + number + ")", median, min, max);
    }
}
