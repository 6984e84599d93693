package io.snapline.sidecar.config;

import io.snapline.engine.filter.FilterFields;
import io.snapline.engine.filter.FilterReason;
import io.snapline.engine.filter.IngestFilter;
import io.snapline.records.RecordType;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code filter}: the events dropped at ingest, per record type and field. Absent, nothing is
 * dropped. The types and the keys each takes come from the engine's {@link FilterFields}, so a
 * new record type is configurable here with no edit. A filter that could never match (a type
 * without that field, an empty list, a non-string value) is an error rather than a no-op.
 */
final class FilterSection {

    static final String KEY = "filter";
    private static final Pattern ADDRESS = Pattern.compile("0x[0-9a-fA-F]{40}");

    private FilterSection() {
    }

    static IngestFilter read(YamlMap root) {
        Optional<YamlMap> section = root.get(KEY).flatMap(YamlValue::map);
        if (section.isEmpty()) {
            return IngestFilter.NONE;
        }
        YamlMap filter = section.get();
        List<String> types = new ArrayList<>();
        for (RecordType type : RecordType.values()) {
            if (!reasonsOf(type).isEmpty()) {
                types.add(type.jsonName());
            }
        }
        List<String> known = new ArrayList<>(types); // the filterable types first, then those that are not
        for (RecordType type : RecordType.values()) {
            if (!types.contains(type.jsonName())) {
                known.add(type.jsonName());
            }
        }
        filter.allowOnly(known);
        for (RecordType type : RecordType.values()) {
            if (reasonsOf(type).isEmpty() && filter.has(type.jsonName())) {
                String why = type == RecordType.DEAD_LETTER ? "dead letters are never filtered"
                        : type.jsonName() + " records are not filtered: they have no status, coin or user field";
                filter.error(type.jsonName(), why + "; allowed here: " + String.join(", ", types));
            }
        }
        IngestFilter.Builder builder = IngestFilter.builder();
        for (String name : types) {
            if (filter.has(name)) {
                filter.get(name).flatMap(YamlValue::map).ifPresent(map -> readType(RecordType.ofJsonName(name), map, builder));
            }
        }
        return builder.build();
    }

    private static void readType(RecordType type, YamlMap map, IngestFilter.Builder builder) {
        List<FilterReason> reasons = reasonsOf(type);
        List<String> keys = reasons.stream().map(FilterReason::key).toList();
        List<String> allKeys = new ArrayList<>();
        for (FilterReason reason : FilterReason.values()) {
            allKeys.add(reason.key());
        }
        map.allowOnly(allKeys);
        for (FilterReason reason : FilterReason.values()) {
            if (!map.has(reason.key())) {
                continue;
            }
            if (!reasons.contains(reason)) {
                map.error(reason.key(), "expected one of " + String.join(", ", keys) + ": " + type.jsonName()
                        + " records have no " + reason.label() + " field");
                continue;
            }
            values(map, reason).ifPresent(values -> builder.drop(type, reason, values));
        }
        if (allKeys.stream().noneMatch(map::has)) {
            map.errorHere("expected at least one of " + String.join(", ", keys) + " under it, got none");
        }
    }

    /** The key's values, checked; empty (an error recorded) when any is wrong. */
    private static Optional<Set<String>> values(YamlMap map, FilterReason reason) {
        String expected = switch (reason) {
            case STATUS -> "a status as the node writes it, such as badAloPxRejected";
            case COIN -> "a coin as the node writes it, such as BTC, \"@151\" or \"xyz:TSLA\"";
            case USER -> "a user address: 0x and 40 hex digits";
        };
        YamlValue value = map.get(reason.key()).orElseThrow();
        Optional<List<YamlValue>> items = value.list("a list of " + reason.label() + " values, each " + expected);
        if (items.isEmpty()) {
            return Optional.empty();
        }
        if (items.get().isEmpty()) {
            value.error("expected at least one " + reason.label() + ", got an empty list (leave the key out to keep them all)");
            return Optional.empty();
        }
        Set<String> values = new LinkedHashSet<>();
        boolean ok = true;
        for (YamlValue item : items.get()) {
            Optional<String> text = item.string(expected);
            if (text.isPresent() && reason == FilterReason.USER) {
                // The node writes addresses in lower case, and the match is by bytes.
                text = text.filter(t -> ADDRESS.matcher(t).matches()).map(t -> t.toLowerCase(Locale.ROOT));
                if (text.isEmpty()) {
                    item.as(expected, t -> null); // records the error with what was found
                }
            }
            if (text.isEmpty()) {
                ok = false;
            } else if (!values.add(text.get())) {
                item.error("listed twice");
                ok = false;
            }
        }
        return ok ? Optional.of(values) : Optional.empty();
    }

    private static List<FilterReason> reasonsOf(RecordType type) {
        List<FilterReason> reasons = new ArrayList<>();
        for (FilterReason reason : FilterReason.values()) {
            if (FilterFields.applies(type, reason)) {
                reasons.add(reason);
            }
        }
        return reasons;
    }
}
