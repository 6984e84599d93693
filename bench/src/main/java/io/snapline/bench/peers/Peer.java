package io.snapline.bench.peers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One program on the benchmark, as the whole process a user would start: its name, what it is,
 * and the command that drains the input with it. Every peer exits 0 after the last line and says
 * on stdout how many lines it read.
 */
record Peer(String name, String what, Command command) {

    /** The command line for one run; {@code runDir} is the run's own, fresh, directory. */
    interface Command {
        List<String> of(PeersInput input, Path runDir) throws IOException;
    }

    static final String SNAPLINE = "Snapline JAR";

    /** The five peers of issue 13, Snapline first: the ratios are to it. */
    static List<Peer> all(PeersOptions options) {
        String java = ProcessHandle.current().info().command().orElse("java");
        String bench = options.javaPeers();
        Path python = options.pythonDir();
        return List.of(
                new Peer(SNAPLINE, "run --drain, default config, into a fresh Chronicle queue (durable)",
                        (input, runDir) -> List.of(java, "-jar", options.snaplineJar().toString(), "run", "--drain",
                                "--config", snaplineConfig(input, runDir).toString())),
                new Peer("naive Java reader", "BufferedReader + Jackson readTree per line (not durable)",
                        (input, runDir) -> withFiles(input, java, "-cp", bench, NaiveReader.class.getName())),
                new Peer("Commons IO Tailer", "Tailer + Jackson readTree per line (not durable)",
                        (input, runDir) -> withFiles(input, java, "-cp", bench, CommonsIoTailerReader.class.getName())),
                new Peer("Python json.loads", "a loop of json.loads per line (not durable)",
                        (input, runDir) -> withFiles(input, options.python(),
                                python.resolve("peers_json_loads.py").toString())),
                new Peer("Python list buffer", "the design Snapline replaces: list buffer, snapshot and clear,"
                        + " 1,000-line batches, json.loads into order tuples (not durable)",
                        (input, runDir) -> withFiles(input, options.python(),
                                python.resolve("peers_list_buffer.py").toString())));
    }

    private static List<String> withFiles(PeersInput input, String... command) {
        List<String> all = new ArrayList<>(List.of(command));
        input.files().forEach(f -> all.add(f.toString()));
        return all;
    }

    /** The README's config: the node data root and a queue; metrics off so runs never contend for a port. */
    private static Path snaplineConfig(PeersInput input, Path runDir) throws IOException {
        Path config = runDir.resolve("snapline.yaml");
        Files.writeString(config, "sources:\n  - node_data: " + input.root().toAbsolutePath() + "\n"
                + "output:\n  chronicle:\n    path: " + runDir.resolve("queue").toAbsolutePath() + "\n"
                + "metrics:\n  enabled: false\n");
        return config;
    }
}
