package io.snapline.sidecar.cli;

import io.snapline.engine.Engine;
import io.snapline.engine.output.OutputInUseException;
import io.snapline.engine.ring.PipelineCounters;
import io.snapline.records.RecordType;
import io.snapline.sidecar.config.ConfigException;
import io.snapline.sidecar.config.ConfigLoader;
import io.snapline.sidecar.config.SnaplineConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code snapline run}: the sidecar, until SIGTERM, or until every source is drained. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Tail the configured sources into the queue.",
                "Follows the files until SIGTERM or SIGINT, then drains what was read, writes positions, "
                        + "closes everything and exits 0 (forced, with 1, after shutdown.timeout).",
                "Exit codes: 0 done, 1 failed or forced, 2 bad usage, 3 not started: the config is invalid or the queue"
                        + " is in use by another instance (its pid and host are in the message)."})
public final class RunCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger("snapline");
    private static final long POLL_MILLIS = 200;

    @Spec
    private CommandSpec spec;

    @Option(names = "--config", required = true, paramLabel = "FILE", description = "The YAML config file.")
    private Path config;

    @Option(names = "--drain", description = "Read every source to its current end, make it durable, and exit 0.")
    private boolean drain;

    @Override
    public Integer call() throws Exception {
        SnaplineConfig loaded;
        try {
            loaded = ConfigLoader.loadForRun(config, System.getenv());
        } catch (ConfigException e) {
            ConfigErrors.print(e, spec.commandLine().getErr());
            return ExitCodes.BAD_CONFIG;
        }
        try (ShutdownSignal signal = ShutdownSignal.polled(loaded.shutdownTimeout())) {
            int status = ExitCodes.FAILED;
            try {
                status = runUntilDone(loaded, signal);
            } catch (OutputInUseException e) {
                LOG.error("not started: {}", e.getMessage());
                status = ExitCodes.OUTPUT_IN_USE;
            } catch (IOException | RuntimeException e) {
                if (!signal.stopRequested()) {
                    throw e;
                }
                // A signal during start: the JVM was already shutting down, so opening the queue
                // can fail ("Shutdown in progress"). Nothing was read yet and what was opened is
                // closed: a clean stop, as asked.
                LOG.info("stop requested while starting; nothing was read ({})", e.toString());
                status = ExitCodes.OK;
            } finally {
                signal.closed(status);
            }
            return status;
        }
    }

    private int runUntilDone(SnaplineConfig loaded, ShutdownSignal signal) throws IOException, InterruptedException {
        long startedNanos = System.nanoTime();
        Sidecar sidecar = Sidecar.start(loaded);
        Engine engine = sidecar.engine();
        LOG.info("started: {} file sequences into {}; resumed from {} stored positions{}{}",
                loaded.engine().sources().size(), loaded.output().describe(), engine.resumedFrom().files().size(),
                loaded.engine().filter().isEmpty() ? "" : "; dropping at ingest " + loaded.engine().filter().describe(),
                sidecar.metricsServer() == null ? "" : "; metrics at http://" + loaded.metrics().host() + ":"
                        + sidecar.metricsServer().port() + "/metrics");
        int status = ExitCodes.OK;
        try {
            if (drain) {
                while (!signal.stopRequested() && !engine.awaitCaughtUp(Duration.ofMillis(POLL_MILLIS))) {
                    if (engine.failure() != null || !engine.isRunning()) {
                        break;
                    }
                }
            } else {
                while (!signal.awaitStop(POLL_MILLIS) && engine.isRunning()) {
                    // follow until a signal or a failure
                }
            }
            if (engine.failure() != null) {
                LOG.error("the engine stopped on a failure; closing", engine.failure());
                status = ExitCodes.FAILED;
            } else if (signal.stopRequested()) {
                LOG.info("stop requested: draining what was read, then closing");
            }
        } finally {
            try {
                sidecar.close();
            } catch (IOException e) {
                LOG.error("closing did not finish cleanly", e);
                status = ExitCodes.FAILED;
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println(summary(engine.counters(), (System.nanoTime() - startedNanos) / 1e9));
        out.flush();
        return status;
    }

    /**
     * The one line a run ends with; {@code make run} shows it. "records" counts the events' records
     * (not dead letters, not block seals, gaps or stalls). Filtered events are shown only when there were any.
     */
    static String summary(PipelineCounters counters, double seconds) {
        long records = 0;
        for (RecordType type : RecordType.values()) {
            if (type.stream() != null) { // events: not dead letters, not the block accounting
                records += counters.records(type);
            }
        }
        long lines = counters.linesWritten();
        long filtered = counters.filtered();
        return String.format(Locale.ROOT,
                "snapline: %,d lines durable, %,d records, %s%,d dead letters, %,d lines/s over %.1f s, largest batch %,d lines",
                lines, records, filtered == 0 ? "" : String.format(Locale.ROOT, "%,d events filtered, ", filtered),
                counters.records(RecordType.DEAD_LETTER), Math.round(lines / Math.max(1e-3, seconds)),
                seconds, counters.largestBatchLines());
    }
}
