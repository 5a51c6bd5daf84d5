package io.smartspec.slo.config;

import io.smartspec.slo.Unit;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * How one metric of a spec is queried, as written in {@code observability.yaml}'s {@code metrics:}.
 * A metric has either a {@code query} (threshold SLOs) or an events query ({@code good_query} or
 * {@code bad_query}) with a {@code total_query} (ratio SLOs), which may contain {@code {{window}}}.
 *
 * @param name        the metric's name, as in the spec's NFR table
 * @param line        the line in observability.yaml (0 when defined in code)
 * @param query       the query of a threshold metric
 * @param goodQuery   good events of a ratio metric
 * @param badQuery    bad events of a ratio metric
 * @param totalQuery  all events of a ratio metric
 * @param unit        the unit the query returns, when the provider does not say
 * @param window      how far back a provider looks for the value (Datadog: from = at - window)
 * @param aggregation how a provider reduces the window's points to one value: last, avg, max, min, sum
 * @param options     other provider-specific settings, by key
 * @param minEvents   the fewest events a window of this ratio metric needs before it is judged
 *                    ({@code min_events:} of the metric, else of the file); empty: the SLO's default
 * @since 0.1.0
 */
public record MetricBinding(String name, int line, Optional<String> query, Optional<String> goodQuery,
                            Optional<String> badQuery, Optional<String> totalQuery, Optional<Unit> unit,
                            Optional<Duration> window, Optional<String> aggregation, Map<String, String> options,
                            OptionalLong minEvents) {

    public MetricBinding {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(query, "query");
        Objects.requireNonNull(goodQuery, "goodQuery");
        Objects.requireNonNull(badQuery, "badQuery");
        Objects.requireNonNull(totalQuery, "totalQuery");
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(aggregation, "aggregation");
        options = Map.copyOf(options);
        Objects.requireNonNull(minEvents, "minEvents");
    }

    /** A binding without {@code min_events}. */
    public MetricBinding(String name, int line, Optional<String> query, Optional<String> goodQuery,
                         Optional<String> badQuery, Optional<String> totalQuery, Optional<Unit> unit,
                         Optional<Duration> window, Optional<String> aggregation, Map<String, String> options) {
        this(name, line, query, goodQuery, badQuery, totalQuery, unit, window, aggregation, options,
                OptionalLong.empty());
    }

    /** A threshold metric read by {@code query}. */
    public static MetricBinding query(String name, String query) {
        return new MetricBinding(name, 0, Optional.of(query), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Map.of());
    }

    /** Whether this metric is a ratio of events (it has an events query and a total query). */
    public boolean isRatio() {
        return (goodQuery.isPresent() || badQuery.isPresent()) && totalQuery.isPresent();
    }
}
