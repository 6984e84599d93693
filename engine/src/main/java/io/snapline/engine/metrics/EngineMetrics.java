package io.snapline.engine.metrics;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.snapline.engine.parse.UnknownFields;
import io.snapline.engine.blocks.BlockLedger;
import io.snapline.engine.filter.FilterFields;
import io.snapline.engine.filter.FilterReason;
import io.snapline.engine.ring.BatchObserver;
import io.snapline.engine.ring.Pipeline;
import io.snapline.engine.ring.PipelineCounters;
import io.snapline.engine.ring.SlotPublisher;
import io.snapline.records.DeadLetterReason;
import io.snapline.records.RecordType;
import io.snapline.tailer.Tailer;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The engine's Micrometer meters. Nothing here runs per line: counters are read from the
 * pipeline's own primitive counts when the registry is scraped, distributions are recorded once
 * per batch on the writer thread, and per-file lag is sampled at most once a second on the
 * reader thread between polls.
 */
public final class EngineMetrics implements BatchObserver, AutoCloseable {

    private static final long LAG_SAMPLE_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final DistributionSummary batchLines;
    private final DistributionSummary batchBytes;
    private final Timer parseTime;
    private final Timer writeTime;
    private final MultiGauge lagByFile;
    private final AtomicLong totalLag = new AtomicLong();
    private long nextLagSample = System.nanoTime();
    private final MeterRegistry registry;
    private final List<Meter> meters = new ArrayList<>();

    /**
     * Registers the meters the writer records into; {@link #bind(Pipeline)} adds those read from
     * the pipeline once it exists. Two steps because the pipeline reports its batches here.
     */
    public EngineMetrics(MeterRegistry registry) {
        this.registry = registry;
        own(Gauge.builder("snapline.lag.unread", totalLag, AtomicLong::get).baseUnit("bytes")
                .description("bytes in tailed files not yet read").register(registry));
        this.lagByFile = MultiGauge.builder("snapline.lag.bytes").baseUnit("bytes")
                .description("bytes not yet read, per tailed file").register(registry);
        this.batchLines = own(DistributionSummary.builder("snapline.batch.lines").description("lines per batch")
                .publishPercentiles(0.5, 0.99).register(registry));
        this.batchBytes = own(DistributionSummary.builder("snapline.batch.bytes").baseUnit("bytes")
                .description("line bytes per batch").register(registry));
        this.parseTime = own(Timer.builder("snapline.parse.time").description("time to parse one batch").register(registry));
        this.writeTime = own(Timer.builder("snapline.write.time").description("time to append one batch").register(registry));
    }


    /** Registers the meters read from the pipeline's own counts and gauges. */
    public EngineMetrics bind(Pipeline pipeline) {
        SlotPublisher publisher = pipeline.publisher();
        PipelineCounters counters = pipeline.counters();
        own(FunctionCounter.builder("snapline.lines.read", publisher, SlotPublisher::linesRead)
                .description("lines handed over to the ring").register(registry));
        own(FunctionCounter.builder("snapline.bytes.read", publisher, SlotPublisher::bytesRead)
                .baseUnit("bytes").description("line bytes handed over to the ring").register(registry));
        own(FunctionCounter.builder("snapline.reader.wait", publisher, p -> p.claimWaitNanos() / 1e9)
                .baseUnit("seconds").description("time the reader waited for a free slot (backpressure)")
                .register(registry));
        for (RecordType type : RecordType.values()) {
            own(FunctionCounter.builder("snapline.records.written", counters, c -> c.records(type))
                    .tag("type", type.jsonName()).description("records made durable in the output").register(registry));
        }
        for (RecordType type : RecordType.values()) {
            for (FilterReason reason : FilterReason.values()) {
                if (FilterFields.applies(type, reason)) {
                    own(FunctionCounter.builder("snapline.events.filtered", counters, c -> c.filtered(type, reason))
                            .tag("type", type.jsonName()).tag("reason", reason.label())
                            .description("events the ingest filter dropped (config filter:)").register(registry));
                }
            }
        }
        for (DeadLetterReason reason : DeadLetterReason.values()) {
            own(FunctionCounter.builder("snapline.dead.letters", counters, c -> c.deadLetters(reason))
                    .tag("reason", reason.label()).description("lines kept as dead letters").register(registry));
        }
        own(FunctionCounter.builder("snapline.block.gaps", counters, PipelineCounters::blockGaps)
                .description("jumps of more than one in block_number within a file sequence").register(registry));
        BlockLedger blocks = counters.blocks();
        own(FunctionCounter.builder("snapline.blocks.sealed", blocks, BlockLedger::seals)
                .description("blocks known complete (block_seal records)").register(registry));
        for (boolean certain : new boolean[] {true, false}) {
            String certainty = certain ? "certain" : "possible";
            own(FunctionCounter.builder("snapline.blocks.gaps", blocks, b -> b.gaps(certain)).tag("certainty", certainty)
                    .description("block_gap records: by-block layout certain, streaming possible").register(registry));
            own(FunctionCounter.builder("snapline.blocks.missing", blocks, b -> b.missingBlocks(certain))
                    .tag("certainty", certainty).description("blocks inside the gaps").register(registry));
        }
        own(FunctionCounter.builder("snapline.blocks.out_of_order", blocks, BlockLedger::outOfOrder)
                .description("lines whose block_number is below their sequence's last").register(registry));
        own(Gauge.builder("snapline.streams.stalled", blocks, BlockLedger::stalledStreams)
                .description("streams silent while others advance (engine.stall_after)").register(registry));
        own(FunctionCounter.builder("snapline.batches.discarded", counters, PipelineCounters::batchesDiscarded)
                .description("batches released unwritten after a failure").register(registry));
        own(Gauge.builder("snapline.ring.occupancy", pipeline, Pipeline::occupiedSlots)
                .description("slots published and not yet durable").register(registry));
        own(Gauge.builder("snapline.ring.slots", pipeline, Pipeline::slots).register(registry));
        own(Gauge.builder("snapline.inflight.lines", pipeline, p -> p.inFlight().lines())
                .description("lines published and not yet released").register(registry));
        own(Gauge.builder("snapline.inflight.bytes", pipeline, p -> p.inFlight().bytes())
                .baseUnit("bytes").description("line bytes published and not yet released").register(registry));
        return this;
    }

    /**
     * Registers {@code snapline.fields.unknown{stream, field}} for each unknown field name as it
     * first appears (at most {@link UnknownFields#MAX_NAMES_PER_STREAM} per stream, then
     * {@code field="_other"}), read from the parsers' published counts.
     */
    public EngineMetrics bind(UnknownFields unknownFields) {
        unknownFields.listen((stream, field, index) -> {
            synchronized (meters) {
                own(FunctionCounter.builder("snapline.fields.unknown", unknownFields, u -> u.count(stream, index))
                        .tag("stream", stream.directoryName()).tag("field", field)
                        .description("fields the parser does not know, kept with their exact JSON").register(registry));
            }
        });
        return this;
    }

    private <M extends Meter> M own(M meter) {
        meters.add(meter);
        return meter;
    }

    /** Removes this engine's meters, so a registry outliving the engine keeps no dead gauges. */
    @Override
    public void close() {
        lagByFile.register(List.of(), true);
        synchronized (meters) { // a parse worker may be registering an unknown field's meter
            for (Meter meter : meters) {
                registry.remove(meter);
            }
            meters.clear();
        }
    }

    @Override
    public void onBatch(int lines, long bytes, int records, long parseNanos, long writeNanos) {
        batchLines.record(lines);
        batchBytes.record(bytes);
        parseTime.record(parseNanos, TimeUnit.NANOSECONDS);
        if (writeNanos >= 0) {
            writeTime.record(writeNanos, TimeUnit.NANOSECONDS);
        }
    }

    /** Between polls on the reader thread: refreshes per-file lag at most once a second. */
    /** Unread bytes over all files at the last sample (at most a second old). */
    public long lagBytes() {
        return totalLag.get();
    }

    public void sampleLag(Tailer tailer) {
        long now = System.nanoTime();
        if (now - nextLagSample < 0) {
            return;
        }
        nextLagSample = now + LAG_SAMPLE_NANOS;
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        long[] total = new long[1];
        tailer.forEachFile(file -> {
            long lag = file.lagBytes();
            total[0] += lag;
            rows.add(MultiGauge.Row.of(Tags.of("sequence", file.sequence(), "file", file.path().toString()), lag));
        });
        totalLag.set(total[0]);
        lagByFile.register(rows, true);
    }
}
