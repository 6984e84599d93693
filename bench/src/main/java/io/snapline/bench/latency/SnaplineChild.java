package io.snapline.bench.latency;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The JAR as users run it: {@code java -jar snapline.jar run --config <file>}, no JVM flags, with a
 * config of defaults but for where the node's files and the queue are and a free metrics port (so
 * runs beside other builds do not collide on 9464). Output goes to files in the run's directory.
 *
 * <p>Owns the process: {@link #close()} sends SIGTERM, waits, and kills it if it does not exit.
 */
final class SnaplineChild implements AutoCloseable {

    private static final Path JAVA = Path.of(System.getProperty("java.home"), "bin", "java");
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);

    private final Process process;
    private final Path stderr;

    private SnaplineChild(Process process, Path stderr) {
        this.process = process;
        this.stderr = stderr;
    }

    static SnaplineChild start(Path jar, Path runDir, Path nodeData, Path queue) throws IOException {
        Path config = runDir.resolve("snapline.yaml");
        Files.writeString(config, String.join("\n",
                "# Written by the latency benchmark: defaults but for these paths and a free metrics port.",
                "sources:",
                "  - node_data: " + nodeData,
                "output:",
                "  chronicle:",
                "    path: " + queue,
                "metrics:",
                "  address: 127.0.0.1:0",
                ""));
        Path out = runDir.resolve("snapline.out");
        Path err = runDir.resolve("snapline.err");
        Process process = new ProcessBuilder(List.of(JAVA.toString(), "-jar", jar.toString(), "run", "--config",
                config.toString())).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        return new SnaplineChild(process, err);
    }

    /** CPU time the process has used so far, user and system, all its threads. */
    Duration cpu() {
        return process.toHandle().info().totalCpuDuration().orElseThrow(
                () -> new IllegalStateException("the OS reports no CPU time for pid " + process.pid()));
    }

    boolean isAlive() {
        return process.isAlive();
    }

    String stderrTail() {
        try {
            List<String> lines = Files.readAllLines(stderr);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(no stderr: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
