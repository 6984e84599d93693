package io.snapline.sidecar.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarFile;

/**
 * Runs the packaged {@code snapline.jar} as a child process, exactly as an operator would:
 * {@code java -jar snapline.jar ...} with no extra JVM flags. Output goes to files in the test's
 * directory, so a long run cannot block on a full pipe.
 */
final class SnaplineJar {

    private static final Path JAVA = Path.of(System.getProperty("java.home"), "bin", "java");

    private final Path jar;
    private final Path logs;
    private int runs;

    SnaplineJar(Path logs) {
        String property = System.getProperty("snapline.jar");
        if (property == null) {
            throw new IllegalStateException("system property snapline.jar is not set: run these tests with "
                    + "failsafe (mvn verify), after the package phase built sidecar/target/snapline.jar");
        }
        this.jar = Path.of(property);
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " does not exist: run mvn verify, which packages it first");
        }
        this.logs = logs;
    }

    /** A started child; its stdout and stderr are in files. */
    final class Child {
        final Process process;
        final Path out;
        final Path err;

        Child(Process process, Path out, Path err) {
            this.process = process;
            this.out = out;
            this.err = err;
        }

        /** Waits for the exit; fails loudly (with its stderr) when it does not come in time. */
        int waitFor(Duration timeout) throws IOException, InterruptedException {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor();
                throw new AssertionError("snapline did not exit within " + timeout + "; stderr:\n" + stderr());
            }
            return process.exitValue();
        }

        /** SIGTERM, as systemd or kill would send it. */
        void terminate() {
            process.destroy();
        }

        String stdout() throws IOException {
            return Files.readString(out, StandardCharsets.UTF_8);
        }

        List<String> stdoutLines() throws IOException {
            return Files.readAllLines(out, StandardCharsets.UTF_8);
        }

        String stderr() throws IOException {
            return Files.readString(err, StandardCharsets.UTF_8);
        }
    }

    /** The main attributes of the JAR's manifest. */
    Attributes manifest() throws IOException {
        try (JarFile file = new JarFile(jar.toFile())) {
            return file.getManifest().getMainAttributes();
        }
    }

    Child start(String... args) throws IOException {
        return start(Map.of(), args);
    }

    /** Starts a command with extra environment variables (for a config's {@code ${VAR}}). */
    Child start(Map<String, String> environment, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(JAVA.toString(), "-Xmx256m", "-jar", jar.toString()));
        command.addAll(List.of(args));
        int run = ++runs;
        Files.createDirectories(logs);
        Path out = logs.resolve("run-" + run + "-" + args[0] + ".out");
        Path err = logs.resolve("run-" + run + "-" + args[0] + ".err");
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().putAll(environment);
        Process process = builder.start();
        return new Child(process, out, err);
    }

    /** Runs a command to its end; asserts nothing about its exit status. */
    Child run(Duration timeout, String... args) throws IOException, InterruptedException {
        Child child = start(args);
        child.waitFor(timeout);
        return child;
    }
}
