package io.snapline.sidecar.config;

import io.snapline.sidecar.Units;

import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One node of the file at a known key and line. Every conversion either returns the value or
 * records one error saying what was expected and what was found, and returns empty; the caller
 * then goes on with a default so that the rest of the file is still checked.
 */
final class YamlValue {

    /** Converts the text of a scalar; returns null when it is not of the expected form. */
    @FunctionalInterface
    interface Parser<T> {
        /** @throws IllegalArgumentException with a hint, when the text is close but refused */
        T parse(String text);
    }

    private final Node node;
    private final String key;
    private final int line;
    private final ReadContext context;

    YamlValue(Node node, String key, int line, ReadContext context) {
        this.node = node;
        this.key = key;
        this.line = line;
        this.context = context;
    }

    /** A mapping; an empty value ({@code engine:} with nothing under it) reads as an empty one. */
    Optional<YamlMap> map() {
        if (node instanceof MappingNode mapping) {
            return Optional.of(new YamlMap(mapping, key, line, context));
        }
        if (isNull()) {
            return Optional.of(YamlMap.empty(key, line, context));
        }
        error("expected a mapping of keys, got " + describe());
        return Optional.empty();
    }

    /** A list, each item with its own key ({@code sources[2]}) and line. */
    Optional<List<YamlValue>> list(String expected) {
        if (!(node instanceof SequenceNode sequence)) {
            error("expected " + expected + ", got " + describe());
            return Optional.empty();
        }
        List<YamlValue> items = new ArrayList<>();
        for (Node item : sequence.getValue()) {
            items.add(new YamlValue(item, key + "[" + items.size() + "]", lineOf(item, line), context));
        }
        return Optional.of(items);
    }

    /** The scalar's text with variables substituted, converted by {@code parser}. */
    <T> Optional<T> as(String expected, Parser<T> parser) {
        if (!(node instanceof ScalarNode scalar) || isNull()) {
            error("expected " + expected + ", got " + describe());
            return Optional.empty();
        }
        String raw = scalar.getValue();
        String text;
        try {
            text = context.env().apply(raw);
        } catch (IllegalArgumentException e) {
            error(e.getMessage());
            return Optional.empty();
        }
        String shown = text.isBlank() ? "an empty value" : text;
        if (!text.equals(raw)) {
            shown += " (from " + raw + ")";
        }
        try {
            T value = text.isBlank() ? null : parser.parse(text.strip());
            if (value != null) {
                return Optional.of(value);
            }
            error("expected " + expected + ", got " + shown);
        } catch (IllegalArgumentException e) {
            error("expected " + expected + ", got " + shown + " (" + e.getMessage() + ")");
        }
        return Optional.empty();
    }

    /**
     * A string: quoted, or plain text YAML does not read as a number, boolean or null, so that
     * {@code 151} is refused rather than silently taken for the text "151".
     */
    Optional<String> string(String expected) {
        if (node instanceof ScalarNode scalar && !isNull() && !Tag.STR.equals(scalar.getTag())) {
            error("expected " + expected + ", got " + scalar.getValue() + ", which is not a string (quote it if it is one)");
            return Optional.empty();
        }
        return as(expected, text -> text);
    }

    Optional<Boolean> bool() {
        return as("true or false", text -> switch (text) {
            case "true", "True", "TRUE" -> Boolean.TRUE;
            case "false", "False", "FALSE" -> Boolean.FALSE;
            default -> null;
        });
    }

    /** A duration of at least {@code min}. */
    Optional<Duration> duration(Duration min) {
        String expected = (min.isZero() ? "a duration" : "a duration of at least " + Units.exactDuration(min))
                + " such as 500ms, 10s, 5m, 48h or 2d" + (min.isZero() ? " (or 0)" : "");
        return as(expected, text -> {
            Duration value = Units.parseDuration(text);
            return value == null || value.compareTo(min) < 0 ? null : value;
        });
    }

    /** A size in bytes within {@code [min, max]}. */
    Optional<Long> size(long min, long max) {
        String expected = "a size between " + Units.exactSize(min) + " and " + Units.exactSize(max)
                + ", such as 65536, 64KiB, 2MiB or 1GiB";
        return as(expected, text -> {
            Long value = Units.parseSize(text);
            return value == null || value < min || value > max ? null : value;
        });
    }

    /** A whole number within {@code [min, max]}. */
    Optional<Integer> integer(int min, int max) {
        return as("a whole number between " + min + " and " + max, text -> {
            try {
                long value = Long.parseLong(text);
                return value < min || value > max ? null : (int) value;
            } catch (NumberFormatException e) {
                return null;
            }
        });
    }

    /** One of the names in {@code choices}, as written there. */
    <T> Optional<T> oneOf(Map<String, T> choices) {
        return as("one of " + String.join(", ", choices.keySet()), choices::get);
    }

    /** Whether this is a scalar (not null) and, unless {@code text} is null, exactly that text. */
    boolean isScalar(String text) {
        return node instanceof ScalarNode scalar && !isNull() && (text == null || text.equals(scalar.getValue()));
    }

    /** What the value is, as error messages show it. */
    String text() {
        return describe();
    }

    /** Records an error about this value, at its line. */
    void error(String message) {
        context.errors().add(key, line, message);
    }

    private boolean isNull() {
        return node instanceof ScalarNode scalar && scalar.isPlain() && Tag.NULL.equals(scalar.getTag());
    }

    private String describe() {
        if (isNull()) {
            return "nothing";
        }
        if (node instanceof MappingNode) {
            return "a mapping";
        }
        if (node instanceof SequenceNode) {
            return "a list";
        }
        return ((ScalarNode) node).getValue();
    }

    /** 1-based line where a node starts, or {@code fallback} when the parser did not mark it. */
    static int lineOf(Node node, int fallback) {
        return node.getStartMark().map(mark -> mark.getLine() + 1).orElse(fallback);
    }
}
