package io.snapline.bench.memory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The resident set from {@code /proc/self/status}, split the way Linux counts it: anonymous
 * memory (heap, thread stacks, malloc, direct buffers) and file-backed pages mapped into the
 * process (the Chronicle Queue's mapped blocks, the JDK's own files). File-backed pages are the
 * page cache's, shared and reclaimable; anonymous pages are the process's own. All in bytes,
 * -1 where unknown (not Linux).
 */
record ProcStatus(long rss, long rssAnon, long rssFile) {

    private static final Path STATUS = Path.of("/proc/self/status");
    static final ProcStatus UNKNOWN = new ProcStatus(-1, -1, -1);

    static ProcStatus read() {
        long rss = -1;
        long anon = -1;
        long file = -1;
        try {
            for (String line : Files.readAllLines(STATUS, StandardCharsets.US_ASCII)) {
                if (line.startsWith("VmRSS:")) {
                    rss = kilobytes(line) * 1024;
                } else if (line.startsWith("RssAnon:")) {
                    anon = kilobytes(line) * 1024;
                } else if (line.startsWith("RssFile:")) {
                    file = kilobytes(line) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            return UNKNOWN;
        }
        return new ProcStatus(rss, anon, file);
    }

    /** {@code "RssAnon:\t  123456 kB"} to 123456. */
    private static long kilobytes(String line) {
        String value = line.substring(line.indexOf(':') + 1).trim();
        int space = value.indexOf(' ');
        return Long.parseLong(space < 0 ? value : value.substring(0, space));
    }
}
