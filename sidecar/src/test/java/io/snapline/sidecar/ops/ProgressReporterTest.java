package io.snapline.sidecar.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.snapline.testkit.Resources;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The bar, the plain lines and when each appears, driven tick by tick on a clock the test moves. */
class ProgressReporterTest {

    private static final long GIB = 1L << 30;

    private final AtomicLong read = new AtomicLong(7 * GIB); // read before the backlog: not part of it
    private final AtomicLong lag = new AtomicLong();
    private final AtomicLong lines = new AtomicLong(1_000);
    private final AtomicLong nanos = new AtomicLong(5_000_000_000L);
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    private ProgressReporter reporter(boolean terminal) {
        return new ProgressReporter(read::get, lag::get, lines::get, out, terminal,
                ProgressReporter.DEFAULT_BACKLOG_BYTES, Duration.ofSeconds(5), nanos::get, false);
    }

    private void advanceMillis(long millis) {
        nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(millis));
    }

    /** What was written since the last call. */
    private String drained() {
        String text = bytes.toString(StandardCharsets.UTF_8);
        bytes.reset();
        return text;
    }

    @Test
    void shouldDrawABarOnATerminalDuringABacklogAndEndTheLineWhenCaughtUp() {
        ProgressReporter progress = reporter(true);
        lag.set(512L << 10);
        progress.tick();
        assertEquals("", drained(), "a lag under the backlog threshold draws nothing");

        lag.set(3 * GIB);
        progress.tick();
        assertEquals("\r[..............................]   0.0%  0 B read, 3.0 GiB to go  0 lines/s  ETA --:--", drained());

        advanceMillis(10_000);
        read.addAndGet(GIB);
        lag.set(2 * GIB);
        lines.addAndGet(1_800_000);
        progress.tick();
        assertEquals("\r[##########....................]  33.3%  1.0 GiB read, 2.0 GiB to go  180k lines/s  ETA 20s",
                drained());

        advanceMillis(20_000);
        read.addAndGet(2 * GIB);
        lag.set(100);
        lines.addAndGet(3_600_000);
        progress.tick();
        String almost = drained();
        assertTrue(almost.startsWith("\r[#############################.] 100.0%  3.0 GiB read, 100 B to go"), almost);
        assertFalse(almost.endsWith("\n"), "caught up only once it lasts");
        advanceMillis(3_000);
        progress.tick();
        String done = drained();
        assertTrue(done.startsWith("\rcaught up: 3.0 GiB, 5.4M lines in 33s"), done);
        assertTrue(done.endsWith(" " + System.lineSeparator()), "the line is ended, padded over the bar: " + done);
        assertTrue(done.length() - System.lineSeparator().length() >= almost.stripTrailing().length(),
                "padded over the whole bar");

        advanceMillis(10_000);
        progress.tick();
        assertEquals("", drained(), "nothing while caught up");
        progress.close();
        assertEquals("", drained(), "no bar left open, no newline to add");
    }

    @Test
    void shouldPadOverALongerPreviousDrawAndEndAnOpenBarOnClose() {
        ProgressReporter progress = reporter(true);
        lag.set(999 * GIB);
        advanceMillis(2_000);
        progress.tick();
        String first = drained();
        lag.set(40L << 20);
        progress.tick();
        String second = drained();
        assertTrue(second.length() >= first.length(), "'" + second + "' covers '" + first + "'");
        progress.close();
        assertEquals(System.lineSeparator(), drained(), "close ends the open bar's line");
    }

    @Test
    void shouldPrintPlainLinesEveryFewSecondsWhenNotATerminalAndNothingWhenCaughtUp() {
        ProgressReporter progress = reporter(false);
        for (int i = 0; i < 20; i++) {
            progress.tick();
            advanceMillis(500);
        }
        assertEquals("", drained());

        lag.set(10 * GIB);
        for (int i = 0; i < 21; i++) { // 10 s of ticks: at 0, 5 and 10 s
            progress.tick();
            read.addAndGet(GIB / 20);
            lag.addAndGet(-GIB / 20);
            advanceMillis(500);
        }
        String plain = drained();
        assertFalse(plain.contains("\r"), "no carriage returns in a log");
        String[] printed = plain.split(System.lineSeparator());
        assertEquals(3, printed.length, plain);
        assertTrue(printed[0].startsWith("catching up:   0.0%  0 B read, 10 GiB to go"), printed[0]);
        assertEquals("catching up:   5.0%  512 MiB read, 9.5 GiB to go  0 lines/s  ETA 1m36s", printed[1]); // GIB / 20 rounds down: a hair over 95 s
        assertTrue(printed[2].startsWith("catching up:  10.0%  1.0 GiB read, 9.0 GiB to go"), printed[2]);

        lag.set(0);
        for (int i = 0; i < 8; i++) {
            progress.tick();
            advanceMillis(500);
        }
        assertEquals("caught up: 1.0 GiB, 0 lines in 13s" + System.lineSeparator(), drained());
        for (int i = 0; i < 20; i++) {
            progress.tick();
            advanceMillis(500);
        }
        assertEquals("", drained(), "nothing while caught up");
    }

    @Test
    void shouldDrawTheBarFromTheFractionDone() {
        assertEquals("..........", ProgressReporter.bar(0, 10));
        assertEquals("#####.....", ProgressReporter.bar(0.5, 10));
        assertEquals("#########.", ProgressReporter.bar(0.999, 10), "full only when done");
        assertEquals("##########", ProgressReporter.bar(1, 10));
        assertEquals("##########", ProgressReporter.bar(1.7, 10));
        assertEquals("..........", ProgressReporter.bar(-0.2, 10));
        assertEquals("..........", ProgressReporter.bar(Double.NaN, 10));
    }

    @Test
    void shouldEstimateTheTimeLeftFromTheAverageRateSoFar() {
        assertEquals(20, ProgressReporter.eta(GIB, 2 * GIB, 10));
        assertEquals(1, ProgressReporter.eta(1000, 1, 10), "rounded up: never ETA 0 with bytes left");
        assertEquals(0, ProgressReporter.eta(GIB, 0, 10));
        assertEquals(-1, ProgressReporter.eta(0, GIB, 10), "no rate yet");
        assertEquals(-1, ProgressReporter.eta(GIB, GIB, 0.5), "under a second is no rate");
    }

    @Test
    void shouldRunOnANamedDaemonThreadAndLeaveNoneOnClose() {
        Set<Thread> before = Resources.threadsNamed(ProgressReporter.THREAD_NAME);
        lag.set(3 * GIB);
        ProgressReporter progress = new ProgressReporter(read::get, lag::get, lines::get, out, false,
                ProgressReporter.DEFAULT_BACKLOG_BYTES, Duration.ofSeconds(5));
        assertTrue(Resources.await(() -> bytes.size() > 0, Duration.ofSeconds(10)), "the first plain line at once");
        assertEquals(1, Resources.newThreadsNamed(ProgressReporter.THREAD_NAME, before).size());
        assertTrue(Resources.threadsNamed(ProgressReporter.THREAD_NAME).stream().allMatch(Thread::isDaemon));
        progress.close();
        assertTrue(Resources.await(() -> Resources.newThreadsNamed(ProgressReporter.THREAD_NAME, before).isEmpty(),
                Duration.ofSeconds(10)));
    }
}
