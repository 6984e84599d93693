package io.snapline.sidecar.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.snapline.engine.testing.FileLines;
import io.snapline.nodegen.GeneratorOptions;
import io.snapline.nodegen.NodeFileGenerator;
import io.snapline.nodegen.NodeHour;
import io.snapline.tailer.NodeLayout;
import io.snapline.tailer.NodeStream;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import picocli.CommandLine;

class GenerateCommandTest {

    @TempDir
    Path dir;

    record Run(int exitCode, String out, String err) {
    }

    private static Run generate(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine command = new CommandLine(new GenerateCommand());
        command.setOut(new PrintWriter(out, true));
        command.setErr(new PrintWriter(err, true));
        int code = command.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void shouldWriteWhatTheOptionsAskForByteForByteAsTheJavaApiDoes() throws Exception {
        Run run = generate("--out", dir.resolve("cli").toString(), "--stream", "node_fills", "--layout", "by-block",
                "--lines", "25", "--bad-every", "4", "--start-hour", "20260505/23", "--lines-per-hour", "10",
                "--seed", "7", "--events-per-block", "3");

        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().startsWith("wrote 25 lines ("), run.out());
        NodeFileGenerator api = new NodeFileGenerator();
        api.run(new GeneratorOptions(dir.resolve("api"), NodeStream.FILLS, NodeLayout.BY_BLOCK, 25, 0, 4,
                NodeHour.parse("20260505/23"), 10, 7, 3));
        assertEquals(3, api.files().size(), "20260505/23, 20260506/0 and 20260506/1");
        for (Path apiFile : api.files()) {
            Path cliFile = dir.resolve("cli").resolve(dir.resolve("api").relativize(apiFile));
            assertArrayEquals(Files.readAllBytes(apiFile), Files.readAllBytes(cliFile), cliFile.toString());
        }
    }

    @Test
    void shouldUseTheDefaultsOfTheBrief() throws Exception {
        Run run = generate("--out", dir.toString(), "--stream", "node_order_statuses", "--layout", "plain", "--lines", "5",
                "--start-hour", "20260505/9");

        assertEquals(0, run.exitCode(), run.err());
        Path file = dir.resolve("node_order_statuses/hourly/20260505/9");
        assertEquals(5, FileLines.read(file).size());
        NodeFileGenerator api = new NodeFileGenerator();
        api.run(GeneratorOptions.of(dir.resolve("api"), NodeStream.ORDER_STATUSES, NodeLayout.PLAIN, 5)
                .withStartHour(NodeHour.parse("20260505/9")));
        assertArrayEquals(Files.readAllBytes(api.files().get(0)), Files.readAllBytes(file), "seed 1, 50 events a block");
    }

    @Test
    void shouldExitWithUsageCodeAndSayWhatIsWrong() {
        String out = dir.toString();
        List<String[]> cases = new ArrayList<>();
        cases.add(new String[] {"--stream", "node_fills", "--layout", "plain", "--lines", "1"});
        cases.add(new String[] {"--out", out, "--stream", "node_foo", "--layout", "plain", "--lines", "1"});
        cases.add(new String[] {"--out", out, "--stream", "node_fills", "--layout", "diagonal", "--lines", "1"});
        cases.add(new String[] {"--out", out, "--stream", "node_fills", "--layout", "plain", "--lines", "0"});
        cases.add(new String[] {"--out", out, "--stream", "node_fills", "--layout", "plain", "--lines", "many"});
        cases.add(new String[] {"--out", out, "--stream", "node_fills", "--layout", "plain", "--lines", "1", "--rate", "0"});
        cases.add(new String[] {"--out", out, "--stream", "node_fills", "--layout", "plain", "--lines", "1", "--bad-every", "-1"});
        cases.add(new String[] {"--out", out, "--stream", "node_fills", "--layout", "plain", "--lines", "1",
            "--start-hour", "2026-05-05T09"});
        cases.add(new String[] {"--out", out, "--stream", "node_fills", "--layout", "plain", "--lines", "1",
            "--lines-per-hour", "0"});
        cases.add(new String[] {"--out", out, "--stream", "node_fills", "--layout", "plain", "--lines", "1",
            "--events-per-block", "0"});
        cases.add(new String[] {"--out", out, "--stream", "node_trades", "--layout", "streaming", "--lines", "1"});
        String[] expected = {"--out", "node_foo", "diagonal", "--lines must be 1 or more", "many", "--rate", "--bad-every",
            "YYYYMMDD/H", "--lines-per-hour", "--events-per-block", "node_trades has only the plain layout"};

        for (int i = 0; i < cases.size(); i++) {
            Run run = generate(cases.get(i));
            assertEquals(2, run.exitCode(), String.join(" ", cases.get(i)));
            assertTrue(run.err().contains(expected[i]), "'" + expected[i] + "' in: " + run.err());
            assertTrue(run.err().contains("Usage: generate"), run.err());
        }
        assertFalse(Files.exists(dir.resolve("node_fills")), "nothing written on bad usage");
    }

    @Test
    void shouldPrintHelp() {
        Run run = generate("--help");
        assertEquals(0, run.exitCode());
        for (String option : new String[] {"--out", "--stream", "--layout", "--lines", "--rate", "--bad-every",
            "--start-hour", "--lines-per-hour", "--seed", "--events-per-block"}) {
            assertTrue(run.out().contains(option), option + " in the help");
        }
        for (NodeStream stream : NodeStream.values()) {
            assertTrue(run.out().contains(stream.directoryName()), stream.directoryName() + " in the help");
        }
    }
}
