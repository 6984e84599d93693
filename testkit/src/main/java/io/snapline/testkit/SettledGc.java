package io.snapline.testkit;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A forced garbage collection that is let settle: {@link System#gc()} again until the heap in use
 * stops falling, so that what is left is what is reachable. One collection is not enough: objects
 * kept by finalizers, cleaners or reference queues go on a later one, after their handler ran.
 */
public final class SettledGc {

    private static final int MAX_COLLECTIONS = 8;
    /** Less than this between two collections is no fall: the heap has settled. */
    private static final long SETTLED_BYTES = 256 * 1024;

    private SettledGc() {
    }

    /** Collects until the heap stops falling (at most {@value #MAX_COLLECTIONS} times); returns the heap in use. */
    public static long collect() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long previous = Long.MAX_VALUE;
        long used = 0;
        for (int collection = 1; collection <= MAX_COLLECTIONS; collection++) {
            System.gc();
            // Cleaners and reference handlers run on their own threads after the collection.
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10L * collection));
            used = memory.getHeapMemoryUsage().getUsed();
            if (collection > 1 && previous - used < SETTLED_BYTES) {
                break;
            }
            previous = used;
        }
        return used;
    }
}
