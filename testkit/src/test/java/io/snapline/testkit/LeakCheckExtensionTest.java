package io.snapline.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.IOException;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

/**
 * {@link LeakCheck} run on bodies that leak and bodies that do not, through the JUnit engine
 * ({@link EngineTestKit}), so that the failure a developer would see is what is asserted.
 */
class LeakCheckExtensionTest {

    /** What the leaking bodies keep; let go after each test here. */
    static final List<Object> kept = new ArrayList<>();
    static final List<AutoCloseable> open = new ArrayList<>();
    static final List<Thread> started = new ArrayList<>();
    static Path file;
    static LeakWatch watch;

    @AfterEach
    void letGo() throws Exception {
        kept.clear();
        for (AutoCloseable closeable : open) {
            closeable.close();
        }
        open.clear();
        for (Thread thread : started) {
            thread.interrupt();
            thread.join();
        }
        started.clear();
        if (file != null) {
            Files.deleteIfExists(file);
            file = null;
        }
        watch = null;
    }

    private static Events run(Class<?> tests) {
        return EngineTestKit.engine("junit-jupiter").configurationParameter(THROUGH_ENGINE_TEST_KIT, "true")
                .selectors(selectClass(tests)).execute().testEvents();
    }

    private static String failureOf(Events events) {
        events.assertStatistics(stats -> stats.started(1).failed(1));
        Throwable failure = events.failed().list().get(0).getRequiredPayload(TestExecutionResult.class)
                .getThrowable().orElseThrow();
        return failure.getMessage();
    }

    // ---------------------------------------------------------------- bodies run through the engine

    private static final String THROUGH_ENGINE_TEST_KIT = "snapline.testkit.run-bodies";

    /** A body that leaks (or not) on purpose: run by these tests through the engine, skipped when selected on its own. */
    @Target(ElementType.TYPE)
    @Retention(RetentionPolicy.RUNTIME)
    @ExtendWith(OnlyThroughEngineTestKit.class)
    @interface Body {
    }

    static final class OnlyThroughEngineTestKit implements ExecutionCondition {
        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            return context.getConfigurationParameter(THROUGH_ENGINE_TEST_KIT).isPresent()
                    ? ConditionEvaluationResult.enabled("run by LeakCheckExtensionTest")
                    : ConditionEvaluationResult.disabled("a body that LeakCheckExtensionTest runs through the EngineTestKit");
        }
    }

    static Path openAndKeep() throws IOException {
        file = Files.createTempFile("leakcheck-kept", ".txt");
        open.add(FileChannel.open(file, StandardOpenOption.READ));
        return file;
    }

    static Thread startAndKeep(String name) throws InterruptedException {
        CountDownLatch running = new CountDownLatch(1);
        Thread thread = new Thread(() -> {
            running.countDown();
            while (!Thread.currentThread().isInterrupted()) {
                LockSupport.park();
            }
        }, name);
        thread.setDaemon(true);
        started.add(thread);
        thread.start();
        running.await();
        return thread;
    }

    @Body
    static class LeakingBody {
        @Test
        @LeakCheck(maxHeapGrowthMb = 5, maxFdGrowth = 0, maxThreadGrowth = 0, settleMs = 300)
        void keepsAFileAThreadAnd20Mb() throws Exception {
            openAndKeep();
            startAndKeep("kept-thread");
            kept.add(new byte[20 << 20]);
        }
    }

    @Body
    static class CleanBody {
        @Test
        @LeakCheck(maxHeapGrowthMb = 5, maxFdGrowth = 0, maxThreadGrowth = 0, settleMs = 300)
        void closesWhatItOpens() throws Exception {
            Path temp = Files.createTempFile("leakcheck-clean", ".txt");
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                channel.write(java.nio.ByteBuffer.wrap(new byte[] {1, 2, 3}));
            } finally {
                Files.delete(temp);
            }
            Thread thread = new Thread(() -> LockSupport.parkNanos(1_000_000), "passing-thread");
            thread.start();
            thread.join();
            byte[] garbage = new byte[20 << 20];
            assertEquals(0, garbage[garbage.length - 1]);
        }
    }

    @Body
    static class HistogramBody {
        static final class Ballast {
            final byte[] bytes = new byte[1024];
        }

        @Test
        @LeakCheck(maxHeapGrowthMb = 1, histogram = true, maxInstanceGrowth = 1000, settleMs = 0)
        void keepsTenThousandBallasts() {
            for (int i = 0; i < 10_000; i++) {
                kept.add(new Ballast());
            }
        }
    }

    @Body
    static class IgnoredThreadBody {
        @Test
        @LeakCheck(ignoreThreads = "pool-of-ours-", settleMs = 300)
        void keepsAThreadItSaysToIgnore() throws Exception {
            startAndKeep("pool-of-ours-1");
        }
    }

    @Body
    static class FailingBody {
        @Test
        @LeakCheck(settleMs = 300)
        void failsAndLeaks() throws Exception {
            startAndKeep("kept-by-a-failed-test");
            throw new IllegalStateException("its own failure");
        }
    }

    @Body
    static class LeftoverOfTheWarmUp {
        /**
         * A thread of the warm-up that ends on its own 150 ms after the baseline's first collection:
         * after the first snapshot has counted it (its settled collection takes a few tens of ms), long
         * before the next one (100 ms later).
         */
        @BeforeEach
        void warmUp() throws Exception {
            long collections = collections();
            CountDownLatch running = new CountDownLatch(1);
            new Thread(() -> {
                running.countDown();
                while (collections() == collections) {
                    LockSupport.parkNanos(1_000_000);
                }
                LockSupport.parkNanos(150_000_000L);
            }, "warm-up-leftover").start();
            running.await();
        }

        private static long collections() {
            return ManagementFactory.getGarbageCollectorMXBeans().stream()
                    .mapToLong(GarbageCollectorMXBean::getCollectionCount).sum();
        }

        @Test
        @LeakCheck(settleMs = 2000)
        void keepsAThreadWhileTheWarmUpsEnds() throws Exception {
            startAndKeep("kept-thread");
        }
    }

    @Body
    @LeakCheck(samplingIntervalMs = 20, settleMs = 300)
    static class SampledBody {
        @Test
        void runsAWhileAndMarks(LeakWatch given) {
            watch = given;
            LockSupport.parkNanos(150_000_000L);
            given.mark("halfway");
            LockSupport.parkNanos(150_000_000L);
        }
    }

    // ---------------------------------------------------------------- tests

    @Test
    void shouldFailALeakingBodyNamingTheFileTheThreadAndTheHeapThatGrew() {
        String message = failureOf(run(LeakingBody.class));

        assertTrue(message.startsWith("LeakingBody.keepsAFileAThreadAnd20Mb(): leak: 3 limits exceeded"), message);
        assertTrue(message.contains("descriptors: +1 (limit 0), new: " + file), message);
        assertTrue(message.contains("threads: +1 (limit 0), new: \"kept-thread\" (daemon)"), message);
        assertTrue(message.matches("(?s).*heap: \\+2[01]\\.\\d MB \\(limit 5\\.0 MB\\).*"), message);
    }

    @Test
    void shouldTakeTheBaselineOnceWhatTheWarmUpLeftHasGoneSoItCannotHideALeak() {
        String message = failureOf(run(LeftoverOfTheWarmUp.class));

        assertTrue(message.contains("threads: +1 (limit 0), new: \"kept-thread\" (daemon)"), message);
    }

    @Test
    void shouldPassACleanBody() {
        run(CleanBody.class).assertStatistics(stats -> stats.started(1).succeeded(1));
    }

    @Test
    void shouldNameTheClassWhoseInstancesGrewWithAHistogram() {
        String message = failureOf(run(HistogramBody.class));

        String ballast = HistogramBody.Ballast.class.getName();
        assertTrue(message.contains("instances of " + ballast + ": +10000 (limit 1000)"), message);
        assertTrue(message.contains("grew most: [B"), "the arrays the ballast holds are most of the growth: " + message);
    }

    @Test
    void shouldNotCountAThreadWhosePrefixTheTestIgnores() {
        run(IgnoredThreadBody.class).assertStatistics(stats -> stats.started(1).succeeded(1));
    }

    @Test
    void shouldReportATestsOwnFailureRatherThanWhatItLeft() {
        String message = failureOf(run(FailingBody.class));

        assertEquals("its own failure", message);
    }

    @Test
    void shouldSampleDuringTheTestAndKeepItsMarks() {
        run(SampledBody.class).assertStatistics(stats -> stats.started(1).succeeded(1));

        assertNotNull(watch);
        assertTrue(watch.samples().size() >= 5, "a sample every 20 ms for 300 ms: " + watch.samples());
        assertFalse(watch.samples().stream().anyMatch(sample -> sample.heapAfterLastGc() <= 0), watch.samples().toString());
        assertEquals(List.of("halfway"), watch.marks().stream().map(MemorySnapshot::label).toList());
    }
}
