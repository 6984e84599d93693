package io.snapline.engine.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/** What the process holds: descriptors from {@code /proc/self/fd}, live threads; and waiting for it to settle. */
public final class Resources {

    private static final Path FDS = Path.of("/proc/self/fd");

    private Resources() {
    }

    public static long openDescriptors() throws IOException {
        try (Stream<Path> fds = Files.list(FDS)) {
            return fds.count();
        }
    }

    /** Targets of open descriptors under {@code dir}: exactly the files held there. */
    public static List<Path> openUnder(Path dir) throws IOException {
        Path real = dir.toRealPath();
        List<Path> targets = new ArrayList<>();
        try (Stream<Path> fds = Files.list(FDS)) {
            for (Path fd : fds.toList()) {
                try {
                    Path target = Files.readSymbolicLink(fd);
                    if (target.startsWith(real)) {
                        targets.add(target);
                    }
                } catch (IOException e) {
                    // closed meanwhile, e.g. the listing's own descriptor
                }
            }
        }
        return targets;
    }

    /** Live threads whose name starts with {@code prefix}. */
    public static Set<Thread> threadsNamed(String prefix) {
        Set<Thread> threads = new HashSet<>();
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread.isAlive() && thread.getName().startsWith(prefix)) {
                threads.add(thread);
            }
        }
        return threads;
    }

    /** Names of the live threads starting with {@code prefix} that are not in {@code before}. */
    public static List<String> newThreadsNamed(String prefix, Set<Thread> before) {
        List<String> names = new ArrayList<>();
        for (Thread thread : threadsNamed(prefix)) {
            if (!before.contains(thread)) {
                names.add(thread.getName());
            }
        }
        return names;
    }

    public static int liveThreads() {
        int live = 0;
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            live += thread.isAlive() ? 1 : 0;
        }
        return live;
    }

    /** Waits until {@code condition} holds; false if {@code timeout} passed first. */
    public static boolean await(BooleanSupplier condition, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline >= 0) {
                return condition.getAsBoolean();
            }
            LockSupport.parkNanos(Duration.ofMillis(5).toNanos());
        }
        return true;
    }

    /** Like {@link #await} for a check that reads the file system. */
    public static boolean awaitIo(IoCondition condition, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.holds()) {
            if (System.nanoTime() - deadline >= 0) {
                return condition.holds();
            }
            LockSupport.parkNanos(Duration.ofMillis(10).toNanos());
        }
        return true;
    }

    @FunctionalInterface
    public interface IoCondition {
        boolean holds() throws IOException;
    }
}
