package io.snapline.bench.memory;

import io.micrometer.core.instrument.MeterRegistry;
import io.snapline.bench.Trees;
import io.snapline.sidecar.ops.MemoryWatchdog;
import io.snapline.tailer.NodeLayout;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.ToLongFunction;

/**
 * A long memory run: a generated backlog of order-status files drained by one design, the
 * engine or the old list-buffer design ({@code io.snapline.bench.baseline}), sampled once a
 * second (or every {@code --interval-ms}): heap after GC, heap used, RSS, the largest and median
 * batch since the last row, lines held, ring occupancy and lines per second. Writes {@code <out>.csv} and {@code <out>.png}, prints
 * a summary against the targets, and exits 0 when the backlog drained, 1 when the design died
 * (an OutOfMemoryError is caught, recorded as the run's last row, and reported), 2 on bad usage.
 *
 * <p>Meant to run with a small heap and the Chronicle flags of the parent pom, which the bench
 * build writes as a {@code java @argfile}:
 * <pre>
 * java -Xmx128m @bench/target/classes/io/snapline/bench/chronicle-jvm.args \
 *     -cp bench/target/benchmarks.jar io.snapline.bench.memory.MemoryRun \
 *     --backlog-gb 5 --layout streaming --design snapline --out docs/img/memory-snapline-streaming
 * </pre>
 *
 * <p>The heap is read through the sidecar's {@link MemoryWatchdog} (limits off, so it never
 * holds anything back), which takes heap after GC from the last collection's {@code GcInfo}; it
 * samples every 200 ms (or half the row interval if shorter), so a row's heap is at most that old. RSS, split into anonymous and
 * file-backed pages, is read from {@code /proc/self/status} at the row's instant
 * ({@link ProcStatus}). Because G1 collects rarely when next to nothing is allocated, the run asks
 * for a full collection each time another {@code --gc-every-pct} (10) percent of the backlog is
 * written, and once more when it is drained, so heap after GC is measured at least that often.
 */
public final class MemoryRun {

    static final long RSS_GROWTH_TARGET_BYTES = 10L << 20;

    private final RunOptions options;
    private final PrintStream out;

    private MemoryRun(RunOptions options, PrintStream out) {
        this.options = options;
        this.out = out;
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("java.awt.headless", "true");
        RunOptions options;
        try {
            options = RunOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("MemoryRun: " + e.getMessage());
            System.err.println(RunOptions.USAGE);
            System.exit(2);
            return;
        }
        System.exit(new MemoryRun(options, System.out).run());
    }

    /** What {@link #measure} saw. */
    private record Outcome(List<Sample> samples, boolean drained, String end, long largestBatch, long batchCap,
                           String ringShape) {
    }

    private int run() throws IOException {
        boolean temporary = options.workDir() == null;
        Path work = temporary ? Files.createTempDirectory("snapline-memory-run") : options.workDir();
        Files.createDirectories(work);
        try {
            Backlog backlog = Backlog.prepare(work, options.layout(), options.backlogBytes(), options.eventsPerBlock(),
                    out);
            Path queue = work.resolve("queue-" + options.design().label() + "-" + options.layoutLabel());
            Trees.delete(queue);
            System.gc(); // the generator's garbage is not the design's
            Outcome outcome;
            try {
                outcome = measure(backlog, queue);
            } finally {
                Trees.delete(queue);
            }
            Path parent = options.out().toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Path csv = Path.of(options.out() + ".csv");
            Path png = Path.of(options.out() + ".png");
            SampleCsv.write(csv, outcome.samples());
            MemoryChart.write(png, title(backlog, outcome), outcome.samples(), Runtime.getRuntime().maxMemory(),
                    outcome.batchCap());
            summarize(backlog, outcome);
            out.printf("wrote %s and %s%n", csv, png);
            if (!outcome.drained()) {
                System.err.println("MemoryRun: " + options.design().label() + " did not drain the backlog: "
                        + outcome.end());
                return 1;
            }
            return 0;
        } finally {
            if (temporary) {
                Trees.delete(work);
            }
        }
    }

    private Outcome measure(Backlog backlog, Path queue) throws IOException {
        BatchSizes batches = new BatchSizes();
        BatchTeeRegistry registry = new BatchTeeRegistry(batches);
        List<Sample> samples = new ArrayList<>(8192);
        long intervalNanos = TimeUnit.MILLISECONDS.toNanos(options.intervalMillis());
        // The watchdog samples on its own thread; often enough that a row's heap is recent.
        Duration heapInterval = Duration.ofMillis(Math.min(200, options.intervalMillis() / 2));
        MemoryWatchdog memory = new MemoryWatchdog(registry, MemoryWatchdog.Limits.OFF, heapInterval);
        Subject subject = null;
        boolean closed = false;
        String end = null;
        boolean drained = false;
        OutOfMemoryError mainOutOfMemory = null;
        long largestEngineBatch = -1;
        long batchCap = -1;
        String ringShape = "";
        try {
            if (options.design() == RunOptions.Design.SNAPLINE) {
                SnaplineSubject engine = SnaplineSubject.start(backlog, queue, options, registry);
                var ring = engine.config().ring();
                ringShape = String.format(Locale.ROOT, "ring %d slots x %d KiB slab, %d lines, %d parse workers, "
                        + "max line %d MiB", ring.slots(), ring.slabBytes() >> 10, ring.maxLines(), ring.parseWorkers(),
                        engine.config().tailer().maxLineLength() >> 20);
                subject = engine;
            } else {
                subject = BaselineSubject.start(backlog, queue, batches);
            }
            batchCap = subject.batchCap();
            long started = System.nanoTime();
            long previousAt = started;
            long previousRead = 0;
            long previousWritten = 0;
            double nextGcPercent = options.gcEveryPercent();
            long drainedAt = 0;
            samples.add(new Sample(0, 0, gauge(registry, "snapline.memory.heap.after.gc"),
                    gauge(registry, "snapline.memory.heap.used"), ProcStatus.read(),
                    BatchSizes.Window.NONE, subject.batchInProgress(), 0, 0, subject.ringOccupied(), 0, 0, 0,
                    "start"));
            for (long tick = 1; ; ) {
                long due = started + tick * intervalNanos;
                boolean failed = false;
                while (System.nanoTime() - due < 0) {
                    if (subject.linesWritten() >= backlog.lines()) {
                        drained = true;
                        drainedAt = System.nanoTime();
                        break;
                    }
                    if (subject.failure() != null) {
                        failed = true;
                        break;
                    }
                    TimeUnit.MILLISECONDS.sleep(5);
                }
                if (drained && options.gcEveryPercent() > 0) {
                    measureLiveHeap(heapInterval); // the 100 % mark
                }
                // Primitives first: after a failure the heap may still be full until the design is closed.
                long now = drained ? drainedAt : System.nanoTime(); // the drained row's time excludes that GC
                long read = subject.linesRead();
                long written = subject.linesWritten();
                long inProgress = subject.batchInProgress();
                long held = subject.heldLines();
                long heldBytes = subject.heldBytes();
                long ring = subject.ringOccupied();
                long heapAfterGc = gauge(registry, "snapline.memory.heap.after.gc");
                long heapUsed = gauge(registry, "snapline.memory.heap.used");
                if (failed) {
                    closed = true;
                    closeQuietly(subject);
                    end = describe(subject.failure(), subject.failedThread());
                } else if (drained) {
                    end = "drained";
                } else if (now - started > TimeUnit.SECONDS.toNanos(options.timeoutSeconds())) {
                    end = "timeout after " + options.timeoutSeconds() + " s";
                }
                double dt = (now - previousAt) / 1e9;
                samples.add(new Sample((now - started) / 1e9, (double) written / backlog.lines(), heapAfterGc, heapUsed,
                        ProcStatus.read(), batches.drain(), inProgress, held, heldBytes, ring, (read - previousRead) / dt,
                        (written - previousWritten) / dt, written, end == null ? "" : end));
                previousAt = now;
                previousRead = read;
                previousWritten = written;
                if (end != null) {
                    break;
                }
                // The next row on the interval's grid; rows a long GC pause made late are skipped,
                // not taken back to back.
                tick = Math.max(tick + 1, (System.nanoTime() - started) / intervalNanos + 1);
                if (options.gcEveryPercent() > 0 && 100.0 * written / backlog.lines() >= nextGcPercent) {
                    System.gc(); // measured by the watchdog well before the next row
                    while (nextGcPercent <= 100.0 * written / backlog.lines()) {
                        nextGcPercent += options.gcEveryPercent();
                    }
                }
            }
        } catch (OutOfMemoryError e) {
            mainOutOfMemory = e; // this thread ran out too; nothing may be allocated until the design is closed
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            end = "interrupted";
        } finally {
            if (subject != null && !closed) {
                closeQuietly(subject); // frees what the design held, so the CSV and chart can be written
            }
            memory.close();
        }
        if (mainOutOfMemory != null) {
            Throwable first = subject == null ? null : subject.failure();
            end = first != null ? describe(first, subject.failedThread()) : describe(mainOutOfMemory, "main (the sampler)");
            drained = false;
        }
        Throwable failure = subject == null ? null : subject.failure();
        if (failure != null) {
            System.err.println("MemoryRun: " + options.design().label() + " failed:");
            failure.printStackTrace();
        }
        if (subject instanceof SnaplineSubject engine) {
            largestEngineBatch = engine.largestBatchLines();
        }
        subject = null;
        System.gc();
        if (!samples.isEmpty() && samples.get(samples.size() - 1).event().isEmpty() && end != null) {
            samples.set(samples.size() - 1, samples.get(samples.size() - 1).withEvent(end));
        }
        return new Outcome(samples, drained, end, Math.max(largestEngineBatch, batches.largest()), batchCap, ringShape);
    }

    /**
     * A full collection, then a wait until the watchdog has sampled after it: G1 collects rarely
     * when next to nothing is allocated, so without this the last collection's figure can predate
     * memory allocated since (the engine's ring, allocated at start, say).
     */
    private static void measureLiveHeap(Duration heapInterval) throws InterruptedException {
        System.gc();
        TimeUnit.MILLISECONDS.sleep(2 * heapInterval.toMillis() + 20);
    }

    private void closeQuietly(Subject subject) {
        try {
            subject.close();
        } catch (IOException | RuntimeException e) {
            out.println("closing " + options.design().label() + ": " + e);
        }
    }

    /** RSS (or a part of it) at the 20 % mark and at the end, against the growth target when drained. */
    private void rssLine(String what, List<Sample> samples, Sample at20, Sample last,
                         ToLongFunction<ProcStatus> part, boolean drained) {
        long max = samples.stream().mapToLong(s -> part.applyAsLong(s.rss())).max().orElse(-1);
        if (at20 == null) {
            out.printf(Locale.ROOT, "%s: %s MiB at the end (%.1f %% written), max %s MiB%n", what,
                    SampleCsv.mib(part.applyAsLong(last.rss())), 100 * last.progress(), SampleCsv.mib(max));
            return;
        }
        long growth = part.applyAsLong(last.rss()) - part.applyAsLong(at20.rss());
        out.printf(Locale.ROOT, "%s: %s MiB at 20 %% (t=%.0f s), %s MiB at %s, growth %.1f MiB%s; max %s MiB%n",
                what, SampleCsv.mib(part.applyAsLong(at20.rss())), at20.seconds(),
                SampleCsv.mib(part.applyAsLong(last.rss())),
                drained ? "100 %" : String.format(Locale.ROOT, "the end (%.1f %%)", 100 * last.progress()),
                growth / 1048576.0,
                drained ? " (target < 10 MiB: " + (growth < RSS_GROWTH_TARGET_BYTES ? "met" : "not met") + ")" : "",
                SampleCsv.mib(max));
    }

    private static String describe(Throwable failure, String thread) {
        String what = failure.getClass().getSimpleName();
        if (failure.getMessage() != null) {
            what += " (" + failure.getMessage() + ")";
        }
        return (what + (thread == null ? "" : " in " + thread)).replace(',', ';');
    }

    private static long gauge(MeterRegistry registry, String name) {
        double value = registry.get(name).gauge().value();
        return Double.isNaN(value) ? -1 : (long) value;
    }

    private String title(Backlog backlog, Outcome outcome) {
        String what = String.format(Locale.ROOT, "%s · %s · %.2f GB backlog · -Xmx%dm", options.design().label(),
                options.layoutLabel(), backlog.bytes() / 1e9, Runtime.getRuntime().maxMemory() >> 20);
        if (!outcome.drained() && outcome.end() != null) {
            Sample last = outcome.samples().isEmpty() ? null : outcome.samples().get(outcome.samples().size() - 1);
            String cause = outcome.end().contains("OutOfMemoryError") ? "OutOfMemoryError" : outcome.end();
            what += last == null ? " · died: " + cause
                    : String.format(Locale.ROOT, " · died at %.1f s: %s", last.seconds(), cause);
        }
        return what;
    }

    private void summarize(Backlog backlog, Outcome outcome) {
        List<Sample> samples = outcome.samples();
        out.println();
        out.printf(Locale.ROOT, "design %s, layout %s, backlog %,d bytes in %,d lines, -Xmx %d MiB%s%n",
                options.design().label(), options.layoutLabel(), backlog.bytes(), backlog.lines(),
                Runtime.getRuntime().maxMemory() >> 20, outcome.ringShape().isEmpty() ? "" : ", " + outcome.ringShape());
        if (samples.isEmpty()) {
            out.println("no samples: " + outcome.end());
            return;
        }
        Sample last = samples.get(samples.size() - 1);
        if (outcome.drained()) {
            out.printf(Locale.ROOT, "drained in %.1f s: %,.0f lines/s, %,.0f MB/s%n", last.seconds(),
                    backlog.lines() / last.seconds(), backlog.bytes() / last.seconds() / 1e6);
        } else {
            out.printf(Locale.ROOT, "NOT drained: %s at %.1f s, %.1f %% of the lines written (%,d)%n", outcome.end(),
                    last.seconds(), 100 * last.progress(), last.linesWritten());
        }
        long maxAfterGc = samples.stream().mapToLong(Sample::heapAfterGc).max().orElse(-1);
        out.printf(Locale.ROOT, "heap after GC: max %s MiB (target <= 32 MiB: %s)%n", SampleCsv.mib(maxAfterGc),
                maxAfterGc <= MemoryChart.HEAP_TARGET_BYTES && outcome.drained() ? "met" : "not met");
        Sample at20 = samples.stream().filter(s -> s.progress() >= 0.2).findFirst().orElse(null);
        rssLine("RSS", samples, at20, last, ProcStatus::rss, outcome.drained());
        rssLine("RSS anonymous", samples, at20, last, ProcStatus::rssAnon, outcome.drained());
        rssLine("RSS file-backed", samples, at20, last, ProcStatus::rssFile, outcome.drained());
        out.printf(Locale.ROOT, "largest batch: %,d lines (%s)%n", outcome.largestBatch(),
                outcome.batchCap() > 0 ? "cap " + String.format(Locale.ROOT, "%,d", outcome.batchCap()) + ": "
                        + (outcome.largestBatch() <= outcome.batchCap() ? "met" : "not met") : "no cap");
        long maxHeld = samples.stream().mapToLong(Sample::heldLines).max().orElse(0);
        out.printf(Locale.ROOT, "most lines held at a sample: %,d%n", maxHeld);
        if (options.layout() == NodeLayout.BY_BLOCK) {
            out.printf(Locale.ROOT, "by-block lines average %,.0f bytes%n", (double) backlog.bytes() / backlog.lines());
        }
    }
}
