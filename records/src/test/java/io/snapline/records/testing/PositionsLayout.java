package io.snapline.records.testing;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.snapline.tailer.FilePosition;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;

/**
 * The positions layout written out from its description in {@code PositionsCodec}'s comment with
 * a plain {@link ByteBuffer}, independently of the codec: the oracle that encoders are held to.
 */
public final class PositionsLayout {

    private PositionsLayout() {
    }

    public static byte[] of(List<FilePosition> files) {
        ByteBuffer out = ByteBuffer.allocate(1 << 20).order(ByteOrder.LITTLE_ENDIAN);
        out.putInt(files.size());
        for (FilePosition file : files) {
            byte[] sequence = file.sequence().getBytes(UTF_8);
            byte[] path = file.path().getBytes(UTF_8);
            out.putShort((short) sequence.length).put(sequence);
            out.putShort((short) path.length).put(path);
            out.putLong(file.identity().device()).putLong(file.identity().inode());
            out.putInt(file.identity().fingerprintLength()).putLong(file.identity().fingerprint());
            out.putLong(file.offset());
        }
        return Arrays.copyOf(out.array(), out.position());
    }
}
