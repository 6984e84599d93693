package io.snapline.bench.memory;

import io.snapline.tailer.NodeLayout;

import java.nio.file.Path;
import java.util.Locale;

/**
 * The command line of {@link MemoryRun}.
 *
 * @param backlogGb      backlog size in GB (10^9 bytes) of generated order-status lines
 * @param layout         streaming (one event a line) or by-block (one block of many events a line)
 * @param design         which design drains it
 * @param out            output prefix: {@code <out>.csv} and {@code <out>.png}
 * @param workDir        where the backlog and the queue go; null for a temporary directory that is
 *                       deleted afterwards. A given directory keeps the backlog for the next run
 * @param eventsPerBlock events in one by-block line (8,000 make lines of about 5 MB)
 * @param ringSlots      the engine's ring slots; 0 for the engine's default
 * @param slabKib        the engine's slab per slot in KiB; 0 for the engine's default
 * @param maxLineMib     the tailer's maximum line length in MiB (it sizes the queue's blocks); 0 for the default
 * @param timeoutSeconds the run gives up after this long
 * @param gcEveryPercent a full collection each time this much more of the backlog is written, and
 *                       at the end, so heap after GC is fresh; 0 for none
 * @param intervalMillis one row every this many milliseconds (1000; the old design dies within
 *                       about a second of a backlog, so its runs use 100 to show how)
 */
record RunOptions(double backlogGb, NodeLayout layout, Design design, Path out, Path workDir, int eventsPerBlock,
                  int ringSlots, int slabKib, int maxLineMib, long timeoutSeconds, long intervalMillis, int gcEveryPercent) {

    enum Design {
        SNAPLINE, BASELINE;

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    static final String USAGE = String.join("\n",
            "usage: MemoryRun --out <prefix> [--backlog-gb 5] [--layout streaming|by-block]",
            "                 [--design snapline|baseline] [--work-dir <dir>] [--events-per-block 8000]",
            "                 [--ring-slots <power of two>] [--slab-kib <KiB>] [--max-line-mib <MiB>]",
            "                 [--timeout-s 3600] [--interval-ms 1000]",
            "                 [--gc-every-pct 10]",
            "Writes <prefix>.csv (one row a second) and <prefix>.png. Run it with -Xmx128m and the",
            "Chronicle flags of the parent pom.");

    static RunOptions parse(String[] args) {
        double gb = 5;
        NodeLayout layout = NodeLayout.STREAMING;
        Design design = Design.SNAPLINE;
        Path out = null;
        Path workDir = null;
        int events = 8000;
        int slots = 0;
        int slabKib = 0;
        int maxLineMib = 0;
        long timeout = 3600;
        long interval = 1000;
        int gcEvery = 10;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("missing value after " + arg);
            }
            String value = args[++i];
            switch (arg) {
                case "--backlog-gb" -> gb = Double.parseDouble(value);
                case "--layout" -> layout = switch (value) {
                    case "streaming" -> NodeLayout.STREAMING;
                    case "by-block" -> NodeLayout.BY_BLOCK;
                    default -> throw new IllegalArgumentException("--layout is streaming or by-block; got " + value);
                };
                case "--design" -> design = switch (value) {
                    case "snapline" -> Design.SNAPLINE;
                    case "baseline" -> Design.BASELINE;
                    default -> throw new IllegalArgumentException("--design is snapline or baseline; got " + value);
                };
                case "--out" -> out = Path.of(value);
                case "--work-dir" -> workDir = Path.of(value);
                case "--events-per-block" -> events = Integer.parseInt(value);
                case "--ring-slots" -> slots = Integer.parseInt(value);
                case "--slab-kib" -> slabKib = Integer.parseInt(value);
                case "--max-line-mib" -> maxLineMib = Integer.parseInt(value);
                case "--timeout-s" -> timeout = Long.parseLong(value);
                case "--interval-ms" -> interval = Long.parseLong(value);
                case "--gc-every-pct" -> gcEvery = Integer.parseInt(value);
                default -> throw new IllegalArgumentException("unknown option " + arg);
            }
        }
        if (out == null) {
            throw new IllegalArgumentException("--out is required");
        }
        if (!(gb > 0)) {
            throw new IllegalArgumentException("--backlog-gb must be positive; got " + gb);
        }
        if (interval < 10) {
            throw new IllegalArgumentException("--interval-ms must be at least 10; got " + interval);
        }
        if (gcEvery < 0 || gcEvery > 100) {
            throw new IllegalArgumentException("--gc-every-pct is 0..100; got " + gcEvery);
        }
        return new RunOptions(gb, layout, design, out, workDir, events, slots, slabKib, maxLineMib, timeout, interval, gcEvery);
    }

    String layoutLabel() {
        return layout == NodeLayout.BY_BLOCK ? "by-block" : "streaming";
    }

    long backlogBytes() {
        return (long) (backlogGb * 1e9);
    }
}
