package io.smartspec.slo.prometheus.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonStringEncoder;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A JSON document as a tree of plain values, read with jackson-core's streaming parser: an object is a
 * {@code Map<String, Object>} (in document order; a repeated key keeps its last value), an array a
 * {@code List<Object>}, a string a {@code String}, a number, {@code true}, {@code false} or {@code null}
 * a {@link Literal} holding its text. What {@link QueryResponses} needs of a Prometheus answer, without
 * jackson-databind's object mapper, whose start-up (some 300 classes) cost more than a short command's
 * queries.
 */
final class JsonTree {

    private static final JsonFactory FACTORY = new JsonFactory();

    /** A number, {@code true}, {@code false} or {@code null}, as written in the document. */
    record Literal(String text) {
        boolean isNull() {
            return "null".equals(text);
        }

        @Override
        public String toString() {
            return text;
        }
    }

    private JsonTree() {
    }

    /** The document's first value, or empty when the text is empty or does not start with a JSON value. */
    static Optional<Object> read(String json) {
        try (JsonParser parser = FACTORY.createParser(json)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                return Optional.empty();
            }
            // what follows the first value is not read, as an object mapper's readTree does not
            return Optional.of(value(parser, first));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static Object value(JsonParser parser, JsonToken token) throws IOException {
        switch (token) {
            case START_OBJECT: {
                Map<String, Object> object = new LinkedHashMap<>();
                for (JsonToken t = parser.nextToken(); t != JsonToken.END_OBJECT; t = parser.nextToken()) {
                    String name = parser.currentName();
                    object.put(name, value(parser, parser.nextToken()));
                }
                return object;
            }
            case START_ARRAY: {
                List<Object> array = new ArrayList<>();
                for (JsonToken t = parser.nextToken(); t != JsonToken.END_ARRAY; t = parser.nextToken()) {
                    array.add(value(parser, t));
                }
                return array;
            }
            case VALUE_STRING:
                return parser.getText();
            default:
                return new Literal(parser.getText());
        }
    }

    /** The member {@code name} of an object; empty for anything else or when it is absent. */
    static Optional<Object> member(Object object, String name) {
        return object instanceof Map<?, ?> map ? Optional.ofNullable(map.get(name)) : Optional.empty();
    }

    /** A string's text, a literal's text ({@code 1.5}, {@code true}); {@code orElse} for JSON null, containers and absence. */
    static String text(Optional<Object> value, String orElse) {
        return value.map(v -> v instanceof String s ? s
                : v instanceof Literal l && !l.isNull() ? l.text() : null).orElse(orElse);
    }

    /** The value as compact JSON text, for messages. */
    static String toJson(Object value) {
        StringBuilder out = new StringBuilder();
        write(value, out);
        return out.toString();
    }

    private static void write(Object value, StringBuilder out) {
        if (value instanceof Map<?, ?> map) {
            out.append('{');
            String sep = "";
            for (Map.Entry<?, ?> e : map.entrySet()) {
                out.append(sep);
                quote((String) e.getKey(), out);
                out.append(':');
                write(e.getValue(), out);
                sep = ",";
            }
            out.append('}');
        } else if (value instanceof List<?> list) {
            out.append('[');
            String sep = "";
            for (Object v : list) {
                out.append(sep);
                write(v, out);
                sep = ",";
            }
            out.append(']');
        } else if (value instanceof String s) {
            quote(s, out);
        } else {
            out.append(value);
        }
    }

    private static void quote(String s, StringBuilder out) {
        out.append('"').append(JsonStringEncoder.getInstance().quoteAsString(s)).append('"');
    }
}
