package io.snapline.tailer;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

/** This process's open file descriptors, from {@code /proc/self/fd}, for leak checks. */
final class Descriptors {

    private static final Path FDS = Path.of("/proc/self/fd");

    private Descriptors() {
    }

    static long count() throws IOException {
        try (Stream<Path> fds = Files.list(FDS)) {
            return fds.count();
        }
    }

    /** Targets of open descriptors that lie under {@code dir}: exactly what a tailer holds there. */
    static List<Path> under(Path dir) throws IOException {
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

    /**
     * The process holds no more than {@code expected} descriptors once the count settles (other
     * threads of the test JVM may hold one briefly). Not "exactly": a descriptor another test left
     * to a background thread may close meanwhile; a leak can only raise the count. Which files are
     * held is asserted exactly with {@link #under}.
     */
    static void assertAtMost(long expected) throws IOException {
        long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
        long open = count();
        while (open > expected && System.nanoTime() < deadline) {
            LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
            open = count();
        }
        assertTrue(open <= expected, "open descriptors: " + open + ", expected at most " + expected);
    }
}
