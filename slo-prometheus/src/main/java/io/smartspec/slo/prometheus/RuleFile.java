package io.smartspec.slo.prometheus;

import io.smartspec.slo.prometheus.internal.RuleYaml;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A Prometheus rules file as data: groups of recording and alerting rules. Made by
 * {@link PrometheusRules}; {@link #toYaml()} writes what Prometheus's {@code rule_files} and
 * {@code promtool check rules} read.
 *
 * @param header a comment written at the top of the file (without {@code #}), maybe empty
 * @param groups the rule groups, in order
 * @since 0.1.0
 */
public record RuleFile(String header, List<Group> groups) {

    public RuleFile {
        Objects.requireNonNull(header, "header");
        groups = List.copyOf(groups);
    }

    /** One rule group; Prometheus evaluates the rules of a group in order. */
    public record Group(String name, List<Rule> rules) {
        public Group {
            Objects.requireNonNull(name, "name");
            rules = List.copyOf(rules);
        }
    }

    /** A recording or an alerting rule. */
    public sealed interface Rule permits Recording, Alert {
        String expr();

        Map<String, String> labels();
    }

    /** {@code record: name, expr: ..., labels: ...}. */
    public record Recording(String record, String expr, Map<String, String> labels) implements Rule {
        public Recording {
            Objects.requireNonNull(record, "record");
            Objects.requireNonNull(expr, "expr");
            labels = Map.copyOf(labels);
        }
    }

    /** {@code alert: name, expr: ..., for: ..., labels: ..., annotations: ...}. */
    public record Alert(String alert, String expr, Optional<Duration> forDuration, Map<String, String> labels,
                        Map<String, String> annotations) implements Rule {
        public Alert {
            Objects.requireNonNull(alert, "alert");
            Objects.requireNonNull(expr, "expr");
            Objects.requireNonNull(forDuration, "forDuration");
            labels = Map.copyOf(labels);
            annotations = Map.copyOf(annotations);
        }
    }

    /** Every rule of every group. */
    public List<Rule> rules() {
        return groups.stream().flatMap(g -> g.rules().stream()).toList();
    }

    public List<Recording> recordings() {
        return rules().stream().filter(Recording.class::isInstance).map(Recording.class::cast).toList();
    }

    public List<Alert> alerts() {
        return rules().stream().filter(Alert.class::isInstance).map(Alert.class::cast).toList();
    }

    /** The file as Prometheus reads it (labels and annotations sorted by name). */
    public String toYaml() {
        return RuleYaml.write(this);
    }
}
