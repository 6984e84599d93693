package io.snapline.bench.peers;

/**
 * One whole-process run of one peer, as {@code /usr/bin/time} measured the child.
 *
 * @param peer       the peer's name
 * @param round      which interleaved round (1, 2, ...)
 * @param wallSeconds elapsed, from start to exit, JVM or interpreter start included
 * @param userSeconds CPU in user mode, every thread
 * @param sysSeconds  CPU in the kernel
 * @param peakRssKib  the child's high-water resident set (mapped queue pages included)
 * @param lines       lines the peer says it read, checked against the input
 */
record RunResult(String peer, int round, double wallSeconds, double userSeconds, double sysSeconds, long peakRssKib,
                 long lines) {

    double cpuSeconds() {
        return userSeconds + sysSeconds;
    }

    double linesPerSecond() {
        return lines / wallSeconds;
    }

    static String csvHeader() {
        return "peer,round,wall_s,user_s,sys_s,cpu_s,peak_rss_kib,lines,lines_per_s";
    }

    String csv() {
        return String.format(java.util.Locale.ROOT, "%s,%d,%.2f,%.2f,%.2f,%.2f,%d,%d,%.0f", peer, round, wallSeconds,
                userSeconds, sysSeconds, cpuSeconds(), peakRssKib, lines, linesPerSecond());
    }
}
