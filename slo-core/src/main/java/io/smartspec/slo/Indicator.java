package io.smartspec.slo;

import io.smartspec.slo.source.MetricSource;
import java.util.Objects;
import java.util.Optional;

/**
 * What an SLO measures — exactly one of a {@link Threshold} (a metric's current value), an
 * {@link EventsRatio} (good or bad events over all events, with an error budget) or a
 * {@link LatencyRatio} (the share of requests faster than a threshold).
 *
 * <p>Queries are strings that the {@link MetricSource} of the SLO understands (a PromQL expression,
 * a Datadog query, a Micrometer meter reference). Ratio queries may contain {@code {{window}}}, which
 * is replaced by each evaluated window ({@code 5m}, {@code 1h}, {@code 30d}).
 *
 * @since 0.1.0
 */
public sealed interface Indicator permits Indicator.Threshold, Indicator.EventsRatio, Indicator.LatencyRatio {

    /** The name of the metric as written in the spec ({@code api_latency_p99}). */
    String metric();

    /** A metric's current value, compared with a bound. */
    record Threshold(String metric, String query, Optional<Unit> unit) implements Indicator {
        public Threshold {
            Objects.requireNonNull(metric, "metric");
            Objects.requireNonNull(query, "query");
            Objects.requireNonNull(unit, "unit");
        }
    }

    /**
     * Good (or bad) events over total events. The SLI is good / total; with bad events it is
     * 1 - bad / total.
     */
    record EventsRatio(String metric, Events events, String eventsQuery, String totalQuery) implements Indicator {
        public EventsRatio {
            Objects.requireNonNull(metric, "metric");
            Objects.requireNonNull(events, "events");
            Objects.requireNonNull(eventsQuery, "eventsQuery");
            Objects.requireNonNull(totalQuery, "totalQuery");
        }
    }

    /**
     * The share of requests faster than {@code threshold}, read from a timer or histogram: the
     * source counts requests at or under the threshold and all requests.
     */
    record LatencyRatio(String metric, String query, Quantity threshold) implements Indicator {
        public LatencyRatio {
            Objects.requireNonNull(metric, "metric");
            Objects.requireNonNull(query, "query");
            Objects.requireNonNull(threshold, "threshold");
        }
    }

    /** Whether the events query of a ratio counts good or bad events. */
    enum Events { GOOD, BAD }

    /** Whether this indicator has an error budget (ratios do, thresholds do not). */
    default boolean hasErrorBudget() {
        return !(this instanceof Threshold);
    }
}
