package io.smartspec.slo.internal.micrometer;

import io.smartspec.slo.Windows;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Parses the Micrometer query language of {@code observability.yaml} and the DSL:
 *
 * <pre>
 * query     = selector [statistic] [window]
 *           | selector "/" selector [window]          (a ratio of counts)
 * selector  = name ["{" condition ("," condition)* "}"]
 * condition = key "=" value | key "!=" value            (value may be "double-quoted")
 * statistic = pNN | pNN.N | mean | avg | max | count | total | sum | rate | value
 * window    = "[" 5m | 1h | ... "]"                      (rate, ratio)
 * </pre>
 *
 * Every error names the query, the column and what would be accepted.
 */
public final class MeterQueryParser {

    private final String text;
    private int pos;

    private MeterQueryParser(String text) {
        this.text = text;
    }

    /**
     * @throws IllegalArgumentException naming the query, the column, the bad token and the syntax
     */
    public static MeterQuery parse(String query) {
        if (query == null || query.isBlank()) {
            throw new IllegalArgumentException("micrometer query is empty; expected " + MeterQuery.SYNTAX);
        }
        return new MeterQueryParser(query).query();
    }

    private MeterQuery query() {
        MeterSelector numerator = selector();
        skipSpaces();
        Optional<MeterSelector> denominator = Optional.empty();
        Optional<MeterQuery.Statistic> statistic = Optional.empty();
        if (peek() == '/') {
            pos++;
            skipSpaces();
            denominator = Optional.of(selector());
            skipSpaces();
        } else if (pos < text.length() && peek() != '[') {
            statistic = Optional.of(statistic());
            skipSpaces();
        }
        Optional<Duration> window = Optional.empty();
        if (peek() == '[') {
            window = Optional.of(window());
            skipSpaces();
        }
        if (pos < text.length()) {
            throw error("unexpected '" + text.substring(pos) + "'");
        }
        if (window.isPresent() && denominator.isEmpty()
                && statistic.map(s -> s.kind() != MeterQuery.Kind.RATE).orElse(true)) {
            throw error("a window [..] applies to 'rate' and to ratios 'a / b' only");
        }
        return new MeterQuery(numerator, denominator, statistic, window, text.trim());
    }

    private MeterSelector selector() {
        skipSpaces();
        int start = pos;
        while (pos < text.length() && isNameChar(text.charAt(pos))) {
            pos++;
        }
        if (pos == start) {
            throw error(pos < text.length() ? "expected a meter name but found '" + text.charAt(pos) + "'"
                    : "expected a meter name");
        }
        String name = text.substring(start, pos);
        List<MeterSelector.TagCondition> tags = new ArrayList<>();
        skipSpaces();
        if (peek() == '{') {
            pos++;
            skipSpaces();
            if (peek() == '}') {
                pos++;
            } else {
                while (true) {
                    tags.add(condition());
                    skipSpaces();
                    char c = peek();
                    if (c == ',') {
                        pos++;
                    } else if (c == '}') {
                        pos++;
                        break;
                    } else {
                        throw error("expected ',' or '}' after tag condition " + tags.get(tags.size() - 1));
                    }
                }
            }
        }
        return new MeterSelector(name, tags);
    }

    private MeterSelector.TagCondition condition() {
        skipSpaces();
        int start = pos;
        while (pos < text.length() && isNameChar(text.charAt(pos))) {
            pos++;
        }
        if (pos == start) {
            throw error("expected a tag key (as in {uri=/checkout})");
        }
        String key = text.substring(start, pos);
        skipSpaces();
        boolean negated;
        if (text.startsWith("!=", pos)) {
            negated = true;
            pos += 2;
        } else if (peek() == '=') {
            negated = false;
            pos++;
        } else {
            throw error("expected '=' or '!=' after tag key '" + key + "'");
        }
        skipSpaces();
        String value;
        if (peek() == '"') {
            int close = text.indexOf('"', pos + 1);
            if (close < 0) {
                throw error("unterminated quoted value of tag '" + key + "'");
            }
            value = text.substring(pos + 1, close);
            pos = close + 1;
        } else {
            int vs = pos;
            while (pos < text.length() && text.charAt(pos) != ',' && text.charAt(pos) != '}') {
                pos++;
            }
            value = text.substring(vs, pos).trim();
            if (value.isEmpty()) {
                throw error("tag '" + key + "' has no value");
            }
        }
        return new MeterSelector.TagCondition(key, value, negated);
    }

    private MeterQuery.Statistic statistic() {
        int start = pos;
        while (pos < text.length() && !Character.isWhitespace(text.charAt(pos)) && text.charAt(pos) != '[') {
            pos++;
        }
        String word = text.substring(start, pos).toLowerCase(Locale.ROOT);
        MeterQuery.Kind kind = switch (word) {
            case "count" -> MeterQuery.Kind.COUNT;
            case "total", "sum" -> MeterQuery.Kind.TOTAL;
            case "mean", "avg", "average" -> MeterQuery.Kind.MEAN;
            case "max" -> MeterQuery.Kind.MAX;
            case "value" -> MeterQuery.Kind.VALUE;
            case "rate" -> MeterQuery.Kind.RATE;
            default -> null;
        };
        if (kind != null) {
            return MeterQuery.Statistic.of(kind);
        }
        if (word.matches("p\\d{1,2}(\\.\\d+)?|p100")) {
            double p = Double.parseDouble(word.substring(1));
            if (p > 0 && p < 100) {
                return MeterQuery.Statistic.percentile(p / 100);
            }
            // the one-word p999 shorthand is ambiguous; ask for p99.9
        }
        if (word.matches("p\\d{3,}")) {
            pos = start;
            throw error("statistic '" + word + "' is ambiguous; write the percentile with a dot, e.g. p99.9");
        }
        pos = start;
        throw error("statistic '" + word + "' is unknown; expected " + MeterQuery.STATISTICS);
    }

    private Duration window() {
        int close = text.indexOf(']', pos);
        if (close < 0) {
            throw error("unterminated window; expected e.g. [5m]");
        }
        String w = text.substring(pos + 1, close).trim();
        try {
            Duration d = Windows.parse(w);
            pos = close + 1;
            return d;
        } catch (IllegalArgumentException e) {
            throw error(e.getMessage());
        }
    }

    private char peek() {
        return pos < text.length() ? text.charAt(pos) : '\0';
    }

    private void skipSpaces() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
    }

    private static boolean isNameChar(char c) {
        return Character.isLetterOrDigit(c) || c == '.' || c == '_' || c == '-' || c == ':';
    }

    private IllegalArgumentException error(String what) {
        return new IllegalArgumentException("micrometer query '" + text.trim() + "' at column " + (pos + 1) + ": "
                + what + "; expected " + MeterQuery.SYNTAX);
    }
}
