package io.snapline.nodegen;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;

/**
 * Writes synthetic node output files: realistic lines of one stream in one layout, in the node's
 * hourly directory layout, deterministic for a seed (same options, same bytes; the default start
 * hour is the current one, so pass one for reproducible files).
 *
 * <p>Files are appended to, never truncated: a second run adds its lines after the first run's
 * (with the same seed, the same lines again; give another seed for new events). Bad lines are
 * counted from the start of each run.
 *
 * <p>Without a rate, lines are written through a 4 MB buffer as fast as they are made. With one,
 * the run holds that many lines per second and writes each line out within about 50 ms; either
 * way only whole lines are written. A run stops early, after a whole line, when
 * {@code stopRequested} says so or its thread is interrupted (the interrupt stays set); a paced
 * run also wakes from its wait for that.
 *
 * <p>One run at a time per instance; {@link #bytesWritten()} and {@link #files()} describe the
 * last run.
 */
public final class NodeFileGenerator {

    private static final int FAST_FLUSH_BYTES = 4 << 20;
    private static final int PACED_FLUSH_BYTES = 64 << 10;
    /** A tailer should see a paced line within ~100 ms; half of that is spent here at most. */
    private static final long PACED_MAX_HOLD_NANOS = 50_000_000L;

    private long bytesWritten;
    private List<Path> files = List.of();

    /** Writes all the lines options ask for; returns how many were written. */
    public long run(GeneratorOptions options) throws IOException {
        return run(options, () -> false);
    }

    /**
     * Writes the lines options ask for, or fewer if stopped.
     *
     * @return how many lines were written
     */
    public long run(GeneratorOptions options, BooleanSupplier stopRequested) throws IOException {
        SplittableRandom random = new SplittableRandom(options.seed());
        SyntheticMarket market = new SyntheticMarket(random);
        BlockClock clock = new BlockClock(random);
        LineComposer composer = new LineComposer(options.layout(), EventWriter.of(options.stream(), market, clock),
                clock, options.eventsPerBlock());
        boolean paced = options.paced();
        Pacer pacer = paced ? new Pacer(options.linesPerSecond()) : null;
        int badEvery = options.badEvery();

        long written = 0;
        HourFileAppender appender = new HourFileAppender(options.nodeDataRoot(), options.stream(), options.layout(),
                paced ? PACED_FLUSH_BYTES : FAST_FLUSH_BYTES);
        try (appender) {
            NodeHour hour = options.startHour();
            long inHour = 0;
            enterHour(hour, appender, clock, composer, Math.min(options.linesPerHour(), options.lines()));
            while (written < options.lines()) {
                if (stopRequested.getAsBoolean() || Thread.currentThread().isInterrupted()) {
                    break;
                }
                if (inHour == options.linesPerHour()) {
                    hour = hour.next();
                    inHour = 0;
                    enterHour(hour, appender, clock, composer, Math.min(options.linesPerHour(), options.lines() - written));
                }
                if (paced && !pacer.awaitTurn(written, appender::flush, stopRequested)) {
                    break;
                }
                long lineNumber = written + 1;
                BadLine bad = BadLine.forLine(lineNumber, badEvery);
                AsciiBuffer out = appender.buffer();
                int lineStart = out.length();
                composer.append(out, bad == null ? EventDefect.NONE : bad.defect());
                if (bad != null) {
                    bad.spoil(out, lineStart, lineNumber, badEvery);
                }
                out.append('\n');
                written++;
                inHour++;
                appender.lineDone();
                if (paced) {
                    appender.flushIfHeldLongerThan(PACED_MAX_HOLD_NANOS);
                }
            }
        } finally {
            bytesWritten = appender.bytesWritten();
            files = appender.files();
        }
        return written;
    }

    private static void enterHour(NodeHour hour, HourFileAppender appender, BlockClock clock, LineComposer composer,
            long lines) throws IOException {
        appender.open(hour);
        clock.enterHour(hour, composer.blocksFor(lines));
    }

    /** Bytes the last run wrote. */
    public long bytesWritten() {
        return bytesWritten;
    }

    /** The files the last run wrote to, in order. */
    public List<Path> files() {
        return files;
    }
}
