package io.snapline.testkit;

import java.util.Optional;

import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.BeforeTestExecutionCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;
import org.opentest4j.AssertionFailedError;

/**
 * The JUnit 5 side of {@link LeakCheck}: a {@link LeakWatch} started right before the test body
 * (after {@code @BeforeEach}) and finished right after it (before {@code @AfterEach}); the test
 * fails with the {@link MemoryLeakReport}'s message when a limit is exceeded. The report is printed
 * either way. Resolves {@link LeakWatch} parameters of the test method.
 */
public final class LeakCheckExtension implements BeforeTestExecutionCallback, AfterTestExecutionCallback,
        ParameterResolver {

    /** The name of the sampler's thread, never counted as a leak. */
    public static final String SAMPLER_THREAD = "leakcheck-sampler";

    private static final Namespace NAMESPACE = Namespace.create(LeakCheckExtension.class);
    private static final String WATCH = "watch";
    private static final long DEFAULT_SETTLE_MS = 5000;

    /** The harness's own first use (classes, the MBean server) is not the first test's leak. */
    private static volatile boolean warmedUp;

    @Override
    public void beforeTestExecution(ExtensionContext context) {
        Optional<LeakCheck> check = leakCheck(context);
        boolean histogram = check.map(LeakCheck::histogram).orElse(false);
        warmUp(histogram);
        LeakThresholds thresholds = check.map(LeakThresholds::of).orElseGet(LeakThresholds::defaults);
        long sampling = check.map(LeakCheck::samplingIntervalMs).orElse(0L);
        long settle = check.map(LeakCheck::settleMs).orElse(DEFAULT_SETTLE_MS);
        context.getStore(NAMESPACE).put(WATCH, LeakWatch.start(thresholds, histogram, sampling, settle));
    }

    @Override
    public void afterTestExecution(ExtensionContext context) {
        LeakWatch watch = context.getStore(NAMESPACE).remove(WATCH, LeakWatch.class);
        if (watch == null) {
            return;
        }
        watch.stopSampling();
        if (context.getExecutionException().isPresent()) {
            return; // failed already: its own failure says more than what it left behind
        }
        MemoryLeakReport report = watch.finish();
        String test = context.getRequiredTestClass().getSimpleName() + "." + context.getDisplayName();
        System.out.println("LeakCheck " + test + ": " + report.message());
        if (!report.passed()) {
            throw new AssertionFailedError(test + ": " + report.message());
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == LeakWatch.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        LeakWatch watch = context.getStore(NAMESPACE).get(WATCH, LeakWatch.class);
        if (watch == null) {
            throw new ParameterResolutionException("a LeakWatch exists only for the body of a @LeakCheck test");
        }
        return watch;
    }

    /** The method's annotation, else the class's (or an enclosing class's). */
    private static Optional<LeakCheck> leakCheck(ExtensionContext context) {
        Optional<LeakCheck> onMethod = AnnotationSupport.findAnnotation(context.getTestMethod(), LeakCheck.class);
        if (onMethod.isPresent()) {
            return onMethod;
        }
        for (Class<?> type = context.getRequiredTestClass(); type != null; type = type.getEnclosingClass()) {
            Optional<LeakCheck> onClass = AnnotationSupport.findAnnotation(type, LeakCheck.class);
            if (onClass.isPresent()) {
                return onClass;
            }
        }
        return Optional.empty();
    }

    private static void warmUp(boolean histogram) {
        if (!warmedUp) {
            MemoryLeakReport.between(MemorySnapshot.take("warm-up", histogram), MemorySnapshot.take("warm-up", histogram),
                    LeakThresholds.defaults()).message();
            warmedUp = true;
        }
    }
}
