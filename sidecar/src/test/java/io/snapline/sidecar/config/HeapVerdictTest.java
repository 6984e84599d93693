package io.snapline.sidecar.config;

import static io.snapline.sidecar.config.ConfigFixtures.VALID_START;
import static io.snapline.sidecar.config.ConfigFixtures.errors;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * {@code check} and {@code run} run in different JVMs (the systemd unit gives only {@code run} its
 * {@code -Xmx512m}); with {@code memory.max_heap} both judge the heap rules against that heap, so
 * they give the same verdict, and {@code run} refuses a JVM with less heap than it.
 */
class HeapVerdictTest {

    private static final long CHECK_HEAP = 8L << 30; // check started without -Xmx: a quarter of a 32 GiB host
    private static final long RUN_HEAP = 512L << 20;

    /** A ring of 32 x 4 MiB slots takes 320 MiB: more than half of 512 MiB, far less than half of 8 GiB. */
    private static final String RING_TOO_BIG_FOR_RUN = VALID_START + """
            engine:
              ring_slots: 32
              slot_max_bytes: 4MiB
            memory:
              max_heap: 512MiB
            """;

    @Test
    void shouldGiveCheckTheVerdictRunGetsForARingThatDoesNotFitRunsHeap() {
        List<ConfigError> check = errors(RING_TOO_BIG_FOR_RUN, JvmHeap.judging(CHECK_HEAP));
        List<ConfigError> run = errors(RING_TOO_BIG_FOR_RUN, JvmHeap.running(RUN_HEAP));

        assertEquals(run, check);
        assertEquals(1, check.size(), check.toString());
        assertEquals("engine.slot_max_bytes", check.get(0).key());
        assertTrue(check.get(0).message().startsWith("expected a ring that fits in half the max heap (256 MiB of"
                + " 512 MiB), got 32 slots x 4MiB"), check.get(0).message());
    }

    @Test
    void shouldResolveHeapPercentagesAgainstMaxHeapInCheckAndRunAlike() throws Exception {
        String yaml = VALID_START + """
                memory:
                  max_heap: 512MiB
                  heap_critical: 50%
                  heap_warning: 100MiB
                """;

        SnaplineConfig check = ConfigLoader.parse(yaml, "snapline.yaml", Map.of(), JvmHeap.judging(CHECK_HEAP));
        SnaplineConfig run = ConfigLoader.parse(yaml, "snapline.yaml", Map.of(), JvmHeap.running(RUN_HEAP));

        assertEquals(256L << 20, check.memory().heapCriticalBytes());
        assertEquals(check.memory(), run.memory());
        assertEquals(new MemorySettings(100L << 20, 256L << 20, 0, 0, RUN_HEAP, true), run.memory());
    }

    @Test
    void shouldRefuseToRunWithLessHeapThanMaxHeapSays() {
        String yaml = VALID_START + """
                memory:
                  max_heap: 512MiB
                """;

        assertEquals(List.of(new ConfigError("memory.max_heap", 8, "expected the max heap this JVM was started with"
                + " (-Xmx), 256MiB, got 512MiB: start run with -Xmx512m, or set max_heap to the -Xmx run is given,"
                + " so that check and run judge the heap rules alike")),
                errors(yaml, JvmHeap.running(256L << 20)));
    }

    @Test
    void shouldTakeAParallelGcHeapAShadeUnderMaxHeapForIt() throws Exception {
        // java -Xmx512m -XX:+UseParallelGC reports 455.5 MiB: one survivor space is left out.
        String yaml = VALID_START + """
                memory:
                  max_heap: 512MiB
                """;

        SnaplineConfig run = ConfigLoader.parse(yaml, "snapline.yaml", Map.of(), JvmHeap.running(477_626_368L));
        assertEquals(RUN_HEAP, run.memory().maxHeapBytes());
    }

    /** 16 slots of 4 MiB preallocate 160 MiB: a critical mark of 128 MiB would pause from the first sample on. */
    @Test
    void shouldRefuseACriticalMarkTheRingAloneReaches() {
        String yaml = VALID_START + """
                engine:
                  ring_slots: 16
                  slot_max_bytes: 4MiB
                memory:
                  max_heap: 1GiB
                  heap_critical: 128MiB
                  heap_warning: 100MiB
                """;

        assertEquals(List.of(new ConfigError("memory.heap_critical", 12, "expected more than the ring's 164 MiB"
                + " (engine.ring_slots x engine.slot_max_bytes, held for the engine's life: pausing intake cannot"
                + " free it), got 128 MiB; raise it, or make the ring smaller")), errors(yaml, JvmHeap.judging(CHECK_HEAP)));
    }
}
