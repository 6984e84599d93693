package io.snapline.queue.kafka.crash;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@link KafkaCrashableMain} in a child JVM with this JVM's class path, its output in a log file
 * of its own. {@link #kill()} is SIGKILL; {@link #stop} closes its stdin, which stops it cleanly.
 */
final class KafkaEngineProcess {

    private final Process process;
    private final Path log;
    private final long spawnedNanos = System.nanoTime();

    private KafkaEngineProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    static KafkaEngineProcess start(Path log, String... arguments) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        // Small and quick to start: the child is restarted dozens of times on few cores.
        command.add("-Xmx256m");
        command.add("-XX:+UseSerialGC");
        command.add("-XX:TieredStopAtLevel=1");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(KafkaCrashableMain.class.getName());
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        return new KafkaEngineProcess(process, log);
    }

    long ageMillis() {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - spawnedNanos);
    }

    boolean hasPrinted(String prefix) throws IOException {
        for (String line : output().split("\n")) {
            if (line.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Waits until the child prints a line starting with {@code prefix}.
     *
     * @return false if the timeout passed first
     * @throws AssertionError if the child exits first
     */
    boolean awaitLine(String prefix, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!hasPrinted(prefix)) {
            if (!process.isAlive()) {
                throw new AssertionError("engine exited with status " + process.exitValue() + " before printing "
                        + prefix + ":\n" + output());
            }
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            process.waitFor(5, TimeUnit.MILLISECONDS); // returns at once if the child exits
        }
        return true;
    }

    /** SIGKILL, and waits for the exit; fails if the child had already exited on its own. */
    void kill() throws InterruptedException, IOException {
        if (!process.isAlive()) {
            throw new AssertionError("engine exited on its own with status " + process.exitValue()
                    + " before the kill:\n" + output());
        }
        process.destroyForcibly();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            throw new AssertionError("engine still alive 10 s after SIGKILL");
        }
        process.getOutputStream().close();
    }

    /** Closes the child's stdin and waits for its clean stop. */
    void stop(Duration timeout) throws InterruptedException, IOException {
        process.getOutputStream().close();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("engine did not stop within " + timeout + ":\n" + output());
        }
        if (process.exitValue() != 0 || !hasPrinted(KafkaCrashableMain.CLOSED)) {
            throw new AssertionError("engine stopped with status " + process.exitValue() + ":\n" + output());
        }
    }

    /** Kills the child if it is still alive; for finally blocks. */
    void destroy() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
            process.getOutputStream().close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // a pipe to a dead process
        }
    }

    /** The child's threads, through jcmd, for a failure message. */
    String threadDump() {
        try {
            Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
            Process dump = new ProcessBuilder(jcmd.toString(), Long.toString(process.pid()), "Thread.print")
                    .redirectErrorStream(true).start();
            String text = new String(dump.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            dump.waitFor(30, TimeUnit.SECONDS);
            return text;
        } catch (IOException | InterruptedException e) {
            return "no thread dump: " + e;
        }
    }

    String output() throws IOException {
        return Files.exists(log) ? new String(Files.readAllBytes(log), StandardCharsets.UTF_8) : "";
    }
}
