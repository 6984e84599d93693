package io.snapline.records.testing;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One JSON text read whole with Jackson, the independent reference: objects as ordered maps,
 * arrays as lists, strings as String, integers as Long, other numbers as their exact text
 * (String), integers beyond a long as BigInteger, booleans, and JSON null as Java null (a map tells it from an absent key).
 */
public final class JsonTree {

    private static final JsonFactory JSON = new JsonFactory();

    private JsonTree() {
    }

    /** Parses exactly one JSON value; throws AssertionError if the text is anything else. */
    public static Object parse(byte[] utf8, int offset, int length) {
        try (JsonParser p = JSON.createParser(utf8, offset, length)) {
            Object value = read(p, p.nextToken());
            if (p.nextToken() != null) {
                throw new AssertionError("data after the JSON value");
            }
            return value;
        } catch (IOException e) {
            throw new AssertionError("not valid JSON: " + new String(utf8, offset, Math.min(length, 300),
                    java.nio.charset.StandardCharsets.UTF_8), e);
        }
    }

    public static Object parse(byte[] utf8) {
        return parse(utf8, 0, utf8.length);
    }

    /** Parses a JSON object. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> object(String json) {
        Object value = parse(json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        if (!(value instanceof Map)) {
            throw new AssertionError("not a JSON object: " + json);
        }
        return (Map<String, Object>) value;
    }

    private static Object read(JsonParser p, JsonToken token) throws IOException {
        if (token == null) {
            throw new AssertionError("no JSON value");
        }
        switch (token) {
            case START_OBJECT: {
                Map<String, Object> map = new LinkedHashMap<>();
                for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
                    String name = p.currentName();
                    if (map.containsKey(name)) {
                        throw new AssertionError("duplicate key " + name);
                    }
                    map.put(name, read(p, p.nextToken()));
                }
                return map;
            }
            case START_ARRAY: {
                List<Object> list = new ArrayList<>();
                for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
                    list.add(read(p, t));
                }
                return list;
            }
            case VALUE_STRING:
            case VALUE_NUMBER_FLOAT:
                return p.getText();
            case VALUE_NUMBER_INT:
                // Beyond a long (raw token amounts), the exact integer.
                return p.getNumberType() == JsonParser.NumberType.BIG_INTEGER ? p.getBigIntegerValue() : p.getLongValue();
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            case VALUE_NULL:
                return null;
            default:
                throw new AssertionError("unexpected " + token);
        }
    }
}
