package io.snapline.bench.peers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The arithmetic behind the table: medians, spreads, and ratios taken within each round. */
class PeersReportTest {

    @Test
    void shouldTakeTheMiddleValueOrTheMeanOfTheTwoMiddleOnesWithTheExtremes() {
        assertEquals(new Spread(2, 1, 9), Spread.of(new double[] {9, 1, 2}));
        assertEquals(new Spread(2.5, 1, 9), Spread.of(new double[] {3, 9, 1, 2}));
    }

    @Test
    void shouldCompareEachPeerWithSnaplinesRunOfTheSameRound() {
        Peer snapline = new Peer(Peer.SNAPLINE, "", (input, dir) -> List.of());
        Peer other = new Peer("other", "", (input, dir) -> List.of());
        // Round 1 is slow for both (a busy machine), round 2 fast for both: within a round the
        // other peer takes twice Snapline's time every time, which medians across rounds (4 / 3)
        // would not show.
        RunResult[][] results = {
            {run(Peer.SNAPLINE, 1, 10, 5), run(Peer.SNAPLINE, 2, 2, 4)},
            {run("other", 1, 20, 10), run("other", 2, 4, 2)},
        };
        PeersReport report = PeersReport.of(List.of(snapline, other), results);
        PeersReport.Row row = report.rows().get(1);
        assertEquals(new Spread(2, 2, 2), row.wallRatio());
        assertEquals(new Spread(1.25, 0.5, 2), row.cpuRatio());
        assertEquals(new Spread(1, 1, 1), report.rows().get(0).wallRatio());
        assertEquals(new Spread(12, 4, 20), row.wall());
        assertEquals(new Spread(6, 2, 10), row.cpu());
        assertTrue(report.markdown().contains("| other | 0K (0K-0K) | 12.00 (4.00-20.00) |"), report.markdown());
    }

    @Test
    void shouldReadSizesAndRefuseBadValuesNamingTheOption() {
        assertEquals(1_000_000_000L, PeersOptions.size("1g"));
        assertEquals(500_000_000L, PeersOptions.size("500M"));
        assertEquals(2_000_000L, PeersOptions.size("2000000"));
        PeersOptions options = PeersOptions.parse(new String[] {"--runs", "5", "--work-dir", "/w"});
        assertEquals(5, options.runs());
        assertEquals(Path.of("/w"), options.workDir());
        String tooSmall = assertThrows(IllegalArgumentException.class, () -> PeersOptions.size("10k")).getMessage();
        assertTrue(tooSmall.startsWith("--size (SIZE): expected a size of at least 1m"), tooSmall);
        String runs = assertThrows(IllegalArgumentException.class,
                () -> PeersOptions.parse(new String[] {"--runs", "0"})).getMessage();
        assertTrue(runs.startsWith("--runs (RUNS): expected a whole number of at least 1, got 0"), runs);
        String unknown = assertThrows(IllegalArgumentException.class,
                () -> PeersOptions.parse(new String[] {"--fast", "yes"})).getMessage();
        assertTrue(unknown.startsWith("--fast: not an option"), unknown);
    }

    /** Lines are not what this test is about: 1 line, so lines/s stays below a thousand. */
    private static RunResult run(String peer, int round, double wall, double cpu) {
        return new RunResult(peer, round, wall, cpu, 0, 1024, 1);
    }
}
