package io.snapline.testkit;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * What the process holds, read from the OS and the JVM: open descriptors ({@code /proc/self/fd}),
 * live threads, files mapped into memory ({@code /proc/self/maps}); and waiting for them to settle,
 * since threads end and files close asynchronously.
 */
public final class Resources {

    private static final Path FDS = Path.of("/proc/self/fd");
    private static final Path MAPS = Path.of("/proc/self/maps");
    private static final Path STATUS = Path.of("/proc/self/status");
    /** What the kernel appends to the path of a file deleted while open or mapped. */
    private static final String DELETED = " (deleted)";
    /** Counts descriptors as a leak check does: all but {@link LeakThresholds#JVM_DESCRIPTORS}. */
    private static final LeakThresholds JVM_ONLY = LeakThresholds.defaults();

    private Resources() {
    }

    // ------------------------------------------------------------------ descriptors

    public static long openDescriptors() throws IOException {
        try (Stream<Path> fds = Files.list(FDS)) {
            return fds.count();
        }
    }

    /**
     * What each open descriptor points to ({@code /a/file}, {@code socket:[123]},
     * {@code anon_inode:inotify}, …), in descriptor order; the listing's own descriptor left out.
     */
    public static List<String> descriptorTargets() throws IOException {
        List<String> targets = new ArrayList<>();
        try (Stream<Path> fds = Files.list(FDS)) {
            for (Path fd : fds.toList()) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (!target.startsWith("/proc/") || !target.endsWith("/fd")) {
                        targets.add(target);
                    }
                } catch (IOException e) {
                    // closed meanwhile, e.g. the listing's own descriptor
                }
            }
        }
        return targets;
    }

    /** Targets of open descriptors under {@code dir}: exactly the files held there. */
    public static List<Path> openUnder(Path dir) throws IOException {
        Path real = dir.toRealPath();
        List<Path> targets = new ArrayList<>();
        for (String target : descriptorTargets()) {
            if (target.startsWith("/")) {
                Path path = Path.of(target);
                if (path.startsWith(real)) {
                    targets.add(path);
                }
            }
        }
        return targets;
    }

    /**
     * Targets of open descriptors on {@code file}, by the path it has now: {@code /a/file}, or
     * {@code /a/file (deleted)} once deleted while open.
     */
    public static List<String> descriptorsOn(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        String path = (Files.isDirectory(parent) ? parent.toRealPath() : parent).resolve(file.getFileName()).toString();
        List<String> on = new ArrayList<>();
        for (String target : descriptorTargets()) {
            if (target.equals(path) || target.equals(path + DELETED)) {
                on.add(target);
            }
        }
        return on;
    }

    /**
     * Targets of the open descriptors a leak check counts: {@link #descriptorTargets()} less those
     * the JVM opens once and keeps ({@link LeakThresholds#JVM_DESCRIPTORS}: a JAR the class loader
     * reaches for the first time, the random devices). A baseline for {@link #assertOpenedSince}.
     */
    public static List<String> countedDescriptors() throws IOException {
        return descriptorTargets().stream().filter(JVM_ONLY::countsDescriptor).toList();
    }

    /**
     * Of the {@linkplain #countedDescriptors() counted descriptors}, at most {@code allowed} are
     * open now that were not open in {@code before}, once that settles (a close may finish on
     * another thread); fails naming the new ones. Judged by target rather than by count, so a
     * descriptor another test left to a background thread that closes meanwhile, or a JAR the
     * class loader opens lazily, neither hides a leak nor fakes one.
     */
    public static void assertOpenedSince(List<String> before, int allowed) throws IOException {
        // Judged on one listing, the one that settled or the last: listing again after the wait
        // could catch a file another thread of the JVM holds for an instant.
        AtomicReference<List<String>> last = new AtomicReference<>(List.of());
        awaitIo(() -> {
            last.set(openedSince(before));
            return last.get().size() <= allowed;
        }, Duration.ofSeconds(2));
        List<String> opened = last.get();
        if (opened.size() > allowed) {
            fail("descriptors opened and still open: " + opened + ", expected at most " + allowed);
        }
    }

    /** Targets of counted descriptors open now that were not in {@code before}. */
    public static List<String> openedSince(List<String> before) throws IOException {
        return added(countedDescriptors(), before);
    }

    /** {@code after} less {@code before}, as multisets, in {@code after}'s order. */
    static List<String> added(List<String> after, List<String> before) {
        Map<String, Integer> left = new HashMap<>();
        before.forEach(item -> left.merge(item, 1, Integer::sum));
        List<String> added = new ArrayList<>();
        for (String item : after) {
            Integer count = left.get(item);
            if (count == null || count == 0) {
                added.add(item);
            } else {
                left.put(item, count - 1);
            }
        }
        return added;
    }

    // ------------------------------------------------------------------ threads

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
        return threadsNamed("").size();
    }

    // ------------------------------------------------------------------ mapped files

    /**
     * Files mapped into the process's memory, from {@code /proc/self/maps}, with how many regions
     * of each are mapped (Chronicle Queue maps a cycle file in chunks). Shared libraries are left
     * out: they are code the JVM loads once, not data a test opens. A file deleted while mapped
     * keeps its path with the kernel's {@code " (deleted)"} suffix.
     */
    public static Map<String, Integer> mappedFiles() {
        Map<String, Integer> files = new TreeMap<>();
        List<String> lines;
        try {
            lines = Files.readAllLines(MAPS);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + MAPS, e);
        }
        for (String line : lines) {
            // address perms offset dev inode [path]; the path may itself hold spaces
            int slash = line.indexOf('/');
            if (slash < 0) {
                continue; // anonymous, [heap], [stack], [vdso], …
            }
            String path = line.substring(slash);
            if (!isSharedLibrary(path)) {
                files.merge(path, 1, Integer::sum);
            }
        }
        return files;
    }

    /** Mapped files (see {@link #mappedFiles()}) whose path lies under {@code dir}. */
    public static List<String> mappedUnder(Path dir) throws IOException {
        String real = dir.toRealPath().toString() + "/";
        List<String> under = new ArrayList<>();
        for (String path : mappedFiles().keySet()) {
            if (path.startsWith(real)) {
                under.add(path);
            }
        }
        return under;
    }

    /**
     * Waits until nothing under {@code dir} is open or mapped (closing and unmapping may finish on
     * another thread after a close returns); false if {@code timeout} passed first.
     */
    public static boolean awaitReleased(Path dir, Duration timeout) throws IOException {
        return awaitIo(() -> openUnder(dir).isEmpty() && mappedUnder(dir).isEmpty(), timeout);
    }

    private static boolean isSharedLibrary(String path) {
        String name = path.endsWith(DELETED) ? path.substring(0, path.length() - DELETED.length()) : path;
        return name.endsWith(".so") || name.contains(".so.");
    }

    // ------------------------------------------------------------------ memory

    /** Resident set size in bytes ({@code VmRSS} of {@code /proc/self/status}); -1 if unknown. */
    public static long residentBytes() {
        return statusBytes("VmRSS:");
    }

    /** Virtual memory size in bytes ({@code VmSize} of {@code /proc/self/status}); -1 if unknown. */
    public static long virtualBytes() {
        return statusBytes("VmSize:");
    }

    /** A {@code "VmRSS:\t  123456 kB"} line's value in bytes. */
    private static long statusBytes(String key) {
        try {
            for (String line : Files.readAllLines(STATUS)) {
                if (line.startsWith(key)) {
                    return Long.parseLong(line.substring(key.length()).trim().split("\\s+")[0]) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux, or a format not known: unknown
        }
        return -1;
    }

    // ------------------------------------------------------------------ waiting

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
