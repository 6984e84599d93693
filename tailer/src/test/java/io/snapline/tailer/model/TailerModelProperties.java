package io.snapline.tailer.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.snapline.tailer.FileIdentity;
import io.snapline.tailer.FileSequence;
import io.snapline.tailer.HourlyFileSequence;
import io.snapline.tailer.LineSink;
import io.snapline.tailer.NodeLayout;
import io.snapline.tailer.NodeStream;
import io.snapline.tailer.TailedFile;
import io.snapline.tailer.Tailer;
import io.snapline.tailer.TailerConfig;
import io.snapline.tailer.TailerEvents;
import io.snapline.tailer.TailerPositions;
import io.snapline.tailer.model.NodeWriterModel.ModelFile;
import io.snapline.tailer.model.NodeWriterModel.WrittenLine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * Model-based test of the tailer against real files: random interleavings of a node writing
 * hourly files (whole and partial lines, next hour, late writes to the previous hour), log rotation
 * (rename + create, copytruncate), pruning (delete), time passing, and stop + resume from the
 * positions handed back. The tailer is polled directly with a fake clock.
 *
 * <p>Property: every line written is delivered exactly once, with its exact bytes and span, in
 * the order written within its file, except the lines in a documented loss window (see
 * docs/tailer.md), which are computed at the moment of the action that opens the window.
 */
class TailerModelProperties {

    private static final Duration GRACE = Duration.ofSeconds(30);
    private static final int MAX_LINE = 400;
    /** Fingerprinter.MAX_BYTES: a file renamed while stopped is found again only with one this long. */
    private static final int WHOLE_FINGERPRINT = 64;

    enum Kind { APPEND, PIECE, NEXT_HOUR, LATE_WRITE, RENAME_CREATE, COPY_TRUNCATE, DELETE_OLDEST, PAUSE, POLL,
        STOP_RESUME }

    record Step(Kind kind, int seed) {
    }

    /** Without copytruncate, and with the tailer given the chance a continuously running one has. */
    @Property(tries = 1000)
    void withoutCopyTruncateEveryLineIsDeliveredOnceInOrder(@ForAll("lossless") List<Step> steps,
                                                           @ForAll("configs") TailerConfig config)
            throws IOException {
        Run run = new Run(config, false);
        try {
            run.play(steps);
            run.settle();
            run.assertDelivered();
            assertTrue(run.lost().isEmpty(), () -> "lines lost: " + run.lost());
        } finally {
            run.close();
        }
    }

    /** Any interleaving, copytruncate included: only the documented loss windows lose lines. */
    @Property(tries = 1000)
    void anyInterleavingLosesOnlyTheDocumentedWindows(@ForAll("anything") List<Step> steps,
                                                      @ForAll("configs") TailerConfig config)
            throws IOException {
        Run run = new Run(config, true);
        try {
            run.play(steps);
            run.settle();
            run.assertDelivered();
        } finally {
            run.close();
        }
    }

    @Provide
    Arbitrary<List<Step>> lossless() {
        return steps(false);
    }

    @Provide
    Arbitrary<List<Step>> anything() {
        return steps(true);
    }

    @Provide
    Arbitrary<TailerConfig> configs() {
        // Small buffers and budgets so that lines span reads, buffers grow, and polls stop early.
        return Combinators.combine(
                Arbitraries.of(32, 100, 4096),
                Arbitraries.of(64L, 1000L, 1L << 20))
                .as((buffer, budget) -> TailerConfig.defaults()
                        .withMaxLineLength(MAX_LINE)
                        .withReadBufferSize(buffer)
                        .withTooLongHeadBytes(16)
                        .withReadBudgetBytes(budget)
                        .withRolloverGrace(GRACE)
                        .withDiscoveryInterval(Duration.ZERO));
    }

    private static Arbitrary<List<Step>> steps(boolean withCopyTruncate) {
        List<Tuple.Tuple2<Integer, Kind>> weights = new ArrayList<>(List.of(
                Tuple.of(25, Kind.APPEND), Tuple.of(14, Kind.PIECE), Tuple.of(8, Kind.NEXT_HOUR),
                Tuple.of(8, Kind.LATE_WRITE), Tuple.of(4, Kind.RENAME_CREATE), Tuple.of(4, Kind.DELETE_OLDEST),
                Tuple.of(10, Kind.PAUSE), Tuple.of(14, Kind.POLL), Tuple.of(4, Kind.STOP_RESUME)));
        if (withCopyTruncate) {
            weights.add(Tuple.of(5, Kind.COPY_TRUNCATE));
        }
        return Combinators.combine(Arbitraries.frequency(weights), Arbitraries.integers().between(0, 1_000_000))
                .as(Step::new).list().ofMinSize(1).ofMaxSize(40);
    }

    /** One generated case: the writer model, the tailer under test, and what it delivered. */
    private static final class Run implements LineSink {
        private final Path root;
        private final NodeWriterModel writer;
        private final TailerConfig config;
        private final boolean lossy;
        private final AtomicLong clock = new AtomicLong(1_000_000_000L);
        private final List<FileSequence> sequences;
        private final List<Long> delivered = new ArrayList<>();
        private final Set<Long> deliveredIds = new HashSet<>();
        private final List<Long> reportedTooLong = new ArrayList<>();
        private Tailer tailer;

        Run(TailerConfig config, boolean lossy) throws IOException {
            this.root = Files.createTempDirectory("snapline-model");
            this.writer = new NodeWriterModel(root, MAX_LINE);
            this.config = config;
            this.lossy = lossy;
            this.sequences = List.of(new HourlyFileSequence(root, NodeStream.ORDER_STATUSES, NodeLayout.STREAMING));
            this.tailer = newTailer();
        }

        private Tailer newTailer() {
            return new Tailer(sequences, config, this, TailerEvents.NONE, clock::get);
        }

        void play(List<Step> steps) throws IOException {
            writer.nextHour();
            for (Step step : steps) {
                apply(step);
            }
        }

        private void apply(Step step) throws IOException {
            int seed = step.seed();
            switch (step.kind()) {
                case APPEND -> writer.appendLines(writer.newest, 1 + seed % 4, seed);
                case PIECE -> writer.appendPiece(writer.newest, seed);
                case NEXT_HOUR -> writer.nextHour();
                case LATE_WRITE -> lateWrite(seed);
                case RENAME_CREATE -> {
                    giveTheTailerItsChance(writer.newest);
                    loseUnlessHeldOpen(writer.newest);
                    writer.renameAndCreate();
                }
                case COPY_TRUNCATE -> {
                    writer.finishPartial(writer.newest);
                    loseUndelivered(writer.newest); // the documented window: written, not yet read
                    writer.copyTruncate(writer.newest);
                }
                case DELETE_OLDEST -> {
                    ModelFile oldest = writer.oldestOlderFile();
                    if (oldest != null) {
                        giveTheTailerItsChance(oldest);
                        loseUnlessHeldOpen(oldest);
                        writer.delete(oldest);
                    }
                }
                case PAUSE -> {
                    clock.addAndGet(seed % 2 == 0 ? Duration.ofSeconds(1).toNanos() : GRACE.toNanos() + 1);
                    tailer.poll();
                }
                case POLL -> tailer.poll();
                case STOP_RESUME -> stopAndResume();
            }
        }

        private void lateWrite(int seed) throws IOException {
            ModelFile late = writer.previous;
            if (late == null || !late.exists) {
                return;
            }
            if (late.path.getFileName().toString().contains(".old") && !heldOpen(late)) {
                return; // renamed out of the sequence and already let go: a write there is unreachable
            }
            if (seed % 3 == 0) {
                writer.appendPiece(late, seed);
            } else {
                writer.appendLines(late, 1 + seed % 2, seed);
            }
        }

        /**
         * A tailer that runs continuously has seen a file long before it is rotated or pruned. In
         * the lossless property the test polls until that holds; the lossy one takes what comes.
         */
        private void giveTheTailerItsChance(ModelFile file) throws IOException {
            if (!lossy) {
                pollUntil(() -> heldOpen(file) && fingerprinted(file) || undelivered(file).isEmpty());
            }
        }

        private void stopAndResume() throws IOException {
            if (!lossy) {
                pollUntil(this::readyToStop);
            }
            for (ModelFile file : writer.files) {
                // Nothing can read a deleted file once its last descriptor is closed; and a file
                // renamed out is found after a restart only if its first bytes are still the ones
                // the tailer fingerprinted (64 bytes or more when last read, not rewritten since).
                boolean renamedOut = file.exists && file.path.getFileName().toString().contains(".old");
                if (!file.exists || renamedOut && !recognisable(file)) {
                    loseUndelivered(file);
                }
            }
            TailerPositions positions = tailer.positions();
            tailer.close();
            tailer = newTailer();
            tailer.resume(positions);
        }

        /** Deleted files drained, and renamed ones with lines to come known by their first bytes. */
        private boolean readyToStop() {
            for (ModelFile file : writer.files) {
                boolean renamedOut = file.exists && file.path.getFileName().toString().contains(".old");
                if (!undelivered(file).isEmpty() && (!file.exists || renamedOut && !recognisable(file))) {
                    return false;
                }
            }
            return true;
        }

        /** Reads everything there is, lets the grace period pass, and reads again. */
        void settle() throws IOException {
            for (int round = 0; round < 3; round++) {
                pollUntil(() -> false);
                clock.addAndGet(GRACE.toNanos() + 1);
            }
            pollUntil(() -> false);
        }

        /** Polls until the condition holds or there is no more work (bounded). */
        private void pollUntil(BooleanSupplier done) throws IOException {
            for (int i = 0; i < 100_000 && !done.getAsBoolean(); i++) {
                if (tailer.poll() == 0 && tailer.poll() == 0) {
                    return;
                }
            }
        }

        private boolean heldOpen(ModelFile model) {
            boolean[] open = {false};
            tailer.forEachFile(file -> open[0] |= file.isOpen() && file.identity().inode() == model.inode);
            return open[0];
        }

        private boolean fingerprinted(ModelFile model) {
            boolean[] known = {false};
            tailer.forEachFile(file -> known[0] |= file.identity().inode() == model.inode
                    && file.identity().fingerprintLength() > 0);
            return known[0];
        }

        private boolean recognisable(ModelFile model) {
            FileIdentity[] identity = {null};
            tailer.forEachFile(file -> {
                if (file.identity().inode() == model.inode) {
                    identity[0] = file.identity();
                }
            });
            // Only a whole fingerprint tells a rename from another file given the inode (a copy).
            if (identity[0] == null || identity[0].fingerprintLength() < WHOLE_FINGERPRINT) {
                return false;
            }
            try {
                byte[] content = Files.readAllBytes(model.path);
                if (content.length < identity[0].fingerprintLength()) {
                    return false;
                }
                CRC32C crc = new CRC32C();
                crc.update(content, 0, identity[0].fingerprintLength());
                return crc.getValue() == identity[0].fingerprint();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private void loseUnlessHeldOpen(ModelFile file) {
            if (!heldOpen(file)) {
                loseUndelivered(file);
            }
        }

        private void loseUndelivered(ModelFile file) {
            for (WrittenLine line : undelivered(file)) {
                line.lost = true;
            }
        }

        private List<WrittenLine> undelivered(ModelFile file) {
            List<WrittenLine> result = new ArrayList<>();
            for (WrittenLine line : file.lines) {
                if (line.complete && !line.lost && !deliveredIds.contains(line.id) && !reportedTooLong.contains(line.id)) {
                    result.add(line);
                }
            }
            return result;
        }

        List<WrittenLine> lost() {
            List<WrittenLine> result = new ArrayList<>();
            for (ModelFile file : writer.files) {
                file.lines.stream().filter(line -> line.lost).forEach(result::add);
            }
            return result;
        }

        @Override
        public void onLine(TailedFile file, byte[] buffer, int offset, int length, long start, long end) {
            String text = new String(buffer, offset, length, StandardCharsets.US_ASCII);
            WrittenLine line = lineNamedBy(text);
            assertEquals(line.text, text, "delivered bytes differ from the line written");
            assertTrue(line.text.length() <= MAX_LINE, "an over-long line was delivered whole");
            assertSpan(line, start, end);
            assertTrue(deliveredIds.add(line.id), () -> "line delivered twice: " + text);
            delivered.add(line.id);
        }

        @Override
        public void onLineTooLong(TailedFile file, long start, long length, byte[] head, int headOffset,
                                  int headLength, long end) {
            String headText = new String(head, headOffset, headLength, StandardCharsets.US_ASCII);
            WrittenLine line = lineNamedBy(headText);
            assertEquals(line.text.length(), length, "over-long line length");
            assertEquals(line.text.substring(0, headLength), headText, "over-long line head");
            assertSpan(line, start, end);
            assertTrue(!reportedTooLong.contains(line.id), () -> "over-long line reported twice: " + line.id);
            reportedTooLong.add(line.id);
        }

        private void assertSpan(WrittenLine line, long start, long end) {
            assertEquals(line.start, start, () -> "start offset of line " + line.id);
            assertEquals(line.end, end, () -> "end offset of line " + line.id);
            // A line in a loss window may still arrive (the window is where loss is allowed, not forced).
            assertTrue(line.complete, () -> "line " + line.id + " delivered before its newline was written");
        }

        private WrittenLine lineNamedBy(String text) {
            assertTrue(text.length() >= 12, () -> "not a line of the model: '" + text + "'");
            WrittenLine line = writer.byId.get(Long.parseLong(text.substring(1, 12)));
            assertNotNull(line, () -> "not a line of the model: '" + text + "'");
            return line;
        }

        void assertDelivered() {
            List<String> missing = new ArrayList<>();
            for (ModelFile file : writer.files) {
                long lastId = -1;
                for (long id : delivered) {
                    WrittenLine line = writer.byId.get(id);
                    if (line.file == file) {
                        assertTrue(id > lastId, () -> "lines of one file out of order: " + id + " after another");
                        lastId = id;
                    }
                }
                for (WrittenLine line : file.lines) {
                    boolean expected = line.complete && !line.lost;
                    boolean arrived = deliveredIds.contains(line.id) || reportedTooLong.contains(line.id);
                    if (expected && !arrived) {
                        missing.add(line.id + " (" + file.path.getFileName() + ")");
                    }
                    if (line.text.length() > MAX_LINE && deliveredIds.contains(line.id)) {
                        fail("over-long line " + line.id + " delivered whole");
                    }
                }
            }
            if (!missing.isEmpty()) {
                fail("lines never delivered: " + missing);
            }
        }

        void close() throws IOException {
            tailer.close();
            try (Stream<Path> walk = Files.walk(root)) {
                for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(path);
                }
            }
        }
    }
}
