package io.snapline.engine.filter;

import io.snapline.records.RecordType;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which events are dropped before their records reach a batch: per record type, the statuses,
 * coins and users whose events are not kept (config {@code filter:}, docs/config.md). Off by
 * default ({@link #NONE}): then no type has a {@link TypeFilter} and the parser pays one null
 * check per event. Dead letters are never filtered. Immutable; built once at start.
 */
public final class IngestFilter {

    public static final IngestFilter NONE = new Builder().build();

    private final TypeFilter[] byType;
    private final boolean empty;

    private IngestFilter(TypeFilter[] byType) {
        this.byType = byType;
        boolean none = true;
        for (TypeFilter filter : byType) {
            none &= filter == null;
        }
        this.empty = none;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** What is dropped of {@code type}; null when nothing is (the parser's one check). */
    public TypeFilter forType(RecordType type) {
        return byType[type.ordinal()];
    }

    public boolean isEmpty() {
        return empty;
    }

    /** For the start log: {@code order_status: drop_status 2 values, drop_coin 1 value}; "none" when empty. */
    public String describe() {
        List<String> parts = new ArrayList<>();
        for (TypeFilter filter : byType) {
            if (filter == null) {
                continue;
            }
            List<String> reasons = new ArrayList<>();
            for (FilterReason reason : FilterReason.values()) {
                int count = filter.valueCount(reason);
                if (count > 0) {
                    reasons.add(reason.key() + " " + count + (count == 1 ? " value" : " values"));
                }
            }
            parts.add(filter.type().jsonName() + ": " + String.join(", ", reasons));
        }
        return parts.isEmpty() ? "none" : String.join("; ", parts);
    }

    /** Collects what to drop; refuses what could never match, so a filter that cannot work is not silently kept. */
    public static final class Builder {

        private final Map<RecordType, Map<FilterReason, Set<String>>> drops = new EnumMap<>(RecordType.class);

        private Builder() {
        }

        /**
         * Drops events of {@code type} whose {@code reason} field holds one of {@code values}.
         *
         * @throws IllegalArgumentException for dead letters, a type without such a field, or no values
         */
        public Builder drop(RecordType type, FilterReason reason, Iterable<String> values) {
            if (!FilterFields.applies(type, reason)) {
                throw new IllegalArgumentException(type.jsonName() + " records cannot be filtered by " + reason.label());
            }
            Set<String> set = drops.computeIfAbsent(type, t -> new EnumMap<>(FilterReason.class))
                    .computeIfAbsent(reason, r -> new LinkedHashSet<>());
            for (String value : values) {
                if (value == null || value.isEmpty()) {
                    throw new IllegalArgumentException(type.jsonName() + " " + reason.key() + ": empty value");
                }
                set.add(value);
            }
            if (set.isEmpty()) {
                throw new IllegalArgumentException(type.jsonName() + " " + reason.key() + ": no values");
            }
            return this;
        }

        public IngestFilter build() {
            TypeFilter[] byType = new TypeFilter[RecordType.values().length];
            drops.forEach((type, reasons) -> byType[type.ordinal()] = new TypeFilter(type, reasons));
            return new IngestFilter(byType);
        }
    }
}
