package io.snapline.testkit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Fails a test that leaves more behind than it found: a {@link MemorySnapshot} is taken after the
 * {@code @BeforeEach} methods (so warm-up belongs there) and another after the test body, and the
 * {@link MemoryLeakReport} between them is judged against these limits; the failure message names
 * what grew. Descriptors, threads and mapped files are given {@link #settleMs()} to go away, since
 * they close asynchronously (and the baseline waits for those of the warm-up that are still going
 * away). A test that fails on its own is not judged.
 *
 * <p>Tags the test {@code memory}: {@code make test} runs it. A long one is tagged
 * {@code memory-long} too, which keeps it out of {@code make test} and in {@code make test-memory}.
 *
 * <p>A test may take a {@link LeakWatch} parameter to mark instants inside its run (heap at 20% and
 * at 100% of a long run), or to take its baseline again after warming up in its body.
 *
 * <p>On a class, it applies to each test; on a method, it replaces the class's.
 */
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Tag("memory")
@ExtendWith(LeakCheckExtension.class)
public @interface LeakCheck {

    /** Growth of heap in use after a settled collection, in MB; -1 not judged. */
    double maxHeapGrowthMb() default 16;

    /** Growth of the resident set, in MB; -1 (the default) not judged: the JVM keeps heap it grew into. */
    double maxRssGrowthMb() default LeakThresholds.NOT_JUDGED;

    /** Growth of the direct buffer pool, in MB; -1 (the default) not judged. */
    double maxDirectGrowthMb() default LeakThresholds.NOT_JUDGED;

    /** More open descriptors than before; -1 not judged. */
    int maxFdGrowth() default 0;

    /** More live threads than before (the JVM's and the test framework's not counted); -1 not judged. */
    int maxThreadGrowth() default 0;

    /** More distinct mapped files (and mapped buffers) than before; -1 not judged. */
    int maxMappedGrowth() default 0;

    /** More live instances of any one class; -1 (the default) not judged. Needs {@link #histogram()}. */
    long maxInstanceGrowth() default LeakThresholds.NOT_JUDGED;

    /** Also a class histogram before and after, so that the report names the classes that grew. Slow. */
    boolean histogram() default false;

    /** When above 0, a {@link MemorySampler} reads heap, RSS, descriptors and threads this often during the test. */
    long samplingIntervalMs() default 0;

    /**
     * How long descriptors, threads and mapped files get to go away after the test before they
     * count; and how long the baseline waits for those still going away before the test.
     */
    long settleMs() default 5000;

    /** Name prefixes of threads not counted, besides {@link LeakThresholds#JVM_THREADS}. */
    String[] ignoreThreads() default {};

    /** Regexes of descriptor targets not counted, besides {@link LeakThresholds#JVM_DESCRIPTORS}. */
    String[] ignoreDescriptors() default {};

    /** Regexes of mapped file paths not counted. */
    String[] ignoreMappedFiles() default {};
}
