package io.snapline.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The main of {@code benchmarks.jar}: JMH's, with the JVM flags Chronicle Queue needs given to
 * every fork as {@code -jvmArgsPrepend}, so {@code java -jar bench/target/benchmarks.jar ...} needs
 * no flags. They are the parent pom's {@code chronicle.jvm.flags}, filtered into {@link #FLAGS} at
 * build time; that file is also a {@code java @argfile} for a JVM that runs Chronicle itself
 * ({@code make memory-run}, or JMH with {@code -f 0}). Prepend, not append: a command line's
 * {@code -jvmArgsAppend} would replace a benchmark's {@code @Fork(jvmArgsAppend)}, such as
 * EndToEndBenchmark's heap size; it stays free for whoever runs the benchmarks.
 */
public final class BenchMain {

    private static final String FLAGS = "chronicle-jvm.args";
    private static final String PREPEND = "-jvmArgsPrepend";

    private BenchMain() {
    }

    public static void main(String[] args) throws Exception {
        for (String arg : args) {
            if (arg.startsWith(PREPEND)) {
                // JMH takes one such option as a list of arguments, two as two unsplit arguments.
                throw new IllegalArgumentException(PREPEND + " carries the Chronicle flags here (BenchMain); "
                        + "use -jvmArgsAppend or -jvmArgs");
            }
        }
        List<String> withFlags = new ArrayList<>(List.of(PREPEND, chronicleFlags()));
        withFlags.addAll(List.of(args));
        org.openjdk.jmh.Main.main(withFlags.toArray(String[]::new));
    }

    /** The flags, as one space-separated string. */
    private static String chronicleFlags() throws IOException {
        try (InputStream in = BenchMain.class.getResourceAsStream(FLAGS)) {
            String flags = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
            if (flags.isEmpty() || flags.contains("${")) {
                throw new IllegalStateException(FLAGS + " is missing or unfiltered (\"" + flags + "\"): build the "
                        + "bench module with Maven, which writes the parent pom's chronicle.jvm.flags into it");
            }
            return flags;
        }
    }
}
