package io.snapline.records;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.snapline.records.testing.PositionsLayout;
import io.snapline.tailer.FileIdentity;
import io.snapline.tailer.FilePosition;
import io.snapline.tailer.TailerPositions;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

class PositionsCodecTest {

    private static final TailerPositions THREE = new TailerPositions(List.of(
            new FilePosition("node_order_statuses_streaming", "/hl/data/node_order_statuses_streaming/hourly/20260505/9",
                    new FileIdentity(2049, 1_234_567, 64, 0x0123_4567_89ab_cdefL), 11_000_000_000L),
            new FilePosition("node_order_statuses_streaming", "/hl/data/node_order_statuses_streaming/hourly/20260505/10",
                    new FileIdentity(-1, Long.MAX_VALUE, 17, -5), 0),
            new FilePosition("trädes", "/tmp/dossier été/ß/17", new FileIdentity(7, 8, 0, 0), 42)));

    @Test
    void shouldEncodeTheDocumentedLayout() {
        int[] length = new int[1];
        byte[] out = PositionsCodec.encode(THREE, new byte[4096], length);

        assertArrayEquals(PositionsLayout.of(THREE.files()), Arrays.copyOf(out, length[0]));
    }

    @Test
    void shouldEncodeNoFilesAsACountOfZero() {
        int[] length = new int[1];
        byte[] out = PositionsCodec.encode(TailerPositions.EMPTY, new byte[16], length);

        assertArrayEquals(new byte[4], Arrays.copyOf(out, length[0]));
    }

    @Test
    void shouldWriteIntoATargetBigEnoughAndGrowOneTooSmall() {
        int[] length = new int[1];
        byte[] big = new byte[4096];
        assertSame(big, PositionsCodec.encode(THREE, big, length));

        byte[] small = new byte[8];
        byte[] grown = PositionsCodec.encode(THREE, small, length);
        assertTrue(grown.length >= length[0]);
        assertArrayEquals(PositionsLayout.of(THREE.files()), Arrays.copyOf(grown, length[0]));
    }

    @Test
    void shouldDecodeWhatItEncodes() {
        int[] length = new int[1];
        byte[] out = new byte[3 + 4096];
        out = PositionsCodec.encode(THREE, out, length);
        byte[] shifted = new byte[length[0] + 3];
        System.arraycopy(out, 0, shifted, 3, length[0]);

        assertEquals(THREE, PositionsCodec.decode(shifted, 3, length[0]));
    }

    @Test
    void shouldRejectAPathOver65535Bytes() {
        TailerPositions tooLong = new TailerPositions(List.of(
                new FilePosition("s", "/" + "x".repeat(0x10000), new FileIdentity(1, 2, 0, 0), 0)));

        assertThrows(IllegalArgumentException.class, () -> PositionsCodec.encode(tooLong, new byte[16], new int[1]));
    }
}
