package io.snapline.bench.memory;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** Writes a run's samples as CSV, one row per interval (a second by default); memory in MiB, empty cells where unknown. */
final class SampleCsv {

    static final String HEADER = "t_s,progress_pct,heap_after_gc_mib,heap_used_mib,rss_mib,rss_anon_mib,rss_file_mib,batch_lines_max,"
            + "batch_lines_p50,batches,batch_in_progress_lines,held_lines,held_mib,ring_occupied_slots,lines_read_per_s,"
            + "lines_written_per_s,lines_written,event";

    private SampleCsv() {
    }

    static void write(Path file, List<Sample> samples) throws IOException {
        try (Writer out = Files.newBufferedWriter(file)) {
            out.write(HEADER);
            out.write('\n');
            for (Sample s : samples) {
                out.write(String.join(",",
                        String.format(Locale.ROOT, "%.1f", s.seconds()),
                        String.format(Locale.ROOT, "%.1f", 100 * s.progress()),
                        mib(s.heapAfterGc()), mib(s.heapUsed()), mib(s.rss().rss()), mib(s.rss().rssAnon()),
                        mib(s.rss().rssFile()),
                        count(s.batches().max()), count(s.batches().p50()), Integer.toString(s.batches().batches()),
                        count(s.batchInProgress()),
                        Long.toString(s.heldLines()), mib(s.heldBytes()), count(s.ringOccupied()),
                        String.format(Locale.ROOT, "%.0f", s.linesReadPerSecond()),
                        String.format(Locale.ROOT, "%.0f", s.linesWrittenPerSecond()),
                        Long.toString(s.linesWritten()), s.event()));
                out.write('\n');
            }
        }
    }

    static String mib(long bytes) {
        return bytes < 0 ? "" : String.format(Locale.ROOT, "%.1f", bytes / 1048576.0);
    }

    private static String count(long value) {
        return value < 0 ? "" : Long.toString(value);
    }
}
