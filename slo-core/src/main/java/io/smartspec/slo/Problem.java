package io.smartspec.slo;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One thing wrong with (or worth knowing about) an input: a spec row, a YAML key, a DSL field.
 * Rendered as {@code file:line: message} when it has a location, else as the message alone.
 *
 * @param severity whether it stops the SLO from being used
 * @param file     the file it was found in, or {@code ""} for definitions made in code
 * @param line     the 1-based line, or 0 when unknown
 * @param message  what is wrong, the bad value and what would be accepted
 * @since 0.1.0
 */
public record Problem(Severity severity, String file, int line, String message) {

    public enum Severity { ERROR, WARNING }

    public Problem {
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(message, "message");
        if (message.length() > MAX_MESSAGE_LENGTH) {
            // a message quoting a huge bad value stays readable (and the output bounded)
            message = message.substring(0, MAX_MESSAGE_LENGTH) + "... (" + String.format(Locale.ROOT, "%,d",
                    message.length() - MAX_MESSAGE_LENGTH) + " more characters)";
        }
    }

    /** The longest message kept whole; the rest is cut, saying how much. */
    public static final int MAX_MESSAGE_LENGTH = 2_000;

    public static Problem error(String file, int line, String message) {
        return new Problem(Severity.ERROR, file, line, message);
    }

    public static Problem warning(String file, int line, String message) {
        return new Problem(Severity.WARNING, file, line, message);
    }

    /** An error in a definition made in code, e.g. {@code slo 'checkout-p99': objective: ...}. */
    public static Problem error(String message) {
        return new Problem(Severity.ERROR, "", 0, message);
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }

    /**
     * The problems with each repeated one (same severity, file and message, other lines) kept once, at its
     * first place, as {@code ... (and 49,998 more like it, on lines 5, 6, 7, ...)}; the others in order.
     *
     * @since 0.1.0
     */
    public static List<Problem> collapse(List<Problem> problems) {
        Map<List<Object>, List<Problem>> groups = new LinkedHashMap<>();
        for (Problem p : problems) {
            groups.computeIfAbsent(List.of(p.severity, p.file, p.message), k -> new ArrayList<>()).add(p);
        }
        if (groups.size() == problems.size()) {
            return List.copyOf(problems);
        }
        List<Problem> out = new ArrayList<>(groups.size());
        for (List<Problem> same : groups.values()) {
            Problem first = same.get(0);
            if (same.size() == 1) {
                out.add(first);
                continue;
            }
            int more = same.size() - 1;
            List<String> lines = same.stream().skip(1).filter(p -> p.line > 0).limit(MAX_LINES_SHOWN)
                    .map(p -> String.valueOf(p.line)).toList();
            String where = lines.isEmpty() ? "" : (more == 1 ? ", on line " : ", on lines ") + String.join(", ", lines)
                    + (more > lines.size() ? ", ..." : "");
            out.add(new Problem(first.severity, first.file, first.line, first.message + " (and "
                    + String.format(Locale.ROOT, "%,d", more) + " more like it" + where + ")"));
        }
        return List.copyOf(out);
    }

    private static final int MAX_LINES_SHOWN = 5;

    @Override
    public String toString() {
        if (file.isEmpty()) {
            return message;
        }
        return line > 0 ? file + ":" + line + ": " + message : file + ": " + message;
    }

    /**
     * "Did you mean ...?": the word of {@code known} nearest to a misspelt {@code word} (Levenshtein
     * distance, ignoring case), when it is near enough to be what was meant. The one helper behind every
     * suggestion of the library's messages.
     *
     * @since 0.1.0
     */
    public static Optional<String> nearest(String word, Collection<String> known) {
        String w = word.toLowerCase(Locale.ROOT);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String k : known) {
            int d = distance(w, k.toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                best = k;
                bestDistance = d;
            }
        }
        int allowed = Math.max(2, w.length() / 3);
        return bestDistance <= allowed ? Optional.ofNullable(best) : Optional.empty();
    }

    /** {@code "; did you mean 'x'?"} for the nearest known word, else {@code ""}. */
    public static String didYouMean(String word, Collection<String> known) {
        return nearest(word, known).map(n -> "; did you mean '" + n + "'?").orElse("");
    }

    /** The Levenshtein distance: insertions, deletions and substitutions needed to turn a into b. */
    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            int[] t = previous;
            previous = current;
            current = t;
        }
        return previous[b.length()];
    }
}
