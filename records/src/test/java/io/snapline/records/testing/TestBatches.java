package io.snapline.records.testing;

import io.snapline.records.Field;
import io.snapline.records.RecordType;
import io.snapline.records.RecordWriter;

import static io.snapline.records.LittleEndian.INT;
import static io.snapline.records.LittleEndian.SHORT;
import static io.snapline.records.RecordLayout.*;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Builds batch documents by hand, exactly as {@link RecordLayout} describes them, so the read
 * side is tested against the layout rather than against the engine's writer. Test-only.
 */
public final class TestBatches {

    /** An opaque positions blob: the reader must skip it by its length, whatever it holds. */
    public static final byte[] OPAQUE_POSITIONS = {9, 8, 7, 6, 5, 4, 3, 2, 1, 0, (byte) 0xFF};

    private TestBatches() {
    }

    /** A batch of the records in {@code records} (its buffer and count). */
    public static byte[] batch(List<String> sources, byte[] positions, RecordWriter records) {
        return batch(sources, positions, records.buffer(), records.length(), records.recordCount());
    }

    public static byte[] batch(List<String> sources, byte[] positions, byte[] records, int recordsLength, int recordCount) {
        byte[][] paths = new byte[sources.size()][];
        int sourcesLength = 0;
        for (int i = 0; i < paths.length; i++) {
            paths[i] = sources.get(i).getBytes(StandardCharsets.UTF_8);
            sourcesLength += 2 + paths[i].length;
        }
        byte[] out = new byte[BATCH_HEADER_LENGTH + sourcesLength + positions.length + recordsLength];
        INT.set(out, BATCH_MAGIC_OFFSET, BATCH_MAGIC);
        SHORT.set(out, BATCH_VERSION_OFFSET, (short) VERSION);
        SHORT.set(out, BATCH_SOURCE_COUNT_OFFSET, (short) paths.length);
        INT.set(out, BATCH_RECORD_COUNT_OFFSET, recordCount);
        INT.set(out, BATCH_POSITIONS_LENGTH_OFFSET, positions.length);
        INT.set(out, BATCH_RECORDS_LENGTH_OFFSET, recordsLength);
        int at = BATCH_HEADER_LENGTH;
        for (byte[] path : paths) {
            SHORT.set(out, at, (short) path.length);
            System.arraycopy(path, 0, out, at + 2, path.length);
            at += 2 + path.length;
        }
        System.arraycopy(positions, 0, out, at, positions.length);
        at += positions.length;
        System.arraycopy(records, 0, out, at, recordsLength);
        return out;
    }

    /** Writes the order status of docs/formats.md's streaming example, every field kind but BYTES. */
    public static void orderStatus(RecordWriter w, int source, long lineOffset) {
        w.beginRecord(RecordType.ORDER_STATUS, source, lineOffset);
        w.putLong(Field.BLOCK_NUMBER, 985148189L);
        string(w, Field.BLOCK_TIME, "2026-05-05T17:39:13.505427172");
        string(w, Field.LOCAL_TIME, "2026-05-05T17:39:16.271766237");
        string(w, Field.TIME, "2026-05-05T17:39:13.505427172");
        string(w, Field.USER, "0x31ca8395cf837de08b24da3f660e77761dfb974b");
        string(w, Field.HASH, "0xc208d043ad72d77cc382043ab82b1d01010109294875f64e65d17b966c76b167");
        w.putNull(Field.BUILDER);
        string(w, Field.STATUS, "open");
        string(w, Field.COIN, "BTC");
        string(w, Field.SIDE, "B");
        string(w, Field.LIMIT_PX, "81295.0");
        string(w, Field.SZ, "0.00965");
        w.putLong(Field.OID, 412036463097L);
        w.putLong(Field.TIMESTAMP, 1778002753505L);
        string(w, Field.TRIGGER_CONDITION, "N/A");
        w.putBoolean(Field.IS_TRIGGER, false);
        string(w, Field.TRIGGER_PX, "0.0");
        w.putLong(Field.CHILDREN, 0);
        w.putBoolean(Field.IS_POSITION_TPSL, false);
        w.putBoolean(Field.REDUCE_ONLY, false);
        string(w, Field.ORDER_TYPE, "Limit");
        string(w, Field.ORIG_SZ, "0.00965");
        string(w, Field.TIF, "Alo");
        w.putNull(Field.CLOID);
        w.endRecord();
    }

    /** The JSON view of {@link #orderStatus}, without the trailing source and offset. */
    public static final String ORDER_STATUS_JSON_FIELDS = "{\"type\":\"order_status\",\"blockNumber\":985148189,"
            + "\"blockTime\":\"2026-05-05T17:39:13.505427172\",\"localTime\":\"2026-05-05T17:39:16.271766237\","
            + "\"time\":\"2026-05-05T17:39:13.505427172\",\"user\":\"0x31ca8395cf837de08b24da3f660e77761dfb974b\","
            + "\"hash\":\"0xc208d043ad72d77cc382043ab82b1d01010109294875f64e65d17b966c76b167\",\"builder\":null,"
            + "\"status\":\"open\",\"coin\":\"BTC\",\"side\":\"B\",\"limitPx\":\"81295.0\",\"sz\":\"0.00965\","
            + "\"oid\":412036463097,\"timestamp\":1778002753505,\"triggerCondition\":\"N/A\",\"isTrigger\":false,"
            + "\"triggerPx\":\"0.0\",\"children\":0,\"isPositionTpsl\":false,\"reduceOnly\":false,"
            + "\"orderType\":\"Limit\",\"origSz\":\"0.00965\",\"tif\":\"Alo\",\"cloid\":null";

    /** A dead letter carrying {@code raw} as its line. */
    public static void deadLetter(RecordWriter w, int source, long lineOffset, byte[] raw) {
        w.beginRecord(RecordType.DEAD_LETTER, source, lineOffset);
        string(w, Field.REASON, "malformed_json");
        string(w, Field.DETAIL, "unexpected end of input");
        w.putLong(Field.LINE_LENGTH, raw.length);
        w.putBytes(Field.RAW, raw, 0, raw.length);
        w.endRecord();
    }

    public static void string(RecordWriter w, Field field, String value) {
        text(w, field, KIND_STRING, value);
    }

    public static void number(RecordWriter w, Field field, String digits) {
        text(w, field, KIND_NUMBER, digits);
    }

    private static void text(RecordWriter w, Field field, byte kind, String value) {
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        w.putText(field, kind, utf8, 0, utf8.length);
    }

    public static void putInt(byte[] bytes, int at, int value) {
        INT.set(bytes, at, value);
    }

    public static void putShort(byte[] bytes, int at, int value) {
        SHORT.set(bytes, at, (short) value);
    }
}
