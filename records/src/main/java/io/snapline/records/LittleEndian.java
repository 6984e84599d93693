package io.snapline.records;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The one place the little-endian views of a byte array are made: every integer in
 * {@link RecordLayout} and {@link PositionsCodec} is little-endian, and the parsers read eight
 * bytes at a time the same way. {@code get}/{@code set} take {@code (byte[] array, int index)}.
 * Only the tailer's {@code LineFramer} makes its own, as the tailer is below this module.
 */
public final class LittleEndian {

    public static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    public static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    public static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private LittleEndian() {
    }
}
