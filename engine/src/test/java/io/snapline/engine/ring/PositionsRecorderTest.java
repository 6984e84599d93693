package io.snapline.engine.ring;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.snapline.engine.testing.NodeFile;
import io.snapline.engine.testing.NodeLines;
import io.snapline.engine.testing.ThreadAllocation;
import io.snapline.records.PositionsCodec;
import io.snapline.records.testing.PositionsLayout;
import io.snapline.tailer.FilePosition;
import io.snapline.tailer.HourlyFileSequence;
import io.snapline.tailer.LineSink;
import io.snapline.tailer.NodeLayout;
import io.snapline.tailer.NodeStream;
import io.snapline.tailer.TailedFile;
import io.snapline.tailer.Tailer;
import io.snapline.tailer.TailerConfig;
import io.snapline.tailer.TailerEvents;
import io.snapline.tailer.TailerPositions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A batch's positions as the reader records them, held to the bytes {@code PositionsCodec.encode}
 * gives for {@code Tailer.positions()} (with the file being read at the end of its last line
 * taken, as {@code SlotPublisher} recorded it before) and to the layout oracle, over a real
 * tailer whose files come, move and go.
 */
class PositionsRecorderTest {

    private static final String DAY = "20260505";
    private static final Duration GRACE = Duration.ofSeconds(5);

    @TempDir
    Path dir;

    private Path root;
    private long nanos;
    private Tailer tailer;
    private final List<TailedFile> taken = new ArrayList<>();
    private final List<Long> takenEnds = new ArrayList<>();

    @BeforeEach
    void start() {
        root = dir.resolve("nœud données"); // names with multi-byte UTF-8 in every path
        LineSink sink = (file, bytes, offset, length, startOffset, endOffset) -> {
            taken.add(file);
            takenEnds.add(endOffset);
        };
        tailer = new Tailer(List.of(new HourlyFileSequence(root, NodeStream.ORDER_STATUSES, NodeLayout.STREAMING),
                new HourlyFileSequence(root, NodeStream.TRADES, NodeLayout.PLAIN)),
                TailerConfig.defaults().withRolloverGrace(GRACE), sink, TailerEvents.NONE, () -> nanos);
    }

    @AfterEach
    void stop() throws IOException {
        tailer.close();
    }

    @Test
    void shouldEncodeTheSameBytesAsPositionsCodecAsFilesComeMoveAndGo() throws IOException {
        PositionsRecorder recorder = new PositionsRecorder();
        byte[] target = new byte[64]; // too small for two files: grows once

        NodeFile orders17 = NodeFile.at(root, NodeStream.ORDER_STATUSES, NodeLayout.STREAMING, DAY, 17);
        orders17.append(NodeLines.streamingOrderStatus(1, 1), NodeLines.streamingOrderStatus(2, 2));
        NodeFile trades17 = NodeFile.at(root, NodeStream.TRADES, NodeLayout.PLAIN, DAY, 17);
        trades17.append(NodeLines.trade(1));
        poll();
        assertEquals(2, tailer.positions().files().size());
        target = assertEveryReadingFileEncodesAsTheCodec(recorder, target);

        orders17.append(NodeLines.streamingOrderStatus(3, 3));
        trades17.append(NodeLines.trade(2), NodeLines.trade(3));
        poll();
        target = assertEveryReadingFileEncodesAsTheCodec(recorder, target);

        // Rollover: the next hour's file appears beside the one still being written.
        NodeFile orders18 = NodeFile.at(root, NodeStream.ORDER_STATUSES, NodeLayout.STREAMING, DAY, 18);
        orders18.append(NodeLines.streamingOrderStatus(4, 4));
        orders17.append(NodeLines.streamingOrderStatus(5, 5)); // a late write to the previous hour
        poll();
        assertEquals(3, tailer.positions().files().size());
        target = assertEveryReadingFileEncodesAsTheCodec(recorder, target);

        // The old hour goes: deleted, drained, forgotten once the grace period is over.
        Files.delete(orders17.path());
        poll();
        target = assertEveryReadingFileEncodesAsTheCodec(recorder, target);
        nanos += 2 * GRACE.toNanos();
        poll();
        assertFalse(pathsKnown().contains(orders17.path().toString()), "forgotten: " + tailer.positions());
        assertEquals(2, tailer.positions().files().size());
        target = assertEveryReadingFileEncodesAsTheCodec(recorder, target);

        // Moved within its sequence: the same file (the same place in the walk) under a new path.
        Path trades19 = NodeFile.hourly(root, NodeStream.TRADES, NodeLayout.PLAIN, DAY, 19);
        Files.move(trades17.path(), trades19);
        poll();
        assertTrue(pathsKnown().contains(trades19.toString()), "renamed: " + tailer.positions());
        target = assertEveryReadingFileEncodesAsTheCodec(recorder, target);

        // A new file that sorts first: every place in the walk holds another file than before.
        NodeFile trades16 = NodeFile.at(root, NodeStream.TRADES, NodeLayout.PLAIN, DAY, 16);
        trades16.append(NodeLines.trade(4));
        poll();
        assertEquals(3, tailer.positions().files().size());
        assertEveryReadingFileEncodesAsTheCodec(recorder, target);
    }

    @Test
    void shouldEncodeACountOfZeroBeforeAnyFileIsFound() throws IOException {
        PositionsRecorder recorder = new PositionsRecorder();

        byte[] out = recorder.encode(tailer, null, 0, new byte[16]);
        assertArrayEquals(new byte[4], Arrays.copyOf(out, recorder.length()));

        Files.createDirectories(root);
        poll();
        out = recorder.encode(tailer, null, 0, out);
        assertArrayEquals(new byte[4], Arrays.copyOf(out, recorder.length()));
    }

    @Test
    void shouldWriteIntoTheTargetWhenItIsBigEnough() throws IOException {
        NodeFile.at(root, NodeStream.TRADES, NodeLayout.PLAIN, DAY, 17).append(NodeLines.trade(1));
        poll();
        PositionsRecorder recorder = new PositionsRecorder();
        byte[] target = new byte[4096];

        assertSame(target, recorder.encode(tailer, null, 0, target));
        assertArrayEquals(reference(null, 0), Arrays.copyOf(target, recorder.length()));
    }

    @Test
    void shouldHoldMoreFilesThanItFirstMadeRoomFor() throws IOException {
        for (int hour = 0; hour < 24; hour++) {
            NodeFile.at(root, NodeStream.TRADES, NodeLayout.PLAIN, DAY, hour).append(NodeLines.trade(hour));
        }
        NodeFile.at(root, NodeStream.ORDER_STATUSES, NodeLayout.STREAMING, DAY, 23)
                .append(NodeLines.streamingOrderStatus(1, 1));
        while (tailer.poll() > 0) {
            // read every file (one older file at a time)
        }
        assertEquals(25, tailer.positions().files().size());

        assertEveryReadingFileEncodesAsTheCodec(new PositionsRecorder(), new byte[0]);
    }

    /**
     * Steady state: the same files, their positions moving, the file being read changing. The
     * allocation is counted on this thread, the reader's, over {@code BATCHES} recordings.
     */
    @Test
    void shouldAllocateNothingToRecordTenThousandBatchesOnceWarm() throws IOException {
        NodeFile.at(root, NodeStream.ORDER_STATUSES, NodeLayout.STREAMING, DAY, 17)
                .append(NodeLines.streamingOrderStatus(1, 1));
        NodeFile.at(root, NodeStream.ORDER_STATUSES, NodeLayout.STREAMING, DAY, 18)
                .append(NodeLines.streamingOrderStatus(2, 2));
        NodeFile.at(root, NodeStream.TRADES, NodeLayout.PLAIN, DAY, 18).append(NodeLines.trade(1));
        poll();
        poll();
        assertEquals(3, tailer.positions().files().size());
        TailedFile[] reading = {null, taken.get(0), taken.get(taken.size() - 1)};
        PositionsRecorder recorder = new PositionsRecorder();
        byte[][] target = {new byte[64]};
        Runnable batches = () -> target[0] = record(recorder, reading, target[0], BATCHES);

        batches.run(); // warm: the buffer grown, the names encoded, the code compiled
        ThreadAllocation.assertNoneInSteadyState(3, BATCHES, batches);

        TailedFile last = reading[(BATCHES - 1) % reading.length];
        assertArrayEquals(reference(last, BATCHES - 1), Arrays.copyOf(target[0], recorder.length()));
    }

    private static final int BATCHES = 10_000;

    private byte[] record(PositionsRecorder recorder, TailedFile[] reading, byte[] target, int batches) {
        for (int i = 0; i < batches; i++) {
            target = recorder.encode(tailer, reading[i % reading.length], i, target);
        }
        return target;
    }

    private void poll() throws IOException {
        tailer.requestDiscovery();
        tailer.poll();
    }

    private List<String> pathsKnown() {
        return tailer.positions().files().stream().map(FilePosition::path).toList();
    }

    /**
     * No file being read, then each file the tailer handed a line from as the one being read,
     * at the end of the last line taken and at an end of the test's choosing: the same bytes as
     * the codec and the layout oracle, every time, from the one recorder whatever came before.
     */
    private byte[] assertEveryReadingFileEncodesAsTheCodec(PositionsRecorder recorder, byte[] target) {
        target = assertEncodesAsTheCodec(recorder, target, null, 0);
        for (int i = 0; i < taken.size(); i++) {
            target = assertEncodesAsTheCodec(recorder, target, taken.get(i), takenEnds.get(i));
            target = assertEncodesAsTheCodec(recorder, target, taken.get(i), 123_456_789L);
        }
        taken.clear();
        takenEnds.clear();
        return target;
    }

    private byte[] assertEncodesAsTheCodec(PositionsRecorder recorder, byte[] target, TailedFile readingFile,
                                           long readingFileEnd) {
        byte[] expected = reference(readingFile, readingFileEnd);
        byte[] out = recorder.encode(tailer, readingFile, readingFileEnd, target);
        assertNotNull(out);
        assertArrayEquals(expected, Arrays.copyOf(out, recorder.length()), "reading " + readingFile);
        assertEquals(expectedPositions(readingFile, readingFileEnd), PositionsCodec.decode(out, 0, recorder.length()));
        return out;
    }

    /**
     * What recording did before: {@code PositionsCodec.encode} of the tailer's positions with the
     * entry of the file being read (same sequence, device and inode) at its end; checked against
     * the layout oracle as well.
     */
    private byte[] reference(TailedFile readingFile, long readingFileEnd) {
        TailerPositions positions = expectedPositions(readingFile, readingFileEnd);
        int[] length = new int[1];
        byte[] encoded = Arrays.copyOf(PositionsCodec.encode(positions, new byte[16], length), length[0]);
        assertArrayEquals(PositionsLayout.of(positions.files()), encoded);
        return encoded;
    }

    private TailerPositions expectedPositions(TailedFile readingFile, long readingFileEnd) {
        List<FilePosition> files = new ArrayList<>();
        for (FilePosition position : tailer.positions().files()) {
            boolean reading = readingFile != null && position.sequence().equals(readingFile.sequence())
                    && position.identity().device() == readingFile.identity().device()
                    && position.identity().inode() == readingFile.identity().inode();
            files.add(reading ? new FilePosition(position.sequence(), position.path(), readingFile.identity(),
                    readingFileEnd) : position);
        }
        return new TailerPositions(files);
    }
}
