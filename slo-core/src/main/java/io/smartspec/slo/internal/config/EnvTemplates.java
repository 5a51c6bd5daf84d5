package io.smartspec.slo.internal.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces {@code {{env.NAME}}} and {@code {{env.NAME:-default}}} in configuration values. As in a
 * shell's {@code ${NAME:-default}}, the default is used when the variable is unset or empty.
 * Other placeholders, such as {@code {{window}}}, are left alone. Other template syntaxes that look
 * like an environment variable — {@code ${NAME}}, {@code $NAME}, {@code {{ENV.NAME}}} — are errors
 * showing the {@code {{env.NAME}}} form, never sent as they are; {@code $$} is a literal {@code $}.
 * Messages name the variable and the placeholder as written, never a value.
 */
public final class EnvTemplates {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*env\\.(.*?)\\s*}}");
    private static final Pattern UNCLOSED = Pattern.compile("\\{\\{\\s*env\\.");
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    /** {@code $$}, {@code ${...}}, {@code $NAME} and {@code {{ENV.}}} in any case but ours. */
    private static final Pattern FOREIGN = Pattern.compile(
            "\\$\\$|\\$\\{([^}]*)}|\\$([A-Za-z_][A-Za-z0-9_]*)|\\{\\{\\s*((?i:env))\\.([^}]*?)\\s*}}");

    /** A value after substitution and the variables it was read from. */
    public record Resolved(String value, List<String> variables) {
        public Resolved {
            variables = List.copyOf(variables);
        }

        /** Whether the whole value is one variable (or its default): {@code "{{env.KEY}}"}. */
        public boolean isSingleVariable(String template) {
            return variables.size() == 1 && PLACEHOLDER.matcher(template.trim()).matches();
        }
    }

    private EnvTemplates() {
    }

    /**
     * Substitutes every placeholder of {@code template}; each problem is given to {@code error} as a
     * message (without the field's name), and the result is then empty.
     */
    public static Optional<Resolved> resolve(String template, Map<String, String> env, Consumer<String> error) {
        if (template.indexOf('$') >= 0 || template.toLowerCase(java.util.Locale.ROOT).contains("env.")) {
            Optional<String> unescaped = foreign(template, error);
            if (unescaped.isEmpty()) {
                return Optional.empty();
            }
            template = unescaped.get();
        }
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        List<String> variables = new ArrayList<>();
        boolean ok = true;
        int last = 0;
        while (m.find()) {
            out.append(template, last, m.start());
            last = m.end();
            String inner = m.group(1);
            int dash = inner.indexOf(":-");
            String name = (dash < 0 ? inner : inner.substring(0, dash)).trim();
            String fallback = dash < 0 ? null : inner.substring(dash + 2);
            if (!NAME.matcher(name).matches()) {
                error.accept("'{{env." + name + "}}' does not name an environment variable; write {{env.NAME}} or "
                        + "{{env.NAME:-default}} with NAME made of letters, digits and '_'");
                ok = false;
                continue;
            }
            String value = env.get(name);
            if (value == null || value.isEmpty()) {
                if (fallback != null) {
                    value = fallback;
                } else if (value == null) {
                    error.accept("environment variable " + name + " is not set (referenced as " + m.group()
                            + "); set it or write {{env." + name + ":-default}}");
                    ok = false;
                    continue;
                }
            }
            variables.add(name);
            out.append(value);
        }
        String rest = template.substring(last);
        Matcher unclosed = UNCLOSED.matcher(rest);
        if (unclosed.find()) {
            error.accept("'{{env.' is not closed with '}}'; write {{env.NAME}} or {{env.NAME:-default}}");
            ok = false;
        }
        out.append(rest);
        return ok ? Optional.of(new Resolved(out.toString(), variables)) : Optional.empty();
    }

    /**
     * Reports every foreign placeholder of {@code template} (one error each); with none, returns the
     * template with {@code $$} read as {@code $}.
     */
    private static Optional<String> foreign(String template, Consumer<String> error) {
        Matcher m = FOREIGN.matcher(template);
        StringBuilder out = new StringBuilder();
        boolean ok = true;
        while (m.find()) {
            if (m.group().equals("$$")) {
                m.appendReplacement(out, "\\$");
                continue;
            }
            if (m.group(4) != null && m.group(3).equals("env")) {
                m.appendReplacement(out, Matcher.quoteReplacement(m.group()));
                continue; // ours
            }
            ok = false;
            String inner = m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(4);
            int dash = inner.indexOf(":-");
            String name = (dash < 0 ? inner : inner.substring(0, dash)).trim();
            String ours = "{{env." + (NAME.matcher(name).matches() ? name : "NAME") + (dash < 0 ? "" : ":-default")
                    + "}}";
            String written = m.group(4) != null ? "{{" + m.group(3) + "." + name + "}}"
                    : m.group(1) != null ? "${" + name + "}" : "$" + name;
            error.accept("'" + written + "' is not replaced here: environment variables are written " + ours
                    + (m.group(4) != null ? " (lower-case env)" : "") + "; a literal '$' is written '$$'");
        }
        if (!ok) {
            return Optional.empty();
        }
        m.appendTail(out);
        return Optional.of(out.toString());
    }
}
