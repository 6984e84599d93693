package io.snapline.sidecar.ops;

import com.sun.management.GcInfo;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the heap from the JVM's management beans and the RSS from {@code /proc/self/status}.
 * Called once per watchdog interval, so the small allocations here do not matter.
 *
 * <p>Heap after GC, best source first:
 * <ol>
 * <li>the usage after the most recent collection of any collector ({@code GcInfo}, a HotSpot
 *     extension). This is the right number on G1: the old generation's own collection usage
 *     ({@link MemoryPoolMXBean#getCollectionUsage()}) is only updated by mixed and full
 *     collections, so between them it misses everything young collections promoted;</li>
 * <li>the sum of the heap pools' collection usage, where the JVM supports it;</li>
 * <li>used heap, before the first collection or where neither is available.</li>
 * </ol>
 */
final class JvmMemorySampler implements WatchdogSample.Sampler {

    private static final Path STATUS = Path.of("/proc/self/status");

    private final List<MemoryPoolMXBean> heapPools = new ArrayList<>();
    private final Set<String> heapPoolNames = new HashSet<>();
    private final List<GarbageCollectorMXBean> collectors = ManagementFactory.getGarbageCollectorMXBeans();
    private boolean rssReadable = Files.isReadable(STATUS);

    JvmMemorySampler() {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                heapPools.add(pool);
                heapPoolNames.add(pool.getName());
            }
        }
    }

    @Override
    public WatchdogSample sample() {
        long used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        long afterGc = afterLastGc();
        if (afterGc <= 0) {
            afterGc = collectionUsage();
        }
        return new WatchdogSample(afterGc > 0 ? afterGc : used, used, rss());
    }

    /** Heap used right after the most recent collection, or -1 before the first one. */
    private long afterLastGc() {
        GcInfo latest = null;
        for (GarbageCollectorMXBean collector : collectors) {
            if (collector instanceof com.sun.management.GarbageCollectorMXBean hotspot) {
                GcInfo info = hotspot.getLastGcInfo();
                if (info != null && (latest == null || info.getEndTime() > latest.getEndTime())) {
                    latest = info;
                }
            }
        }
        if (latest == null) {
            return -1;
        }
        long sum = 0;
        for (Map.Entry<String, MemoryUsage> pool : latest.getMemoryUsageAfterGc().entrySet()) {
            if (heapPoolNames.contains(pool.getKey())) {
                sum += pool.getValue().getUsed();
            }
        }
        return sum;
    }

    private long collectionUsage() {
        long sum = 0;
        for (MemoryPoolMXBean pool : heapPools) {
            MemoryUsage usage = pool.getCollectionUsage();
            if (usage != null) {
                sum += usage.getUsed();
            }
        }
        return sum;
    }

    /** VmRSS from /proc/self/status, or -1 off Linux or if it cannot be read. */
    private long rss() {
        if (!rssReadable) {
            return -1;
        }
        try {
            for (String line : Files.readAllLines(STATUS, StandardCharsets.US_ASCII)) {
                if (line.startsWith("VmRSS:")) {
                    return parseKilobytes(line.substring("VmRSS:".length())) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            rssReadable = false; // not going to get better; stop trying every second
        }
        return -1;
    }

    /** {@code "\t  123456 kB"} to 123456. */
    static long parseKilobytes(String value) {
        String trimmed = value.trim();
        int space = trimmed.indexOf(' ');
        return Long.parseLong(space < 0 ? trimmed : trimmed.substring(0, space));
    }
}
