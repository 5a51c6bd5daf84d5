package io.smartspec.slo.internal.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A YAML document as a tree whose every node knows its 1-based line, so that each problem can name
 * where it is. Built by {@link YamlTree}.
 */
public sealed interface YamlNode permits YamlNode.Scalar, YamlNode.Mapping, YamlNode.Sequence {

    int line();

    /** What the node is, for "expected a list, but was a map" messages. */
    String kind();

    /**
     * A scalar value; {@code text} is {@code null} for YAML's null ({@code key:} with no value, {@code ~}).
     * {@code quoted} is true for strings, false for numbers and booleans.
     */
    record Scalar(String text, int line, boolean string) implements YamlNode {
        public boolean isNull() {
            return text == null;
        }

        @Override
        public String kind() {
            return isNull() ? "empty" : string ? "a text" : "a number or boolean";
        }
    }

    /** One key of a mapping and the line where the key is written. */
    record Entry(String key, int line, YamlNode value) {
    }

    /** A mapping, in file order. */
    record Mapping(Map<String, Entry> entries, int line) implements YamlNode {
        public Mapping {
            entries = new LinkedHashMap<>(entries);
        }

        @Override
        public String kind() {
            return "a map";
        }
    }

    record Sequence(List<YamlNode> items, int line) implements YamlNode {
        public Sequence {
            items = List.copyOf(items);
        }

        @Override
        public String kind() {
            return "a list";
        }
    }
}
