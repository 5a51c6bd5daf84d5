package io.smartspec.slo.config;

import io.smartspec.slo.Grouping;
import io.smartspec.slo.Slo;
import io.smartspec.slo.Unit;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * How one metric of a spec is queried, as written in {@code observability.yaml}'s {@code metrics:}:
 * either a {@link Threshold} ({@code query}, compared with the NFR row's target) or a {@link Ratio}
 * of events ({@code good_query} or {@code bad_query}, with {@code total_query}; both may contain
 * {@code {{window}}}). Any other combination is a problem of the file, found when it is read.
 *
 * <p>{@link #settings()} holds the metric's provider-specific keys (Datadog's {@code window} and
 * {@code aggregation}, ...), read by the provider.
 *
 * @since 0.1.0
 */
public sealed interface MetricBinding permits MetricBinding.Threshold, MetricBinding.Ratio {

    /** The keys of a {@code metrics:} entry that the core reads; providers add their own. */
    Set<String> KEYS = ConfigSection.keys("name", "query", "good_query", "bad_query", "total_query", "unit",
            "min_events", "description", "group_by", "group_limit");

    /** The metric's name, as in the spec's NFR table. */
    String name();

    /** The line in observability.yaml (0 when defined in code). */
    int line();

    /** The entry's keys, for the provider's per-metric settings; empty for bindings made in code. */
    ConfigSection settings();

    /**
     * The labels the metric's SLO is grouped by ({@code group_by: [route]}) and the most instances
     * ({@code group_limit:}); {@link Grouping#none()} when it is not grouped.
     *
     * @since 0.2.0
     */
    Grouping grouping();

    /**
     * A value compared with a threshold: a latency percentile, an error rate, a throughput.
     *
     * @param name     the metric's name
     * @param line     the line in observability.yaml
     * @param query    the provider's query
     * @param unit     the unit the query returns, when the provider does not say
     * @param settings the entry's keys
     */
    record Threshold(String name, int line, String query, Optional<Unit> unit, ConfigSection settings,
                     Grouping grouping) implements MetricBinding {
        public Threshold {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(query, "query");
            Objects.requireNonNull(unit, "unit");
            Objects.requireNonNull(settings, "settings");
            Objects.requireNonNull(grouping, "grouping");
        }

        /** A threshold metric that is not grouped by labels. */
        public Threshold(String name, int line, String query, Optional<Unit> unit, ConfigSection settings) {
            this(name, line, query, unit, settings, Grouping.none());
        }

        @Override
        public ConfigSection settings() {
            return settings.fresh();
        }
    }

    /**
     * A ratio of events: good (or bad) events over all events.
     *
     * @param name     the metric's name
     * @param line     the line in observability.yaml
     * @param events    the good or bad events' query
     * @param total     all events' query
     * @param minEvents the fewest events a window needs before it is judged ({@code min_events:} of the
     *                  metric, else of the file); empty: the SLO's default
     * @param settings  the entry's keys
     */
    record Ratio(String name, int line, Slo.EventsQuery events, Slo.TotalQuery total, OptionalLong minEvents,
                 ConfigSection settings, Grouping grouping) implements MetricBinding {
        public Ratio {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(events, "events");
            Objects.requireNonNull(total, "total");
            Objects.requireNonNull(minEvents, "minEvents");
            Objects.requireNonNull(settings, "settings");
            Objects.requireNonNull(grouping, "grouping");
        }

        /** A ratio metric that is not grouped by labels. */
        public Ratio(String name, int line, Slo.EventsQuery events, Slo.TotalQuery total, OptionalLong minEvents,
                     ConfigSection settings) {
            this(name, line, events, total, minEvents, settings, Grouping.none());
        }

        @Override
        public ConfigSection settings() {
            return settings.fresh();
        }
    }

    /** A threshold metric read by {@code query}, made in code. */
    static Threshold query(String name, String query) {
        return new Threshold(name, 0, query, Optional.empty(), ConfigSection.empty(""));
    }

    /** A ratio metric made in code: {@code ratio("availability", Slo.good("..."), Slo.total("..."))}. */
    static Ratio ratio(String name, Slo.EventsQuery events, Slo.TotalQuery total) {
        return new Ratio(name, 0, events, total, OptionalLong.empty(), ConfigSection.empty(""));
    }
}
