package io.snapline.queue.chronicle.crash;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@link CrashableEngineMain} in a child JVM with this JVM's class path and the Chronicle flags, its
 * output in a log file of its own. {@link #kill()} is SIGKILL ({@link Process#destroyForcibly()}
 * on Linux); {@link #stop} closes its stdin, which makes it stop cleanly.
 */
final class EngineProcess {

    private static final String FLAGS_PROPERTY = "snapline.chronicle.jvm.flags";

    private final Process process;
    private final Path log;
    private final long spawnedNanos = System.nanoTime();

    private EngineProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /**
     * The engine tailing {@code nodeDataRoot} into {@code queueDirectory}, its queue on {@code clock}
     * (epoch and queue hour in milliseconds, and optionally the retention in milliseconds).
     */
    static EngineProcess start(Path nodeDataRoot, Path queueDirectory, String[] clock, Path log) throws IOException {
        List<String> arguments = new ArrayList<>(List.of(nodeDataRoot.toString(), queueDirectory.toString()));
        arguments.addAll(List.of(clock));
        return start(log, arguments.toArray(String[]::new));
    }

    /** {@link CrashableEngineMain} with these arguments. */
    static EngineProcess start(Path log, String... arguments) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(chronicleFlags());
        // Small and quick to start: the child is restarted dozens of times on few cores.
        command.add("-Xmx256m");
        command.add("-XX:+UseSerialGC");
        command.add("-XX:TieredStopAtLevel=1");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(CrashableEngineMain.class.getName());
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        return new EngineProcess(process, log);
    }

    /**
     * The parent pom's chronicle.jvm.flags, which Surefire passes as the system property
     * {@code snapline.chronicle.jvm.flags}.
     *
     * @throws IllegalStateException if it is not set (not run by Surefire)
     */
    private static List<String> chronicleFlags() {
        String flags = System.getProperty(FLAGS_PROPERTY);
        if (flags == null || flags.isBlank()) {
            throw new IllegalStateException("system property " + FLAGS_PROPERTY + " is not set: run this test with "
                    + "Surefire (mvn test), which sets it to the parent pom's chronicle.jvm.flags, or pass it yourself");
        }
        return List.of(flags.trim().split("\\s+"));
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Milliseconds since the child was spawned. */
    long ageMillis() {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - spawnedNanos);
    }

    /** The first line the child printed that starts with {@code prefix}, or null. */
    String line(String prefix) throws IOException {
        for (String line : output().split("\n")) {
            if (line.startsWith(prefix)) {
                return line;
            }
        }
        return null;
    }

    /**
     * Waits for the ready line.
     *
     * @throws AssertionError if the child exits first or the timeout passes
     */
    void awaitReady(Duration timeout) throws IOException, InterruptedException {
        if (!awaitLine(CrashableEngineMain.READY, timeout)) {
            throw new AssertionError("engine pid " + pid() + " not ready after " + timeout + ":\n" + output());
        }
    }

    /**
     * Waits until the child prints a line starting with {@code prefix}.
     *
     * @return false if the timeout passed first
     * @throws AssertionError if the child exits first
     */
    boolean awaitLine(String prefix, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (line(prefix) == null) {
            if (!process.isAlive()) {
                throw new AssertionError("engine pid " + pid() + " exited with status " + process.exitValue()
                        + " before printing " + prefix + ":\n" + output());
            }
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            Thread.sleep(2);
        }
        return true;
    }

    /**
     * SIGKILL, and waits for the exit.
     *
     * @throws AssertionError if the child had already exited on its own
     */
    void kill() throws InterruptedException, IOException {
        if (!process.isAlive()) {
            throw new AssertionError("engine pid " + pid() + " exited on its own with status "
                    + process.exitValue() + " before the kill:\n" + output());
        }
        process.destroyForcibly();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            throw new AssertionError("engine pid " + pid() + " still alive 10 s after SIGKILL");
        }
        process.getOutputStream().close();
    }

    /**
     * Closes the child's stdin, which asks it to stop cleanly, and waits for it.
     *
     * @throws AssertionError if it does not exit in time or exits with a failure
     */
    void stop(Duration timeout) throws InterruptedException, IOException {
        process.getOutputStream().close();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("engine pid " + pid() + " did not stop within " + timeout
                    + " after its stdin closed:\n" + output());
        }
        if (process.exitValue() != 0 || !output().contains(CrashableEngineMain.CLOSED)) {
            throw new AssertionError("engine pid " + pid() + " stopped with status " + process.exitValue() + ":\n"
                    + output());
        }
    }

    /** Kills the child if it is still alive, whatever happened; for finally blocks. */
    void destroy() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            process.getOutputStream().close();
        } catch (IOException e) {
            // nothing more to do about a pipe to a dead process
        }
    }

    /** Everything the child has printed so far. */
    String output() throws IOException {
        return Files.exists(log) ? new String(Files.readAllBytes(log), StandardCharsets.UTF_8) : "";
    }
}
