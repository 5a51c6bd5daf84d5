package io.smartspec.slo.source;

import io.smartspec.slo.Objective;
import io.smartspec.slo.Quantity;
import io.smartspec.slo.Unit;
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
 * @param slices           the time slices of a {@link Kind#SLICES} or {@link Kind#GOOD_SLICES} query
 * @param at               the instant the answer is for (now, or a past instant with {@code --at})
 * @since 0.1.0
 */
public record MetricQuery(String metric, String query, Kind kind, Optional<Duration> window,
                          Optional<Quantity> latencyThreshold, Optional<Slices> slices, Instant at) {

    /** What a query asks for. */
    public enum Kind {
        /** The metric's current value (a gauge, a percentile, a rate, an error ratio). */
        VALUE,
        /** How many events the query counts over the window. */
        EVENTS,
        /** How many events of a timer or histogram took at most the latency threshold, over the window. */
        EVENTS_FASTER_THAN,
        /**
         * How many time slices of the window have a value of the query (see {@link Slices}).
         *
         * @since 0.1.0
         */
        SLICES,
        /**
         * How many time slices of the window have a value of the query that meets the slices' objective.
         *
         * @since 0.1.0
         */
        GOOD_SLICES
    }

    /**
     * Time slices: the window is cut into slices of {@code slice}, aligned to the epoch (a 1m slice ends at each
     * whole minute), and only slices that have ended count. A slice's value is the query's value at its end, as a
     * Prometheus subquery {@code (query)[window:slice]} evaluates it (in-process: the last value read within the
     * slice). A slice is good when its value meets {@code objective}; a slice without a value, or with NaN, counts
     * neither way. {@code plainNumberUnit} is how a plain number from the query is read ({@code 0.2} as seconds).
     *
     * @since 0.1.0
     */
    public record Slices(Duration slice, Objective objective, Optional<Unit> plainNumberUnit,
                         Optional<EventRatio> eventRatio) {
        public Slices {
            Objects.requireNonNull(slice, "slice");
            Objects.requireNonNull(objective, "objective");
            Objects.requireNonNull(plainNumberUnit, "plainNumberUnit");
            Objects.requireNonNull(eventRatio, "eventRatio");
            if (slice.isNegative() || slice.isZero() || slice.toMillis() % 1000 != 0) {
                throw new IllegalArgumentException("time slice: " + slice + " must be a positive whole number of seconds");
            }
        }

        /** The slices of a value query. */
        public Slices(Duration slice, Objective objective, Optional<Unit> plainNumberUnit) {
            this(slice, objective, plainNumberUnit, Optional.empty());
        }

        /**
         * The slices of a ratio SLO: each slice's value is its ratio of good to all events, counted over the slice
         * alone ({@code {{window}}} of both queries set to the slice); a slice without events (0 of 0) has no value
         * and counts neither way. The objective is the ratio a good slice needs ({@code >= 99%}); with
         * {@link #eventRatio()}'s {@code mean}, a {@link Kind#GOOD_SLICES} query asks for the sum of the slices'
         * ratios instead of the number of good slices (OpenSLO's RatioTimeslices: the SLI is their mean).
         *
         * @since 0.2.0
         */
        public static Slices ofEventRatio(Duration slice, Objective objective, EventRatio ratio) {
            return new Slices(slice, objective, Optional.of(Unit.FRACTION), Optional.of(ratio));
        }

        /** The bound of the objective in the unit plain numbers are read in: 0.2 for {@code < 200 ms} in seconds. */
        public double boundInPlainNumbers() {
            Quantity bound = objective.bound();
            return plainNumberUnit.filter(u -> u.dimension() == bound.dimension())
                    .map(u -> bound.to(u).value()).orElse(bound.value());
        }
    }

    /**
     * The ratio of events a slice of a ratio SLO is judged by: {@code eventsTemplate} counts the good (or, with
     * {@code bad}, the bad) events and {@code totalTemplate} all of them, both with {@code {{window}}}; with
     * {@code mean} the good "slices" are the sum of the slices' ratios (see {@link Slices#ofEventRatio}).
     *
     * @since 0.2.0
     */
    public record EventRatio(String eventsTemplate, String totalTemplate, boolean bad, boolean mean) {
        public EventRatio {
            Objects.requireNonNull(eventsTemplate, "eventsTemplate");
            Objects.requireNonNull(totalTemplate, "totalTemplate");
        }

        @Override
        public String toString() {
            return (bad ? "1 - " : "") + eventsTemplate + " / " + totalTemplate;
        }
    }

    /** The placeholder in ratio queries that is replaced by each evaluated window. */
    public static final String WINDOW_PLACEHOLDER = "{{window}}";

    public MetricQuery {
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(query, "query");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(latencyThreshold, "latencyThreshold");
        Objects.requireNonNull(slices, "slices");
        Objects.requireNonNull(at, "at");
    }

    public static MetricQuery value(String metric, String query, Instant at) {
        return new MetricQuery(metric, query, Kind.VALUE, Optional.empty(), Optional.empty(), Optional.empty(), at);
    }

    /** Counts events over {@code window}; {@code {{window}}} in the template is replaced by it. */
    public static MetricQuery events(String metric, String template, Duration window, Instant at) {
        return new MetricQuery(metric, withWindow(template, window), Kind.EVENTS, Optional.of(window),
                Optional.empty(), Optional.empty(), at);
    }

    /** Counts events of a timer at or under {@code threshold} over {@code window}. */
    public static MetricQuery eventsFasterThan(String metric, String template, Quantity threshold, Duration window,
                                               Instant at) {
        return new MetricQuery(metric, withWindow(template, window), Kind.EVENTS_FASTER_THAN, Optional.of(window),
                Optional.of(threshold), Optional.empty(), at);
    }

    /**
     * Counts the time slices of {@code window} that have a value of {@code query}.
     *
     * @since 0.1.0
     */
    public static MetricQuery slices(String metric, String query, Slices slices, Duration window, Instant at) {
        return new MetricQuery(metric, query, Kind.SLICES, Optional.of(window), Optional.empty(), Optional.of(slices),
                at);
    }

    /**
     * Counts the time slices of {@code window} whose value of {@code query} meets the slices' objective.
     *
     * @since 0.1.0
     */
    public static MetricQuery goodSlices(String metric, String query, Slices slices, Duration window, Instant at) {
        return new MetricQuery(metric, query, Kind.GOOD_SLICES, Optional.of(window), Optional.empty(),
                Optional.of(slices), at);
    }

    /** Replaces {@code {{window}}} with the window in Prometheus notation ({@code 5m}, {@code 30d}). */
    public static String withWindow(String template, Duration window) {
        return template.replace(WINDOW_PLACEHOLDER, Windows.format(window));
    }

    @Override
    public String toString() {
        return kind == Kind.VALUE ? query : kind + "(" + query + slices.map(s -> " " + s.objective()).orElse("") + ")"
                + window.map(w -> "[" + Windows.format(w) + slices.map(s -> ":" + Windows.format(s.slice())).orElse("")
                + "]").orElse("");
    }
}
