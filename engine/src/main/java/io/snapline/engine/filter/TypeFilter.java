package io.snapline.engine.filter;

import static io.snapline.records.RecordLayout.KIND_STRING;

import io.snapline.records.Field;
import io.snapline.records.FieldScan;
import io.snapline.records.RecordType;

import java.util.Arrays;
import java.util.Map;
import java.util.Set;

/**
 * What is dropped of one record type: per reason, the values that drop an event, matched
 * against the STRING fields {@link FilterFields} names for that reason. Immutable, shared by
 * every parse worker; {@link #match} allocates nothing.
 */
public final class TypeFilter {

    private static final byte NOT_FILTERED = -1;
    private static final FilterReason[] REASONS = FilterReason.values();

    private final RecordType type;
    /** By field id: the ordinal of the reason that looks at the field, or {@link #NOT_FILTERED}. */
    private final byte[] reasonByFieldId = new byte[256];
    private final ByteStringSet[] valuesByReason = new ByteStringSet[REASONS.length];

    TypeFilter(RecordType type, Map<FilterReason, Set<String>> drops) {
        this.type = type;
        Arrays.fill(reasonByFieldId, NOT_FILTERED);
        drops.forEach((reason, values) -> {
            valuesByReason[reason.ordinal()] = new ByteStringSet(values);
            for (Field field : FilterFields.of(type, reason)) {
                reasonByFieldId[field.id() & 0xFF] = (byte) reason.ordinal();
            }
        });
    }

    public RecordType type() {
        return type;
    }

    /**
     * The reason the fields in {@code fields[from, to)} (whole fields, as {@link FieldScan} reads
     * them) drop their event: the first field holding a listed value; null if none does.
     */
    public FilterReason match(byte[] fields, int from, int to) {
        for (int at = from; at < to; at = FieldScan.next(fields, at)) {
            int reason = reasonByFieldId[FieldScan.id(fields, at)];
            if (reason != NOT_FILTERED && FieldScan.kind(fields, at) == KIND_STRING
                    && valuesByReason[reason].contains(fields, FieldScan.textOffset(at), FieldScan.textLength(fields, at))) {
                return REASONS[reason];
            }
        }
        return null;
    }

    /** How many distinct values {@code reason} drops; 0 when it drops nothing. */
    public int valueCount(FilterReason reason) {
        ByteStringSet values = valuesByReason[reason.ordinal()];
        return values == null ? 0 : values.size();
    }
}
