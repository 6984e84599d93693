package io.snapline.sidecar.cli;

import io.snapline.engine.EngineSource;
import io.snapline.sidecar.Units;
import io.snapline.sidecar.config.ConfigException;
import io.snapline.sidecar.config.ConfigLoader;
import io.snapline.queue.kafka.KafkaCheck;
import io.snapline.sidecar.config.OutputSettings;
import io.snapline.sidecar.config.ShutdownBudget;
import io.snapline.sidecar.config.SnaplineConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code snapline check}: validates a config file without starting anything. */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = "Validate the config file: exit 0 when it is valid, or print every error (file, line, key, what was expected) and exit 3. With output.kafka it also connects, and exits 1 when the broker is unreachable or the positions topic is not compacted.")
public final class CheckCommand implements Callable<Integer> {

    /** How long check waits for a Kafka broker before it says it is unreachable. */
    private static final java.time.Duration KAFKA_TIMEOUT = java.time.Duration.ofSeconds(10);

    @Spec
    private CommandSpec spec;

    @Option(names = "--config", required = true, paramLabel = "FILE", description = "The YAML config file.")
    private Path config;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        SnaplineConfig loaded;
        try {
            loaded = ConfigLoader.load(config, System.getenv());
        } catch (ConfigException e) {
            ConfigErrors.print(e, err);
            return ExitCodes.BAD_CONFIG;
        }
        out.println(config + ": valid");
        out.println("  output:  " + loaded.output().describe());
        out.println("  sources: " + loaded.engine().sources().size() + " file sequences");
        for (EngineSource source : loaded.engine().sources()) {
            out.println("    " + source.sequence().name() + " (" + source.stream().directoryName() + ")");
        }
        for (Path directory : missingRoots(loaded)) {
            // Not an error: a node creates its directories as it goes, and the tailer waits for them.
            out.println("  note: " + directory + " does not exist yet; it is watched for");
        }
        out.println("  filter:  " + (loaded.engine().filter().isEmpty() ? "none: every event is kept"
                : "dropping " + loaded.engine().filter().describe()));
        if (loaded.metrics().enabled()) {
            out.println("  metrics: http://" + loaded.metrics().host() + ":" + loaded.metrics().port() + "/metrics");
        }
        out.println("  shutdown: " + Units.exactDuration(loaded.shutdownTimeout()) + " holds "
                + new ShutdownBudget(loaded.engine().drainTimeout()).describe());
        if (loaded.memory().maxHeapConfigured()) {
            out.println("  heap:    rules judged against memory.max_heap " + Units.exactSize(loaded.memory().maxHeapBytes())
                    + ", as run judges them; run refuses to start with a smaller -Xmx");
        } else {
            // This JVM is check's, not run's: the verdict holds only if run gets the same -Xmx.
            out.println("  note: heap rules judged against this JVM's max heap ("
                    + Units.roundedSize(loaded.memory().maxHeapBytes()) + "); run judges them against its own."
                    + " Set memory.max_heap to run's -Xmx for the same verdict in both");
        }
        int status = ExitCodes.OK;
        if (loaded.output() instanceof OutputSettings.Kafka kafka) {
            for (KafkaCheck.Finding finding : KafkaCheck.run(kafka.options(), KAFKA_TIMEOUT)) {
                out.println((finding.error() ? "  error: " : "  note: ") + finding.text());
                status = finding.error() ? ExitCodes.FAILED : status;
            }
        }
        out.flush();
        return status;
    }

    private static java.util.List<Path> missingRoots(SnaplineConfig loaded) {
        java.util.List<Path> missing = new java.util.ArrayList<>();
        for (EngineSource source : loaded.engine().sources()) {
            for (Path directory : source.sequence().watchDirectories()) {
                if (!Files.isDirectory(directory) && !missing.contains(directory)) {
                    missing.add(directory);
                }
            }
        }
        return missing;
    }
}
