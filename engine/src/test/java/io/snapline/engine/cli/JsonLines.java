package io.snapline.engine.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads JSON lines into flat maps of leaf name to the exact text of the value, so a test compares
 * what the node wrote with what {@code snapline cat} printed, character for character. Nested
 * objects are flattened by their leaf names; arrays other than a block's {@code events} are skipped.
 */
final class JsonLines {

    private static final JsonFactory JSON = new JsonFactory();

    private JsonLines() {
    }

    /** A record line of {@code snapline cat}: its top-level fields. */
    static Map<String, String> record(String line) throws IOException {
        Map<String, String> fields = new LinkedHashMap<>();
        try (JsonParser parser = JSON.createParser(line)) {
            expect(parser.nextToken(), JsonToken.START_OBJECT);
            readObject(parser, fields, false);
        }
        return fields;
    }

    /**
     * A node line in streaming layout: the envelope's fields (camelCased as the record view names
     * them) and the first event's leaves.
     */
    static Map<String, String> nodeEvent(byte[] line) throws IOException {
        Map<String, String> fields = new LinkedHashMap<>();
        try (JsonParser parser = JSON.createParser(line)) {
            expect(parser.nextToken(), JsonToken.START_OBJECT);
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = camel(parser.currentName());
                JsonToken value = parser.nextToken();
                if (name.equals("events")) {
                    expect(value, JsonToken.START_ARRAY);
                    expect(parser.nextToken(), JsonToken.START_OBJECT);
                    readObject(parser, fields, true);
                    parser.skipChildren(); // later events, if any
                    continue;
                }
                put(parser, value, name, fields, false);
            }
        }
        return fields;
    }

    private static void readObject(JsonParser parser, Map<String, String> into, boolean flatten) throws IOException {
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            put(parser, parser.nextToken(), name, into, flatten);
        }
    }

    private static void put(JsonParser parser, JsonToken value, String name, Map<String, String> into, boolean flatten)
            throws IOException {
        if (value == JsonToken.START_OBJECT) {
            if (flatten) {
                readObject(parser, into, true);
            } else {
                parser.skipChildren();
            }
        } else if (value == JsonToken.START_ARRAY) {
            parser.skipChildren();
        } else {
            into.putIfAbsent(name, value == JsonToken.VALUE_NULL ? "null" : parser.getText());
        }
    }

    private static void expect(JsonToken actual, JsonToken expected) {
        if (actual != expected) {
            throw new AssertionError("expected " + expected + ", got " + actual);
        }
    }

    /** {@code block_number} → {@code blockNumber}: the record view's envelope names. */
    static String camel(String snake) {
        StringBuilder out = new StringBuilder(snake.length());
        boolean upper = false;
        for (char c : snake.toCharArray()) {
            if (c == '_') {
                upper = true;
            } else {
                out.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return out.toString();
    }
}
