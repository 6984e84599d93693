package io.snapline.sidecar.config;

import io.snapline.engine.EngineConfig;
import io.snapline.engine.ring.RingConfig;
import io.snapline.sidecar.Units;
import io.snapline.tailer.TailerConfig;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code engine}: the ring's shape and the tailer's knobs. Each key is checked against the range
 * its constructor accepts, so the constructors below can only fail on a rule this class missed,
 * and even then the failure becomes an error at {@code engine}, never an exception.
 */
final class EngineSection {

    static final List<String> KEYS = List.of("ring_slots", "slot_max_bytes", "slot_max_lines", "parse_workers",
            "linger", "max_idle", "max_line_length", "rollover_grace", "read_budget", "discovery_interval",
            "start_at", "drain_timeout", "follow_symlinks", "stream_stall_after");

    /** The engine's own defaults, taken from where the engine keeps them rather than copied. */
    static final EngineConfig ENGINE_DEFAULTS = EngineConfig.forNodeData(Path.of(""));

    static final int MAX_SLOTS = 1 << 16;
    // Every slot preallocates about 32 bytes per line, so this bounds a slot's line arrays at 32 MiB.
    static final int MAX_SLOT_LINES = 1 << 20;
    static final int MAX_PARSE_WORKERS = 256;
    // One line is held whole in memory, and a queue document can hold two of them.
    static final long MAX_BYTES = 1L << 30;
    static final Duration POSITIVE = Duration.ofMillis(1);

    /** The ring, tailer and timing settings from the file. */
    record Settings(RingConfig ring, TailerConfig tailer, Duration maxIdle, Duration drainTimeout,
                    Duration streamStallAfter) {
    }

    private EngineSection() {
    }

    /** @param maxHeapBytes the heap run will have (memory.max_heap, or this JVM's), which the ring must fit */
    static Settings read(YamlMap engine, long maxHeapBytes) {
        engine.allowOnly(KEYS);
        RingConfig ringDefaults = RingConfig.defaults();
        TailerConfig tailerDefaults = TailerConfig.defaults();
        // The ring carries an over-long line's head in a slab, so a slab must hold it.
        long minSlab = Math.max(64 * 1024, tailerDefaults.tooLongHeadBytes());

        int slots = engine.get("ring_slots").flatMap(value -> value.as(
                "a power of two between 2 and " + MAX_SLOTS, text -> powerOfTwo(text))).orElse(ringDefaults.slots());
        long slabBytes = engine.get("slot_max_bytes").flatMap(value -> value.size(minSlab, MAX_BYTES))
                .orElse((long) ringDefaults.slabBytes());
        int maxLines = engine.get("slot_max_lines").flatMap(value -> value.integer(1, MAX_SLOT_LINES))
                .orElse(ringDefaults.maxLines());
        int parseWorkers = engine.get("parse_workers").flatMap(value -> value.as(
                "auto or a whole number between 1 and " + MAX_PARSE_WORKERS, text -> workers(text)))
                .orElse(0);
        Duration linger = engine.get("linger").flatMap(value -> value.duration(Duration.ZERO))
                .orElse(ringDefaults.linger());
        Duration maxIdle = engine.get("max_idle").flatMap(value -> value.duration(Duration.ZERO))
                .orElse(ENGINE_DEFAULTS.maxIdle());
        long maxLineLength = engine.get("max_line_length").flatMap(value -> value.size(1, MAX_BYTES))
                .orElse((long) tailerDefaults.maxLineLength());
        Duration rolloverGrace = engine.get("rollover_grace").flatMap(value -> value.duration(Duration.ZERO))
                .orElse(tailerDefaults.rolloverGrace());
        long readBudget = engine.get("read_budget").flatMap(value -> value.size(1, MAX_BYTES))
                .orElse(tailerDefaults.readBudgetBytes());
        Duration discoveryInterval = engine.get("discovery_interval")
                .flatMap(value -> value.duration(Duration.ZERO)).orElse(tailerDefaults.discoveryInterval());
        TailerConfig.StartAt startAt = engine.get("start_at").flatMap(value -> value.oneOf(startAtNames()))
                .orElse(tailerDefaults.startAt());
        boolean followSymlinks = engine.get("follow_symlinks").flatMap(YamlValue::bool)
                .orElse(tailerDefaults.followSymlinks());
        Duration drainTimeout = engine.get("drain_timeout").flatMap(value -> value.duration(POSITIVE))
                .orElse(ENGINE_DEFAULTS.drainTimeout());
        // 0 turns stall records off; anything else is how long one stream may be silent while others advance.
        Duration streamStallAfter = engine.get("stream_stall_after").flatMap(value -> value.duration(Duration.ZERO))
                .orElse(ENGINE_DEFAULTS.stallAfter());

        RingConfig ring = ringDefaults;
        TailerConfig tailer = tailerDefaults;
        try {
            ring = ringDefaults.withSlots(slots).withSlabBytes((int) slabBytes).withMaxLines(maxLines)
                    .withLinger(linger).withParseWorkers(parseWorkers == 0 ? ringDefaults.parseWorkers() : parseWorkers);
            tailer = tailerDefaults.withMaxLineLength((int) maxLineLength).withRolloverGrace(rolloverGrace)
                    .withReadBudgetBytes(readBudget).withDiscoveryInterval(discoveryInterval).withStartAt(startAt)
                    .withFollowSymlinks(followSymlinks);
            checkRingFitsHeap(engine, ring, maxHeapBytes);
        } catch (IllegalArgumentException e) {
            engine.errorHere(e.getMessage());
        }
        return new Settings(ring, tailer, maxIdle, drainTimeout, streamStallAfter);
    }

    /**
     * The ring is allocated whole at start and never shrinks, so one that takes more than half the
     * heap leaves too little for everything else (a by-block line and its records, Chronicle's
     * buffers) and would fail later with an OutOfMemoryError, or keep the memory watchdog's
     * critical state on for good. Better said now, at the key that sized it.
     */
    private static void checkRingFitsHeap(YamlMap engine, RingConfig ring, long maxHeap) {
        if (ring.memoryBytes() <= maxHeap / 2) {
            return;
        }
        String message = "expected a ring that fits in half the max heap (" + mib(maxHeap / 2) + " of " + mib(maxHeap)
                + "), got " + ring.slots() + " slots x " + Units.exactSize(ring.slabBytes()) + " taking "
                + mib(ring.memoryBytes()) + " (each slot holds its slab, a record buffer of 1.5 x the slab and 28 bytes"
                + " a line); lower ring_slots or slot_max_bytes, or raise memory.max_heap and -Xmx";
        for (String key : List.of("slot_max_bytes", "ring_slots", "slot_max_lines")) {
            if (engine.has(key)) {
                engine.error(key, message);
                return;
            }
        }
        engine.errorHere(message);
    }

    private static String mib(long bytes) {
        return ((bytes + (1 << 19)) >> 20) + " MiB";
    }

    private static Integer powerOfTwo(String text) {
        try {
            long value = Long.parseLong(text);
            return value >= 2 && value <= MAX_SLOTS && Long.bitCount(value) == 1 ? (int) value : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** 0 stands for auto: the ring's default, which depends on the processors of this machine. */
    private static Integer workers(String text) {
        if (text.equals("auto")) {
            return 0;
        }
        try {
            long value = Long.parseLong(text);
            return value >= 1 && value <= MAX_PARSE_WORKERS ? (int) value : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Map<String, TailerConfig.StartAt> startAtNames() {
        Map<String, TailerConfig.StartAt> names = new LinkedHashMap<>();
        names.put("beginning", TailerConfig.StartAt.BEGINNING);
        names.put("end", TailerConfig.StartAt.END);
        return names;
    }
}
