package io.snapline.sidecar.config;

import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A mapping of the file, with the key that names it ({@code engine}, {@code sources[1]}) and the
 * line of that key, which is where a missing key is reported.
 */
final class YamlMap {

    private record Entry(int keyLine, YamlValue value) {
    }

    private final String key;
    private final int line;
    private final ReadContext context;
    private final Map<String, Entry> entries = new LinkedHashMap<>();

    YamlMap(MappingNode mapping, String key, int line, ReadContext context) {
        this.key = key;
        this.line = line;
        this.context = context;
        for (NodeTuple tuple : mapping.getValue()) {
            int keyLine = YamlValue.lineOf(tuple.getKeyNode(), line);
            if (!(tuple.getKeyNode() instanceof ScalarNode name)) {
                context.errors().add(key, keyLine, "expected a key name, got a list or mapping as a key");
                continue;
            }
            String childKey = child(name.getValue());
            Entry first = entries.get(name.getValue());
            if (first != null) {
                context.errors().add(childKey, keyLine, "appears twice; first on line " + first.keyLine());
                continue;
            }
            // A scalar is reported where it is written. A mapping or list is reported at its key,
            // which is where a reader looks for "engine:" or a missing key under it; an empty
            // value has no line of its own.
            int valueLine = keyLine;
            if (tuple.getValueNode() instanceof ScalarNode scalar && !scalar.getValue().isEmpty()) {
                valueLine = YamlValue.lineOf(scalar, keyLine);
            }
            entries.put(name.getValue(), new Entry(keyLine, new YamlValue(tuple.getValueNode(), childKey, valueLine, context)));
        }
    }

    private YamlMap(String key, int line, ReadContext context) {
        this.key = key;
        this.line = line;
        this.context = context;
    }

    static YamlMap empty(String key, int line, ReadContext context) {
        return new YamlMap(key, line, context);
    }

    /** Reports every key not in {@code allowed}, listing the allowed ones. */
    void allowOnly(List<String> allowed) {
        for (Map.Entry<String, Entry> entry : entries.entrySet()) {
            if (!allowed.contains(entry.getKey())) {
                context.errors().add(child(entry.getKey()), entry.getValue().keyLine(),
                        "unknown key; allowed here: " + String.join(", ", allowed));
            }
        }
    }

    /** The keys, in file order. */
    List<String> keys() {
        return List.copyOf(entries.keySet());
    }

    boolean has(String name) {
        return entries.containsKey(name);
    }

    Optional<YamlValue> get(String name) {
        Entry entry = entries.get(name);
        return entry == null ? Optional.empty() : Optional.of(entry.value());
    }

    /** The value of a key that must be there; reports it missing, at the line of this mapping. */
    Optional<YamlValue> required(String name, String expected) {
        Optional<YamlValue> value = get(name);
        if (value.isEmpty()) {
            missing(name, expected);
        }
        return value;
    }

    void missing(String name, String expected) {
        context.errors().add(child(name), line, "missing; expected " + expected);
    }

    /** A section that may be left out or left empty: then every key in it takes its default. */
    YamlMap section(String name) {
        return get(name).flatMap(YamlValue::map).orElseGet(() -> empty(child(name), lineOf(name), context));
    }

    /** The line of a key, or of this mapping when the key is not there. */
    int lineOf(String name) {
        Entry entry = entries.get(name);
        return entry == null ? line : entry.keyLine();
    }

    String child(String name) {
        return key.isEmpty() ? name : key + "." + name;
    }

    /** Whether a key of this mapping was already found wrong. */
    boolean hasError(String name) {
        return context.errors().has(child(name));
    }

    /** Records an error about this mapping as a whole, at its line. */
    void errorHere(String message) {
        context.errors().add(key, line, message);
    }

    /** Records an error about one key of this mapping, at that key's line. */
    void error(String name, String message) {
        context.errors().add(child(name), lineOf(name), message);
    }
}
