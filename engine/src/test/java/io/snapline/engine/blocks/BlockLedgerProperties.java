package io.snapline.engine.blocks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.snapline.records.BatchDocument;
import io.snapline.records.BatchView;
import io.snapline.records.Field;
import io.snapline.records.RecordType;
import io.snapline.records.testing.Rec;
import io.snapline.tailer.NodeStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The ledger's accounting does not depend on how lines fall into batches, how two sequences'
 * lines interleave, or where the engine restarts (its state going through {@link LedgerCodec} as
 * it does through the queue): event indexes, seals and gaps always equal those of a plain walk over
 * each sequence's lines in order, the oracle below.
 */
class BlockLedgerProperties {

    private static final String STREAMING = "node_order_statuses_streaming";
    private static final String BY_BLOCK = "node_fills_by_block";

    /** One line of one sequence: its block and events (-1 events: a dead letter). */
    record Line(String sequence, long block, int events, long offset) {
    }

    @Property(tries = 200)
    void accountingIsThatOfEachSequenceReadInOrder(@ForAll("node") List<Line> lines, @ForAll long seed) {
        Random random = new Random(seed);
        List<String> expected = oracle(lines);
        List<String> actual = new ArrayList<>();
        BlockLedger ledger = BlockLedger.fresh(Duration.ZERO);
        int at = 0;
        while (at < lines.size()) {
            int size = 1 + random.nextInt(6);
            TestLines batch = new TestLines();
            int streaming = batch.source(STREAMING, NodeStream.ORDER_STATUSES, "/s/17");
            int byBlock = batch.source(BY_BLOCK, NodeStream.FILLS, "/b/17");
            for (Line line : lines.subList(at, Math.min(lines.size(), at + size))) {
                int source = line.sequence().equals(STREAMING) ? streaming : byBlock;
                if (line.events() < 0) {
                    batch.deadLetter(source, line.offset());
                } else {
                    batch.line(source, line.offset(), line.block(), line.events());
                }
            }
            at += size;
            ledger.account(batch);
            byte[] document = BatchDocument.copyOf(batch);
            for (Rec record : Rec.allOf(new BatchView().wrap(document, 0, document.length))) {
                actual.add(describe(record));
            }
            if (random.nextInt(3) == 0) { // a restart: only what the batch stored goes on
                ledger = new BlockLedger(Duration.ZERO, LedgerCodec.decode(batch.positions, 0, batch.positions.length),
                        Map.of(STREAMING, NodeStream.ORDER_STATUSES, BY_BLOCK, NodeStream.FILLS));
            }
        }
        assertEquals(sorted(expected), sorted(actual));
        // A batch's accounting records follow its events; each kind stays in file order by sequence.
        for (String sequence : List.of(STREAMING, BY_BLOCK)) {
            for (String kind : List.of(" event ", " seal ", " gap ")) {
                assertEquals(inOrder(expected, sequence, kind), inOrder(actual, sequence, kind), sequence + kind);
            }
        }
    }

    /** What each sequence's lines, walked alone in order, must give. */
    private static List<String> oracle(List<Line> lines) {
        List<String> out = new ArrayList<>();
        for (String sequence : List.of(STREAMING, BY_BLOCK)) {
            boolean byBlock = sequence.equals(BY_BLOCK);
            String layout = byBlock ? "by_block" : "streaming";
            String stream = byBlock ? "node_fills" : "node_order_statuses";
            long last = -1;
            long count = 0;
            boolean unreadable = false;
            for (Line line : lines) {
                if (!line.sequence().equals(sequence)) {
                    continue;
                }
                if (line.events() < 0) {
                    out.add(sequence + "@" + line.offset() + " dead_letter");
                    unreadable = true;
                    continue;
                }
                long base = 0;
                if (last >= 0 && line.block() > last + 1) {
                    String certainty = byBlock && !unreadable ? "certain" : "possible";
                    if (!byBlock) {
                        out.add(sequence + "@" + line.offset() + " seal " + stream + "/" + layout + " " + last + " " + count);
                    }
                    out.add(sequence + "@" + line.offset() + " gap " + stream + "/" + layout + " " + (last + 1) + ".."
                            + (line.block() - 1) + " " + certainty);
                } else if (!byBlock && last >= 0 && line.block() > last) {
                    out.add(sequence + "@" + line.offset() + " seal " + stream + "/" + layout + " " + last + " " + count);
                } else if (!byBlock && line.block() == last) {
                    base = count;
                }
                if (byBlock) {
                    out.add(sequence + "@" + line.offset() + " seal " + stream + "/" + layout + " " + line.block() + " "
                            + line.events());
                }
                for (int i = 0; i < line.events(); i++) {
                    out.add(sequence + "@" + line.offset() + " event " + line.block() + "#" + (base + i));
                }
                count = line.block() == last && !byBlock ? count + line.events() : line.events();
                last = line.block();
                unreadable = false;
            }
        }
        return out;
    }

    private static String describe(Rec r) {
        String sequence = r.source().startsWith("/s/") ? STREAMING : BY_BLOCK;
        String at = sequence + "@" + r.offset() + " ";
        if (r.type() == RecordType.DEAD_LETTER) {
            return at + "dead_letter";
        }
        if (r.type() == RecordType.BLOCK_SEAL) {
            return at + "seal " + r.text(Field.STREAM) + "/" + r.text(Field.LAYOUT) + " " + r.longValue(Field.BLOCK_NUMBER)
                    + " " + r.longValue(Field.EVENT_COUNT);
        }
        if (r.type() == RecordType.BLOCK_GAP) {
            return at + "gap " + r.text(Field.STREAM) + "/" + r.text(Field.LAYOUT) + " " + r.longValue(Field.FROM_BLOCK)
                    + ".." + r.longValue(Field.TO_BLOCK) + " " + r.text(Field.CERTAINTY);
        }
        return at + "event " + r.longValue(Field.BLOCK_NUMBER) + "#" + r.longValue(Field.EVENT_INDEX);
    }

    private static List<String> sorted(List<String> records) {
        List<String> copy = new ArrayList<>(records);
        copy.sort(null);
        return copy;
    }

    private static List<String> inOrder(List<String> records, String sequence, String kind) {
        return records.stream().filter(r -> r.startsWith(sequence + "@") && r.contains(kind)).toList();
    }

    /**
     * A node writing blocks upward from 1000: for each block, the streaming sequence has 0 to 3
     * lines of 1 to 3 events (0 lines: no events, or lines lost), the by-block one a line of 0 to 3
     * events, or none (a lost line); now and then a dead letter; the two interleaved at random.
     */
    @Provide
    Arbitrary<List<Line>> node() {
        Arbitrary<int[]> block = Combinators.combine(
                Arbitraries.integers().between(0, 3), Arbitraries.integers().between(1, 3),
                Arbitraries.integers().between(-1, 3), Arbitraries.integers().between(0, 9),
                Arbitraries.integers().between(1, 3)).as((lines, events, byBlockEvents, dead, skip) ->
                        new int[] {lines, events, byBlockEvents, dead, skip});
        return Combinators.combine(block.list().ofMinSize(1).ofMaxSize(40), Arbitraries.longs()).as((blocks, seed) -> {
            Random random = new Random(seed);
            List<Line> streaming = new ArrayList<>();
            List<Line> byBlock = new ArrayList<>();
            long number = 1000;
            long streamingOffset = 0;
            long byBlockOffset = 0;
            for (int[] b : blocks) {
                number += b[4] == 3 ? 2 : 1; // now and then a block no sequence has a line of
                for (int i = 0; i < b[0]; i++) {
                    streaming.add(new Line(STREAMING, number, b[1], streamingOffset));
                    streamingOffset += 100;
                }
                if (b[2] >= 0) {
                    byBlock.add(new Line(BY_BLOCK, number, b[2], byBlockOffset));
                    byBlockOffset += 100;
                }
                if (b[3] == 0) {
                    (random.nextBoolean() ? streaming : byBlock).add(new Line(random.nextBoolean() ? STREAMING : BY_BLOCK,
                            -1, -1, 0)); // fixed below
                }
            }
            return interleave(fixDeadLetters(streaming), fixDeadLetters(byBlock), random);
        });
    }

    /** Gives each dead letter its list's sequence and an offset after the line before it. */
    private static List<Line> fixDeadLetters(List<Line> lines) {
        List<Line> fixed = new ArrayList<>();
        long offset = 0;
        for (Line line : lines) {
            String sequence = lines.stream().filter(l -> l.events() >= 0).map(Line::sequence).findFirst().orElse(STREAMING);
            fixed.add(line.events() < 0 ? new Line(sequence, -1, -1, offset) : new Line(line.sequence(), line.block(),
                    line.events(), offset));
            offset += 100;
        }
        return fixed;
    }

    private static List<Line> interleave(List<Line> a, List<Line> b, Random random) {
        List<Line> out = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (i < a.size() || j < b.size()) {
            if (j >= b.size() || (i < a.size() && random.nextBoolean())) {
                out.add(a.get(i++));
            } else {
                out.add(b.get(j++));
            }
        }
        return out;
    }
}
