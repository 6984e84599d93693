package io.snapline.queue.chronicle;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Where a start would resume, asked in a JVM of its own: without {@code -ea}, as the JAR runs,
 * because Chronicle's own assertions (on under Surefire) fail earlier on some damaged files and so
 * hide what production does. Prints {@code resume <n> positions} or {@code refused <message>}.
 */
public final class ResumeProbeMain {

    private ResumeProbeMain() {
    }

    public static void main(String[] args) {
        try (QueueStore store = new QueueStore(Path.of(args[0]), Duration.ZERO, 1 << 20)) {
            System.out.println("resume " + store.lastPositions().files().size() + " positions");
        } catch (IllegalStateException e) {
            System.out.println("refused " + e.getMessage());
        }
        System.out.flush();
        Runtime.getRuntime().halt(0); // Chronicle's background threads must not keep it alive
    }
}
