package io.smartspec.slo.openslo.internal;

import io.smartspec.slo.Problem;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The keys of one mapping of an OpenSLO object, read with typed getters that add a located problem for
 * a missing key, a value of the wrong type or an unknown key: {@code file:line: SLO 'x': spec.service: ...}.
 */
final class Fields {

    final String file;
    final String subject;
    final String path;
    final YamlNode.Mapping map;
    final List<Problem> problems;
    /** The line of the key that holds this mapping (of the mapping itself at the top of a document). */
    final int keyLine;

    Fields(String file, String subject, String path, YamlNode.Mapping map, List<Problem> problems) {
        this(file, subject, path, map, problems, map.line());
    }

    Fields(String file, String subject, String path, YamlNode.Mapping map, List<Problem> problems, int keyLine) {
        this.file = file;
        this.subject = subject;
        this.path = path;
        this.map = map;
        this.problems = problems;
        this.keyLine = keyLine;
    }

    /** The fields of a mapping, or empty with a problem when the value is no mapping. */
    static Optional<Fields> of(String file, String subject, String path, YamlNode node, List<Problem> problems) {
        return of(file, subject, path, node, problems, node.line());
    }

    static Optional<Fields> of(String file, String subject, String path, YamlNode node, List<Problem> problems,
                               int keyLine) {
        if (node instanceof YamlNode.Mapping m) {
            return Optional.of(new Fields(file, subject, path, m, problems, keyLine));
        }
        problems.add(Problem.error(file, node.line(), subject + ": " + path + ": is " + node.describe()
                + "; expected a mapping of keys"));
        return Optional.empty();
    }

    String at(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    int line(String key) {
        return map.lineOf(key);
    }

    boolean has(String key) {
        return map.get(key).isPresent();
    }

    void error(String key, String message) {
        problems.add(Problem.error(file, line(key), subject + ": " + at(key) + ": " + message));
    }

    void error(int line, String where, String message) {
        problems.add(Problem.error(file, line, subject + ": " + where + ": " + message));
    }

    void warning(String key, String message) {
        problems.add(Problem.warning(file, line(key), subject + ": " + at(key) + ": " + message));
    }

    void missing(String key, String hint) {
        problems.add(Problem.error(file, keyLine, subject + ": " + at(key) + ": missing; " + hint));
    }

    /** Every key not in {@code known} is an error, with the nearest known key suggested. */
    void rejectUnknown(Collection<String> known) {
        for (YamlNode.Entry e : map.entries().values()) {
            if (!known.contains(e.key())) {
                problems.add(Problem.error(file, e.line(), subject + ": " + at(e.key()) + ": unknown field"
                        + Problem.didYouMean(e.key(), known) + "; " + (path.isEmpty() ? "" : path + " ")
                        + "accepts " + String.join(", ", known)));
            }
        }
    }

    Optional<String> string(String key) {
        Optional<YamlNode> v = map.get(key);
        if (v.isEmpty()) {
            return Optional.empty();
        }
        if (v.get() instanceof YamlNode.Scalar s && s.kind() == YamlNode.Scalar.Kind.STRING) {
            return Optional.of(s.text());
        }
        if (v.get() instanceof YamlNode.Scalar s) {
            return Optional.of(s.text()); // a number or boolean where text is expected reads as its text
        }
        error(key, "is " + v.get().describe() + "; expected text");
        return Optional.empty();
    }

    Optional<String> requiredString(String key, String hint) {
        if (!has(key)) {
            missing(key, hint);
            return Optional.empty();
        }
        Optional<String> s = string(key);
        if (s.isPresent() && s.get().isBlank()) {
            error(key, "is empty; " + hint);
            return Optional.empty();
        }
        return s;
    }

    Optional<Double> number(String key) {
        Optional<YamlNode> v = map.get(key);
        if (v.isEmpty()) {
            return Optional.empty();
        }
        if (v.get() instanceof YamlNode.Scalar s && s.kind() == YamlNode.Scalar.Kind.NUMBER) {
            try {
                double d = Double.parseDouble(s.text());
                if (Double.isFinite(d)) {
                    return Optional.of(d);
                }
            } catch (NumberFormatException ignored) {
                // reported below
            }
        }
        error(key, "is " + v.get().describe() + "; expected a number");
        return Optional.empty();
    }

    Optional<Boolean> bool(String key) {
        Optional<YamlNode> v = map.get(key);
        if (v.isEmpty()) {
            return Optional.empty();
        }
        if (v.get() instanceof YamlNode.Scalar s && s.kind() == YamlNode.Scalar.Kind.BOOLEAN) {
            return Optional.of(Boolean.parseBoolean(s.text().toLowerCase(java.util.Locale.ROOT)));
        }
        error(key, "is " + v.get().describe() + "; expected true or false");
        return Optional.empty();
    }

    Optional<Fields> mapping(String key) {
        Optional<YamlNode> v = map.get(key);
        if (v.isEmpty()) {
            return Optional.empty();
        }
        return of(file, subject, at(key), v.get(), problems, line(key));
    }

    List<YamlNode> list(String key) {
        Optional<YamlNode> v = map.get(key);
        if (v.isEmpty()) {
            return List.of();
        }
        if (v.get() instanceof YamlNode.Sequence s) {
            return s.items();
        }
        error(key, "is " + v.get().describe() + "; expected a list");
        return List.of();
    }

    /** The mappings of a list, each with its path {@code key[i]}. */
    List<Fields> mappings(String key) {
        List<Fields> out = new ArrayList<>();
        List<YamlNode> items = list(key);
        for (int i = 0; i < items.size(); i++) {
            of(file, subject, at(key) + "[" + i + "]", items.get(i), problems).ifPresent(out::add);
        }
        return out;
    }

    /** One of {@code accepted}, exactly as written (OpenSLO's enums are case-sensitive). */
    Optional<String> oneOf(String key, Set<String> accepted) {
        Optional<String> s = string(key);
        if (s.isPresent() && !accepted.contains(s.get())) {
            error(key, "'" + s.get() + "' is not accepted; expected one of " + String.join(", ", accepted)
                    + Problem.didYouMean(s.get(), accepted));
            return Optional.empty();
        }
        return s;
    }

    /** At most {@code max} characters. */
    Optional<String> text(String key, int max) {
        Optional<String> s = string(key);
        if (s.isPresent() && s.get().length() > max) {
            error(key, "is " + s.get().length() + " characters long; OpenSLO allows at most " + max);
        }
        return s;
    }
}
