package io.smartspec.slo.openslo.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A YAML value with the line it starts on: a mapping, a sequence or a scalar. */
public sealed interface YamlNode permits YamlNode.Mapping, YamlNode.Sequence, YamlNode.Scalar {

    int line();

    /** What this node is, for messages: {@code a mapping}, {@code a list}, {@code the text 'x'}. */
    String describe();

    /** One {@code key: value} of a mapping, with the key's line. */
    record Entry(String key, int line, YamlNode value) {
    }

    record Mapping(Map<String, Entry> entries, int line) implements YamlNode {
        public Mapping {
            entries = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(entries));
        }

        public Optional<YamlNode> get(String key) {
            Entry e = entries.get(key);
            return e == null || e.value() instanceof Scalar s && s.isNull() ? Optional.empty() : Optional.of(e.value());
        }

        /** The line of a key, or of the mapping when the key is absent. */
        public int lineOf(String key) {
            Entry e = entries.get(key);
            return e == null ? line : e.line();
        }

        @Override
        public String describe() {
            return "a mapping";
        }
    }

    record Sequence(List<YamlNode> items, int line) implements YamlNode {
        public Sequence {
            items = List.copyOf(items);
        }

        @Override
        public String describe() {
            return "a list";
        }
    }

    /**
     * A scalar. {@code text} is null for YAML's null ({@code key:} with nothing after it).
     *
     * @param quoted whether YAML reads it as a string (quoted, or plain text that is no number or boolean)
     */
    record Scalar(String text, int line, boolean quoted, Kind kind) implements YamlNode {

        /** What YAML read the scalar as. */
        public enum Kind { STRING, NUMBER, BOOLEAN, NULL }

        public boolean isNull() {
            return kind == Kind.NULL;
        }

        @Override
        public String describe() {
            return switch (kind) {
                case NULL -> "empty";
                case NUMBER -> "the number " + text;
                case BOOLEAN -> "the boolean " + text;
                case STRING -> "the text '" + text + "'";
            };
        }
    }
}
