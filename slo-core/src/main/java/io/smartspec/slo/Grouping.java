package io.smartspec.slo;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Per-label SLOs: the labels an SLO is grouped by ({@code group_by: [route]} in observability.yaml,
 * {@code Slo.Builder#per("route")} in code) and, for one instance of it, their values. A grouped SLO is
 * evaluated as one instance per combination of label values: one SLI, one error budget, one set of
 * burn-rate alerts each. At most {@link #limit()} instances are evaluated; the rest are dropped with a
 * warning naming the SLO.
 *
 * <p>This record is the one place that names an instance: {@link #render()} gives
 * {@code {route="/pay"}}, and {@link Slo#instanceName()} {@code checkout-errors{route="/pay"}}, the key
 * of its state, events and incidents.
 *
 * @param labels the labels grouped by, in the declared order; empty for an ungrouped SLO
 * @param limit  the most instances evaluated (the cardinality cap), default {@value #DEFAULT_LIMIT}
 * @param values for an instance, the value of each label; empty for the SLO as declared
 * @since 0.2.0
 */
public record Grouping(List<String> labels, int limit, Map<String, String> values) {

    /** The most instances of one grouped SLO evaluated unless {@code group_limit} says otherwise. */
    public static final int DEFAULT_LIMIT = 100;

    /** The largest {@code group_limit} accepted. */
    public static final int MAX_LIMIT = 10_000;

    /** What a label grouped by may be named: a Prometheus label name. */
    public static final Pattern LABEL = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    /** Why a label name is not accepted. */
    public static final String LABEL_RULE = "must start with a letter or '_' and contain only letters, digits "
            + "and '_' (a Prometheus label name)";

    /**
     * Labels that cannot be grouped by: the library's own labels on rules, alerts and incidents
     * ({@code slo}, {@code spec_id}, ...), which would overwrite the instance's value.
     */
    public static final java.util.Set<String> RESERVED = java.util.Set.of("slo", "spec_id", "window", "priority",
            "severity", "alertname", "le");

    /** Why a reserved label cannot be grouped by. */
    public static final String RESERVED_RULE = "is one of the library's own labels (slo, spec_id, window, "
            + "priority, severity, alertname, le); group by another label";

    private static final Grouping NONE = new Grouping(List.of(), DEFAULT_LIMIT, Map.of());

    public Grouping {
        labels = List.copyOf(labels);
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("group limit must be between 1 and " + MAX_LIMIT + ", but was "
                    + limit);
        }
        for (String label : labels) {
            if (!LABEL.matcher(label).matches()) {
                throw new IllegalArgumentException("group_by: label '" + label + "' " + LABEL_RULE);
            }
            if (RESERVED.contains(label)) {
                throw new IllegalArgumentException("group_by: label '" + label + "' " + RESERVED_RULE);
            }
        }
        if (labels.stream().distinct().count() != labels.size()) {
            throw new IllegalArgumentException("group_by: " + labels + " names a label twice");
        }
        Objects.requireNonNull(values, "values");
        if (!values.isEmpty() && !values.keySet().equals(new java.util.HashSet<>(labels))) {
            throw new IllegalArgumentException("an instance of an SLO grouped by " + labels
                    + " needs a value for each of these labels, but had " + values.keySet());
        }
        Map<String, String> ordered = new LinkedHashMap<>();
        for (String label : labels) {
            if (values.containsKey(label)) {
                ordered.put(label, Objects.requireNonNull(values.get(label), label));
            }
        }
        values = java.util.Collections.unmodifiableMap(ordered);
    }

    /** An ungrouped SLO: one instance, named as the SLO. */
    public static Grouping none() {
        return NONE;
    }

    /** Grouped by these labels, at most {@code limit} instances. */
    public static Grouping by(List<String> labels, int limit) {
        return new Grouping(labels, limit, Map.of());
    }

    /** Whether the SLO is grouped (has labels). */
    public boolean isGrouped() {
        return !labels.isEmpty();
    }

    /** Whether this is one instance of a grouped SLO (its label values are known). */
    public boolean isInstance() {
        return !values.isEmpty();
    }

    /** The instance of these label values. */
    public Grouping instance(Map<String, String> labelValues) {
        return new Grouping(labels, limit, labelValues);
    }

    /**
     * The label values as PromQL writes them, {@code {route="/pay",tenant="a"}} (in the order of
     * {@link #labels()}, {@code \} and {@code "} escaped); empty for an SLO that is not an instance.
     */
    public String render() {
        return render(values);
    }

    /**
     * Label values as PromQL writes them, {@code {route="/pay"}}, in the map's order; empty for no values.
     * The one rendering of an instance's labels (names, event keys, incident keys, reports).
     */
    public static String render(Map<String, String> values) {
        if (values.isEmpty()) {
            return "";
        }
        List<String> parts = new ArrayList<>();
        values.forEach((k, v) -> parts.add(k + "=\"" + v.replace("\\", "\\\\").replace("\"", "\\\"")
                .replace("\n", "\\n") + "\""));
        return "{" + String.join(",", parts) + "}";
    }

    @Override
    public String toString() {
        return isInstance() ? render() : isGrouped() ? "per " + String.join(", ", labels) : "";
    }
}
