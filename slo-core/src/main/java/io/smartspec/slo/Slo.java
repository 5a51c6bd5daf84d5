package io.smartspec.slo;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * A service level objective: an {@link Indicator} that must meet an {@link Objective}, optionally
 * over a {@link SloWindow} (rolling or calendar) and counted by a {@link Budgeting} method (events or time
 * slices), with a {@link Priority} and labels. Immutable; build one with {@link #named(String)} or through
 * {@link SloSet#named(String)}:
 *
 * <pre>{@code
 * Slo p99 = Slo.named("checkout-p99")
 *     .metric("api_latency_p99").below(Duration.ofMillis(200))
 *     .priority(Priority.P1)
 *     .build();
 * Slo availability = Slo.named("availability")
 *     .ratio(good("sum(rate(http_requests_total{code!~\"5..\"}[{{window}}]))"),
 *            total("sum(rate(http_requests_total[{{window}}]))"))
 *     .target(percent(99.9)).over(days(30))
 *     .build();
 * Slo p99Slices = Slo.named("checkout-p99")                  // 99% of the minutes of each month
 *     .metric("api_latency_p99").below(Duration.ofMillis(200))   // have a p99 under 200 ms
 *     .timeslices(minutes(1)).target(percent(99))
 *     .over(calendarMonth(ZoneId.of("Europe/Berlin")))
 *     .build();
 * }</pre>
 *
 * <p>With {@link Budgeting.Timeslices time slices}, {@link #objective()} is the target share of good slices
 * ({@code >= 99 %}) and the slice's own objective ({@code < 200 ms}) is in {@link #budgeting()}.
 *
 * <p>{@code minEvents}: the fewest events a window of a ratio SLO must hold to be judged; a window with
 * fewer is NO_DATA, never a breach. Unless declared it is {@link #defaultMinEvents(Quantity)}: the fewest
 * events at which one bad event alone cannot take the SLI below target (1,000 for 99.9%).
 *
 * @since 0.1.0
 */
public record Slo(
        String name,
        String description,
        Indicator indicator,
        Objective objective,
        Optional<SloWindow> window,
        Priority priority,
        Map<String, String> labels,
        Optional<String> runbook,
        long minEvents,
        Budgeting budgeting) {

    /**
     * The {@code minEvents} of a threshold SLO, which counts no events. A ratio SLO that declares none gets
     * {@link #defaultMinEvents(Quantity)} of its target.
     */
    public static final long DEFAULT_MIN_EVENTS = 0;

    /**
     * The fewest events a window of a ratio SLO with this target needs before it is judged, when the SLO
     * declares none: the fewest at which one bad event alone cannot take the SLI below target,
     * {@code ceil(1 / (1 - target))} — 100 for 99%, 1,000 for 99.9%, 10,000 for 99.99%. With fewer, a
     * single failure (the first request after a start, say) would breach the objective and page; with
     * this many it spends at most the whole budget. Each burn-rate window checks the same count, so a
     * short window of a quiet service waits for the longer windows rather than paging on one event.
     *
     * @param target the share of good events, e.g. 99.9%
     */
    public static long defaultMinEvents(Quantity target) {
        if (target.dimension() != Unit.Dimension.RATIO) {
            return DEFAULT_MIN_EVENTS;
        }
        java.math.BigDecimal budget = java.math.BigDecimal.ONE.subtract(java.math.BigDecimal.valueOf(
                target.canonicalValue()));
        if (budget.signum() <= 0 || budget.compareTo(java.math.BigDecimal.ONE) >= 0) {
            return 1;
        }
        return java.math.BigDecimal.ONE.divide(budget, 0, java.math.RoundingMode.CEILING).longValueExact();
    }

    /** The window of SLOs with an error budget that declare none: 30 days, rolling. */
    public static final Duration DEFAULT_RATIO_WINDOW = Duration.ofDays(30);

    /**
     * What an SLO and a metric may be named: a letter or digit, then letters, digits, {@code _}, {@code .},
     * {@code :} and {@code -}. The one name pattern of the library (the NFR table's metrics, the SLOs).
     */
    public static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.:-]*");

    /** Why {@code name} is not a valid SLO or metric name. */
    static final String NAME_RULE = "must start with a letter or digit and contain only letters, digits, '_', "
            + "'.', ':' and '-'";

    public Slo {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(indicator, "indicator");
        Objects.requireNonNull(objective, "objective");
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(priority, "priority");
        labels = Map.copyOf(labels);
        Objects.requireNonNull(runbook, "runbook");
        Objects.requireNonNull(budgeting, "budgeting");
        // the builder's invariants, for SLOs made with the constructor too
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("slo '" + name + "': name: " + NAME_RULE);
        }
        boolean threshold = indicator instanceof Indicator.Threshold;
        if (threshold && budgeting instanceof Budgeting.RatioTimeslices) {
            throw new IllegalArgumentException("slo '" + name + "': budgeting: " + budgeting.describe()
                    + " averages ratios of events; a threshold SLO takes timeslices");
        }
        if (!threshold && budgeting instanceof Budgeting.Timeslices t
                && t.sliceObjective().bound().dimension() != Unit.Dimension.RATIO) {
            throw new IllegalArgumentException("slo '" + name + "': budgeting: the slice objective "
                    + t.sliceObjective() + " of a ratio SLO must be a percentage");
        }
        if (!objective.bound().isFinite()) {
            throw new IllegalArgumentException("slo '" + name + "': objective: bound " + objective.bound()
                    + " is not a number");
        }
        if ((!threshold || !(budgeting instanceof Budgeting.Occurrences))
                && (objective.bound().dimension() != Unit.Dimension.RATIO
                || !(objective.bound().canonicalValue() > 0 && objective.bound().canonicalValue() < 1))) {
            throw new IllegalArgumentException("slo '" + name + "': target: " + objective.bound()
                    + " must be a percentage between 0% and 100% (exclusive) for a ratio SLO or time slices");
        }
        if (minEvents < 0) {
            throw new IllegalArgumentException("minEvents must be 0 or more, but was " + minEvents);
        }
    }

    /** Starts an SLO definition. */
    public static Builder named(String name) {
        return new Builder(name);
    }

    /** The metric's name as written in the spec. */
    public String metric() {
        return indicator.metric();
    }

    /**
     * The window of an SLO with an error budget: its declared window, or 30 days rolling. A threshold SLO
     * without time slices is judged on its current value and has none.
     */
    public SloWindow windowOrDefault() {
        return window.orElseGet(() -> SloWindow.rolling(DEFAULT_RATIO_WINDOW));
    }

    /** Whether this SLO has an error budget: a ratio SLO, or any SLO counted in time slices. */
    public boolean hasErrorBudget() {
        return indicator.hasErrorBudget() || !(budgeting instanceof Budgeting.Occurrences);
    }

    /** The time slices this SLO is counted in, if it is. */
    public Optional<Budgeting.Timeslices> timeslices() {
        return budgeting instanceof Budgeting.Timeslices t ? Optional.of(t) : Optional.empty();
    }

    /** A copy with other labels added (existing keys replaced). */
    public Slo withLabels(Map<String, String> more) {
        Map<String, String> merged = new LinkedHashMap<>(labels);
        merged.putAll(more);
        return new Slo(name, description, indicator, objective, window, priority, merged, runbook, minEvents,
                budgeting);
    }

    /** A copy at another {@link #priority()}. */
    public Slo withPriority(Priority priority) {
        return new Slo(name, description, indicator, objective, window, priority, labels, runbook, minEvents,
                budgeting);
    }

    /** A copy with another {@link #minEvents()}. */
    public Slo withMinEvents(long minEvents) {
        return new Slo(name, description, indicator, objective, window, priority, labels, runbook, minEvents,
                budgeting);
    }

    /**
     * {@code checkout-p99: api_latency_p99 < 200 ms (P1)}; with time slices
     * {@code checkout-p99: >= 99 % of 1m slices with api_latency_p99 < 200 ms over calendar month (UTC) (P1)}.
     */
    @Override
    public String toString() {
        String what = budgeting instanceof Budgeting.Timeslices t
                ? objective + " of " + t.describe(indicator.metric())
                : budgeting instanceof Budgeting.RatioTimeslices r
                ? indicator.metric() + " " + objective + " (mean of " + Windows.format(r.slice()) + " slices)"
                : indicator.metric() + " " + objective;
        return name + ": " + what + window.map(w -> " over " + w.describe()).orElse("") + " (" + priority + ")";
    }

    /** The events query of a ratio SLO: {@code good("...")} or {@code bad("...")}. */
    public record EventsQuery(Indicator.Events events, String query) {
        public EventsQuery {
            Objects.requireNonNull(events, "events");
            Objects.requireNonNull(query, "query");
        }
    }

    /** The total query of a ratio SLO. */
    public record TotalQuery(String query) {
        public TotalQuery {
            Objects.requireNonNull(query, "query");
        }
    }

    /** Good events, e.g. {@code good("sum(rate(http_requests_total{code!~\"5..\"}[{{window}}]))")}. */
    public static EventsQuery good(String query) {
        return new EventsQuery(Indicator.Events.GOOD, query);
    }

    /** Bad events, e.g. {@code bad("sum(rate(http_requests_total{code=~\"5..\"}[{{window}}]))")}. */
    public static EventsQuery bad(String query) {
        return new EventsQuery(Indicator.Events.BAD, query);
    }

    /** All events. */
    public static TotalQuery total(String query) {
        return new TotalQuery(query);
    }

    /**
     * Builds an {@link Slo}; reads as the sentence it encodes. Every problem is reported at
     * {@link #build()}, all at once, each naming the SLO and the field.
     */
    public static final class Builder {
        private final String name;
        private String description = "";
        private String metric;
        private String query;
        private boolean threshold;
        private Unit unit;
        private EventsQuery eventsQuery;
        private TotalQuery totalQuery;
        private String latencyQuery;
        private Quantity latencyThreshold;
        private Objective objective;
        private Quantity target;
        private SloWindow window;
        private Duration slice;
        private Quantity sliceTarget;
        private boolean ratioSlices;
        private Budgeting budgeting;
        private Priority priority = Priority.DEFAULT;
        private final Map<String, String> labels = new LinkedHashMap<>();
        private String runbook;
        private Long minEvents;
        private final List<String> misuse = new ArrayList<>();

        private Builder(String name) {
            this.name = name;
        }

        public Builder description(String description) {
            this.description = description == null ? "" : description;
            return this;
        }

        /** A threshold SLO on a metric whose query is its name (Micrometer meter, Prometheus series). */
        public Builder metric(String metric) {
            return metric(metric, metric);
        }

        /** A threshold SLO on a named metric read by the given query. */
        public Builder metric(String metric, String query) {
            this.metric = metric;
            this.query = query;
            this.threshold = true;
            return this;
        }

        /** The query of the metric, when it differs from the metric's name. */
        public Builder query(String query) {
            this.query = query;
            return this;
        }

        /** The unit the query returns (e.g. seconds), when the source does not say. */
        public Builder unit(Unit unit) {
            this.unit = unit;
            return this;
        }

        /** An events-ratio SLO: good (or bad) events over all events. Needs a {@link #target}. */
        public Builder ratio(EventsQuery events, TotalQuery total) {
            this.eventsQuery = events;
            this.totalQuery = total;
            if (metric == null) {
                metric = name;
            }
            return this;
        }

        /** A latency-ratio SLO: the share of requests of this timer faster than {@link #fasterThan}. */
        public Builder latency(String metric, String query) {
            this.metric = metric;
            this.latencyQuery = query;
            return this;
        }

        /** A latency-ratio SLO on a timer whose query is its name. */
        public Builder latency(String metric) {
            return latency(metric, metric);
        }

        /** The latency threshold of a latency-ratio SLO. */
        public Builder fasterThan(Quantity threshold) {
            this.latencyThreshold = threshold;
            return this;
        }

        public Builder fasterThan(Duration threshold) {
            return fasterThan(Quantity.of(threshold));
        }

        public Builder below(Quantity bound) {
            return objective(Objective.of(Operator.LESS_THAN, bound));
        }

        public Builder below(Duration bound) {
            return below(Quantity.of(bound));
        }

        public Builder atMost(Quantity bound) {
            return objective(Objective.of(Operator.LESS_THAN_OR_EQUAL, bound));
        }

        public Builder atMost(Duration bound) {
            return atMost(Quantity.of(bound));
        }

        public Builder above(Quantity bound) {
            return objective(Objective.of(Operator.GREATER_THAN, bound));
        }

        public Builder atLeast(Quantity bound) {
            return objective(Objective.of(Operator.GREATER_THAN_OR_EQUAL, bound));
        }

        public Builder objective(Objective objective) {
            if (this.objective != null && !this.objective.equals(objective)) {
                misuse.add("objective: set twice (" + this.objective + ", then " + objective + ")");
            }
            this.objective = objective;
            return this;
        }

        /** The target share of good events of a ratio SLO, e.g. {@code percent(99.9)}. */
        public Builder target(Quantity target) {
            this.target = target;
            return this;
        }

        /** The rolling window of an SLO with an error budget, e.g. {@code days(30)}. */
        public Builder over(Duration window) {
            if (window == null || window.isNegative() || window.isZero()) {
                misuse.add("window: " + window + " must be positive");
                return this;
            }
            return over(SloWindow.rolling(window));
        }

        /** The window of an SLO with an error budget, e.g. {@code calendarMonth(ZoneId.of("Europe/Berlin"))}. */
        public Builder over(SloWindow window) {
            this.window = window;
            return this;
        }

        /**
         * Counts a threshold SLO in time slices of {@code slice}: a slice is good when the metric meets the
         * objective ({@link #below}, {@link #above}, ...), and {@link #target} is the share of good slices.
         */
        public Builder timeslices(Duration slice) {
            this.slice = slice;
            return this;
        }

        /**
         * Counts a ratio SLO in time slices of {@code slice}: a slice is good when its share of good events is at
         * least {@code sliceTarget}, and {@link #target} is the share of good slices.
         */
        public Builder timeslices(Duration slice, Quantity sliceTarget) {
            this.slice = slice;
            this.sliceTarget = sliceTarget;
            return this;
        }

        /** Counts a ratio SLO as the mean of the ratios of time slices of {@code slice}. */
        public Builder ratioTimeslices(Duration slice) {
            this.slice = slice;
            this.ratioSlices = true;
            return this;
        }

        /**
         * The budgeting method as a value (e.g. mapped from OpenSLO); {@link #timeslices} reads better in code. The
         * slice objective of {@link Budgeting.Timeslices} is the objective of a threshold SLO and the slice target
         * of a ratio SLO.
         */
        public Builder budgeting(Budgeting budgeting) {
            this.budgeting = budgeting;
            return this;
        }

        public Builder priority(Priority priority) {
            this.priority = priority;
            return this;
        }

        public Builder label(String key, String value) {
            labels.put(key, value);
            return this;
        }

        public Builder labels(Map<String, String> labels) {
            this.labels.putAll(labels);
            return this;
        }

        /**
         * The fewest events a window of a ratio SLO must hold before it is judged; a window with fewer
         * is NO_DATA, never a breach. Default: {@link Slo#defaultMinEvents(Quantity)} of the target.
         */
        public Builder minEvents(long minEvents) {
            this.minEvents = minEvents;
            return this;
        }

        public Builder runbook(String url) {
            this.runbook = url;
            return this;
        }

        /** Applies a group of settings, e.g. shared defaults. */
        public Builder with(Consumer<Builder> settings) {
            settings.accept(this);
            return this;
        }

        /**
         * @throws SloValidationException listing every problem, each naming the SLO and the field
         */
        public Slo build() {
            List<Problem> problems = new ArrayList<>();
            Slo slo = build(problems);
            if (!problems.isEmpty()) {
                throw new SloValidationException(problems);
            }
            return slo;
        }

        /** Builds, adding every problem to {@code problems}; returns null when there is any. */
        Slo build(List<Problem> problems) {
            String who = "slo '" + name + "': ";
            int before = problems.size();
            if (name == null || !NAME.matcher(name).matches()) {
                problems.add(Problem.error("slo '" + name + "': name: " + NAME_RULE));
            }
            misuse.forEach(m -> problems.add(Problem.error(who + m)));
            int kinds = (threshold ? 1 : 0) + (eventsQuery != null ? 1 : 0)
                    + (latencyQuery != null ? 1 : 0);
            Indicator indicator = null;
            if (kinds == 0) {
                problems.add(Problem.error(who + "indicator: missing; use metric(...), ratio(good|bad(...), "
                        + "total(...)) or latency(...)"));
            } else if (kinds > 1) {
                problems.add(Problem.error(who + "indicator: more than one of metric(...), ratio(...) and "
                        + "latency(...); an SLO measures exactly one"));
            } else if (eventsQuery != null) {
                if (isBlank(eventsQuery.query()) || totalQuery == null || isBlank(totalQuery.query())) {
                    problems.add(Problem.error(who + "indicator: a ratio needs a non-empty events query and "
                            + "a non-empty total query"));
                } else {
                    indicator = new Indicator.EventsRatio(metric, eventsQuery.events(), eventsQuery.query(),
                            totalQuery.query());
                }
            } else if (latencyQuery != null) {
                if (latencyThreshold == null) {
                    problems.add(Problem.error(who + "latency: missing fasterThan(...) threshold"));
                } else if (latencyThreshold.dimension() != Unit.Dimension.DURATION) {
                    problems.add(Problem.error(who + "latency: threshold " + latencyThreshold
                            + " is not a duration; expected " + Unit.Dimension.DURATION.description()));
                } else if (!(latencyThreshold.value() > 0) || !latencyThreshold.isFinite()) {
                    problems.add(Problem.error(who + "latency: threshold " + latencyThreshold + " must be positive"));
                } else if (isBlank(latencyQuery)) {
                    problems.add(Problem.error(who + "latency: query is empty"));
                } else {
                    indicator = new Indicator.LatencyRatio(metric, latencyQuery, latencyThreshold);
                }
            } else if (isBlank(metric) || isBlank(query)) {
                problems.add(Problem.error(who + "metric: name and query must not be empty"));
            } else {
                indicator = new Indicator.Threshold(metric, query, Optional.ofNullable(unit));
            }

            boolean ratio = eventsQuery != null || latencyQuery != null;
            if (this.budgeting instanceof Budgeting.Timeslices t) {
                slice = t.slice();
                if (!ratio && (objective == null || objective.equals(t.sliceObjective()))) {
                    objective = t.sliceObjective();
                } else if (!ratio) {
                    problems.add(Problem.error(who + "objective: " + objective + " and the slice objective "
                            + t.sliceObjective() + " differ; a threshold SLO's slices are judged by its objective"));
                } else if (t.sliceObjective().operator() != Operator.GREATER_THAN_OR_EQUAL) {
                    problems.add(Problem.error(who + "time slice: slice objective " + t.sliceObjective()
                            + " must be '>=' a share of good events, e.g. >= 95%"));
                } else {
                    sliceTarget = t.sliceObjective().bound();
                }
            } else if (this.budgeting instanceof Budgeting.RatioTimeslices r) {
                slice = r.slice();
                ratioSlices = true;
            }
            Objective resolved = objective;
            boolean slicedThreshold = threshold && kinds == 1 && slice != null;
            Budgeting budgeting = Budgeting.OCCURRENCES;
            if (slice != null) {
                if (slice.isNegative() || slice.isZero() || slice.toMillis() % 1000 != 0) {
                    problems.add(Problem.error(who + "time slice: " + slice + " must be a positive whole number of "
                            + "seconds, e.g. minutes(1)"));
                } else if (window instanceof SloWindow.Rolling r && slice.compareTo(r.length()) > 0) {
                    problems.add(Problem.error(who + "time slice: " + Windows.format(slice) + " is longer than the "
                            + "window " + r.describe()));
                } else if (slicedThreshold && (ratioSlices || sliceTarget != null)) {
                    problems.add(Problem.error(who + "time slice: a threshold SLO's slices are judged by its "
                            + "objective; use timeslices(" + Windows.format(slice) + ") without a slice target"));
                } else if (ratio && ratioSlices) {
                    budgeting = new Budgeting.RatioTimeslices(slice);
                } else if (ratio && sliceTarget == null) {
                    problems.add(Problem.error(who + "time slice: a ratio SLO's slice needs its own target, e.g. "
                            + "timeslices(minutes(5), percent(95)), or ratioTimeslices(" + Windows.format(slice)
                            + ") for the mean of the slices' ratios"));
                } else if (ratio && (sliceTarget.dimension() != Unit.Dimension.RATIO
                        || !(sliceTarget.canonicalValue() > 0 && sliceTarget.canonicalValue() <= 1))) {
                    problems.add(Problem.error(who + "time slice: slice target " + sliceTarget + " must be a "
                            + "percentage above 0% and at most 100%"));
                } else if (ratio) {
                    budgeting = new Budgeting.Timeslices(slice, Objective.atLeast(sliceTarget));
                }
            }
            if (slicedThreshold) {
                // the objective judges each slice; the target is the share of good slices
                if (objective == null) {
                    problems.add(Problem.error(who + "objective: missing; a time slice is good when the metric "
                            + "meets it, e.g. below(Duration.ofMillis(200))"));
                } else if (!objective.bound().isFinite()) {
                    problems.add(Problem.error(who + "objective: bound " + objective.bound() + " is not a number"));
                } else {
                    objective.impossibility().ifPresent(why -> problems.add(Problem.error(who + "objective: "
                            + why)));
                    if (slice.toMillis() % 1000 == 0 && slice.toMillis() > 0) {
                        budgeting = new Budgeting.Timeslices(slice, objective);
                    }
                }
                if (target == null) {
                    problems.add(Problem.error(who + "target: missing; the share of good time slices, e.g. "
                            + "target(percent(99))"));
                } else if (target.dimension() != Unit.Dimension.RATIO
                        || !(target.canonicalValue() > 0 && target.canonicalValue() < 1)) {
                    problems.add(Problem.error(who + "target: " + target + " must be a share of time slices "
                            + "between 0% and 100% (exclusive), e.g. 99%"));
                } else {
                    resolved = Objective.atLeast(target);
                }
            } else if (ratio) {
                if (target != null && objective != null) {
                    problems.add(Problem.error(who + "objective: a ratio SLO takes target(...), not below/above"));
                }
                Quantity t = target != null ? target : objective != null ? objective.bound() : null;
                if (t == null) {
                    problems.add(Problem.error(who + "target: missing; e.g. target(percent(99.9))"));
                } else if (t.dimension() != Unit.Dimension.RATIO) {
                    problems.add(Problem.error(who + "target: " + t + " is not a percentage; expected e.g. 99.9%"));
                } else if (!(t.canonicalValue() > 0 && t.canonicalValue() < 1)) {
                    problems.add(Problem.error(who + "target: " + t + " must be between 0% and 100% (exclusive)"));
                } else if (target != null) {
                    resolved = Objective.atLeast(t);
                }
            } else if (target != null && kinds == 1) {
                problems.add(Problem.error(who + "target: only ratio SLOs and time slices take a target; use "
                        + "below/above(...) for a threshold, or timeslices(...) to give it an error budget"));
            } else if (objective == null && kinds == 1) {
                problems.add(Problem.error(who + "objective: missing; e.g. below(Duration.ofMillis(200)) or "
                        + "atLeast(percent(99.9))"));
            } else if (objective != null) {
                if (!objective.bound().isFinite()) {
                    problems.add(Problem.error(who + "objective: bound " + objective.bound() + " is not a number"));
                } else {
                    objective.impossibility().ifPresent(why -> problems.add(Problem.error(who + "objective: "
                            + why)));
                }
            }
            if (threshold && objective != null && unit != null && unit.dimension() != objective.bound().dimension()
                    && !(unit.dimension() == Unit.Dimension.NUMBER)) {
                problems.add(Problem.error(who + "objective: cannot compare " + objective.bound() + " ("
                        + objective.bound().dimension().description() + ") with the metric's unit " + unit
                        + " (" + unit.dimension().description() + ")"));
            }
            if (minEvents != null && minEvents < 0) {
                problems.add(Problem.error(who + "min_events: " + minEvents + " is negative; expected a whole "
                        + "number of events, 0 or more"));
            }
            if (priority == null) {
                problems.add(Problem.error(who + "priority: missing; expected P0, P1, P2 or P3"));
            }
            if (problems.size() > before) {
                return null;
            }
            // a time slice is already a judgement over its events: one is enough to judge (min_events: 0)
            return new Slo(name, description, indicator, resolved, Optional.ofNullable(window), priority, labels,
                    Optional.ofNullable(runbook), minEvents != null ? minEvents
                    : ratio && budgeting instanceof Budgeting.Occurrences ? defaultMinEvents(resolved.bound())
                    : DEFAULT_MIN_EVENTS, budgeting);
        }

        private static boolean isBlank(String s) {
            return s == null || s.isBlank();
        }
    }
}
