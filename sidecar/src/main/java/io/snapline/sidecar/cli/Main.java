package io.snapline.sidecar.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code java -jar snapline.jar}: the sidecar's commands. */
@Command(name = "snapline", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Tails Hyperliquid node output files into a durable queue of typed records.",
        subcommands = {RunCommand.class, CheckCommand.class, CatCommand.class, GenerateCommand.class,
                CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    static {
        // Before any Chronicle class loads: no usage reporting from a sidecar.
        System.setProperty("chronicle.analytics.disable", "true");
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command tree, also used by tests to run a command in-process. */
    public static CommandLine commandLine() {
        return new CommandLine(new Main());
    }

    @Override
    public void run() {
        CommandLine.usage(this, System.out);
    }
}
