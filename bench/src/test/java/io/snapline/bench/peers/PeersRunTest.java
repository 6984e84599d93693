package io.snapline.bench.peers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole benchmark on a small input: every peer, as a real child process, drains the same
 * generated files and reports as many lines as were written (PeersRun fails otherwise), and the
 * chart and the CSV hold every run. Needs the packaged Snapline JAR (built before this module in
 * the reactor), GNU time and python3; without them it is skipped, not passed.
 */
class PeersRunTest {

    private static final Path SNAPLINE_JAR = Path.of("../sidecar/target/snapline.jar");
    private static final Path PYTHON_DIR = Path.of("src/main/python");

    @TempDir
    Path dir;

    @Test
    void shouldRunEveryPeerOnTheSameInputAndRecordEachRun() throws Exception {
        assumeTrue(Files.isRegularFile(SNAPLINE_JAR), "the sidecar JAR is built: " + SNAPLINE_JAR.toAbsolutePath());
        assumeTrue(Files.isExecutable(TimedProcess.TIME), "GNU time is installed");
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/python3")) || onPath("python3"), "python3 is installed");
        Path svg = dir.resolve("peers.svg");
        Path csv = dir.resolve("peers.csv");
        PeersOptions options = new PeersOptions(1_000_000, 1, dir.resolve("work"), SNAPLINE_JAR,
                System.getProperty("java.class.path"), "python3", PYTHON_DIR, svg, csv);
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        PeersRun.run(options, new PrintStream(log, true, StandardCharsets.UTF_8));

        String out = log.toString(StandardCharsets.UTF_8);
        Matcher written = Pattern.compile("input: ([0-9,]+) lines").matcher(out);
        assertTrue(written.find(), out);
        long lines = Long.parseLong(written.group(1).replace(",", ""));
        assertTrue(lines > 1_500, "about 1 MB of 600-byte lines: " + lines);
        List<String> runs = Files.readAllLines(csv);
        assertEquals(RunResult.csvHeader(), runs.get(0));
        assertEquals(1 + Peer.all(options).size(), runs.size(), "every peer, one round");
        for (String run : runs.subList(1, runs.size())) {
            String[] f = run.split(",");
            assertEquals(lines, Long.parseLong(f[7]), run);
            assertTrue(Double.parseDouble(f[2]) > 0 && Long.parseLong(f[6]) > 0, "wall time and RSS measured: " + run);
        }
        var document = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(svg.toFile());
        assertEquals(1 + 3 * Peer.all(options).size(), document.getElementsByTagName("rect").getLength(),
                "the background and a bar per peer in each of three panels");
        assertTrue(out.contains("| " + Peer.SNAPLINE + " |"), out);
        assertTrue(Files.notExists(dir.resolve("work/run")), "each run's directory (Snapline's queue) removed");
    }

    private static boolean onPath(String command) {
        for (String entry : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(entry, command))) {
                return true;
            }
        }
        return false;
    }
}
