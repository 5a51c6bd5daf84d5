package io.smartspec.slo.source;

import io.smartspec.slo.Quantity;
import io.smartspec.slo.Windows;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One question to a {@link MetricSource}: the value of a metric, or the number of events over a
 * window, as of an instant.
 *
 * @param metric           the metric's name in the spec (for messages and per-metric settings)
 * @param query            the provider's query, with {@code {{window}}} already replaced
 * @param kind             what is asked
 * @param window           the window of an {@link Kind#EVENTS} or {@link Kind#EVENTS_FASTER_THAN} query
 * @param latencyThreshold the threshold of an {@link Kind#EVENTS_FASTER_THAN} query
 * @param at               the instant the answer is for (now, or a past instant with {@code --at})
 * @since 0.1.0
 */
public record MetricQuery(String metric, String query, Kind kind, Optional<Duration> window,
                          Optional<Quantity> latencyThreshold, Instant at) {

    /** What a query asks for. */
    public enum Kind {
        /** The metric's current value (a gauge, a percentile, a rate, an error ratio). */
        VALUE,
        /** How many events the query counts over the window. */
        EVENTS,
        /** How many events of a timer or histogram took at most the latency threshold, over the window. */
        EVENTS_FASTER_THAN
    }

    /** The placeholder in ratio queries that is replaced by each evaluated window. */
    public static final String WINDOW_PLACEHOLDER = "{{window}}";

    public MetricQuery {
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(query, "query");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(latencyThreshold, "latencyThreshold");
        Objects.requireNonNull(at, "at");
    }

    public static MetricQuery value(String metric, String query, Instant at) {
        return new MetricQuery(metric, query, Kind.VALUE, Optional.empty(), Optional.empty(), at);
    }

    /** Counts events over {@code window}; {@code {{window}}} in the template is replaced by it. */
    public static MetricQuery events(String metric, String template, Duration window, Instant at) {
        return new MetricQuery(metric, withWindow(template, window), Kind.EVENTS, Optional.of(window),
                Optional.empty(), at);
    }

    /** Counts events of a timer at or under {@code threshold} over {@code window}. */
    public static MetricQuery eventsFasterThan(String metric, String template, Quantity threshold, Duration window,
                                               Instant at) {
        return new MetricQuery(metric, withWindow(template, window), Kind.EVENTS_FASTER_THAN, Optional.of(window),
                Optional.of(threshold), at);
    }

    /** Replaces {@code {{window}}} with the window in Prometheus notation ({@code 5m}, {@code 30d}). */
    public static String withWindow(String template, Duration window) {
        return template.replace(WINDOW_PLACEHOLDER, Windows.format(window));
    }

    @Override
    public String toString() {
        return kind == Kind.VALUE ? query : kind + "(" + query + ")" + window.map(w -> "[" + Windows.format(w) + "]").orElse("");
    }
}
