package io.snapline.engine.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.Arrays;

/**
 * Bytes the current thread allocates, as {@code com.sun.management.ThreadMXBean} counts them.
 *
 * <p>Steady-state code is run in several rounds and judged twice: the best round must allocate
 * nothing at all, and every round less than one byte per operation. Anything allocated per
 * operation (16 bytes at least) fails both; what passes the second but not a strict zero in every
 * round is the JVM's own rare few hundred bytes on this thread (seen about once in 100,000 hand-overs,
 * gone with escape analysis off: a deoptimisation's doing), which is not the code under test.
 */
public final class ThreadAllocation {

    private ThreadAllocation() {
    }

    /** Runs {@code work} {@code rounds} times; asserts as above for {@code operations} operations a round. */
    public static long[] assertNoneInSteadyState(int rounds, long operations, Runnable work) {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assertTrue(threads.isCurrentThreadCpuTimeSupported() && threads.isThreadAllocatedMemoryEnabled(),
                "this JVM cannot count allocated bytes");
        long[] bytes = new long[rounds];
        for (int round = 0; round < rounds; round++) {
            long before = threads.getCurrentThreadAllocatedBytes();
            work.run();
            bytes[round] = threads.getCurrentThreadAllocatedBytes() - before;
        }
        String report = Arrays.toString(bytes) + " bytes allocated in rounds of " + operations + " operations";
        assertTrue(Arrays.stream(bytes).min().orElseThrow() == 0, report);
        assertTrue(Arrays.stream(bytes).allMatch(round -> round < operations), report);
        return bytes;
    }
}
