package io.smartspec.slo.evaluation;

import io.smartspec.slo.Budgeting;
import io.smartspec.slo.Indicator;
import io.smartspec.slo.MaintenanceCalendar;
import io.smartspec.slo.MaintenanceWindow;
import io.smartspec.slo.Objective;
import io.smartspec.slo.Quantity;
import io.smartspec.slo.Slo;
import io.smartspec.slo.SloSet;
import io.smartspec.slo.SloWindow;
import io.smartspec.slo.Unit;
import io.smartspec.slo.UnitConvention;
import io.smartspec.slo.Windows;
import io.smartspec.slo.source.Measurement;
import io.smartspec.slo.source.MetricQuery;
import io.smartspec.slo.source.MetricSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Turns SLOs and a {@link MetricSource} into {@link SloResult}s. Stateless and thread-safe. One SLO
 * whose query fails or throws never stops the others: it ends in {@link Status#ERROR}.
 *
 * <pre>{@code
 * EvaluationRound round = SloEvaluator.withDefaults().evaluate(slos, source, Instant.now());
 * }</pre>
 *
 * @since 0.1.0
 */
public final class SloEvaluator {

    private final EvaluationPolicy policy;
    private final MaintenanceCalendar maintenance;

    private SloEvaluator(EvaluationPolicy policy) {
        this(policy, MaintenanceCalendar.create());
    }

    private SloEvaluator(EvaluationPolicy policy, MaintenanceCalendar maintenance) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.maintenance = Objects.requireNonNull(maintenance, "maintenance");
    }

    /**
     * This evaluator, leaving the events inside the calendar's maintenance windows out of every ratio
     * SLO's SLI, error budget and burn rates: each window's count is the count over the window minus
     * the counts over the maintenance spans inside it (asked of the source for those past instants).
     *
     * @since 0.1.0
     */
    public SloEvaluator excluding(MaintenanceCalendar calendar) {
        return new SloEvaluator(policy, calendar);
    }

    public static SloEvaluator withDefaults() {
        return new SloEvaluator(EvaluationPolicy.defaults());
    }

    public static SloEvaluator with(EvaluationPolicy policy) {
        return new SloEvaluator(policy);
    }

    public EvaluationPolicy policy() {
        return policy;
    }

    /** Evaluates every SLO of the set as of {@code at}. */
    public EvaluationRound evaluate(SloSet slos, MetricSource source, Instant at) {
        long start = System.nanoTime();
        List<SloResult> results = new ArrayList<>(slos.size());
        for (Slo slo : slos) {
            results.addAll(evaluateAll(slos.name(), slo, source, at));
        }
        return new EvaluationRound(at, results, Duration.ofNanos(System.nanoTime() - start));
    }

    /** Evaluates every SLO of the set now. */
    public EvaluationRound evaluate(SloSet slos, MetricSource source, Clock clock) {
        return evaluate(slos, source, clock.instant());
    }

    /**
     * Evaluates one SLO as of {@code at}: one result, or for a per-label SLO ({@link Slo#groupBy()}) one per
     * instance ({@code checkout-errors{route="/pay"}}), at most its group limit. Never throws for a failing
     * source.
     *
     * @since 0.2.0
     */
    public List<SloResult> evaluateAll(String specId, Slo slo, MetricSource source, Instant at) {
        if (slo.grouping().isGrouped() && !slo.grouping().isInstance()) {
            return PerLabelEvaluation.evaluate(this, specId, slo, source, at);
        }
        return List.of(evaluate(specId, slo, source, at));
    }

    /**
     * Evaluates one SLO as of {@code at}; never throws for a failing source. A per-label SLO is asked as a
     * whole here (its queries as written); {@link #evaluateAll} evaluates it per label.
     */
    public SloResult evaluate(String specId, Slo slo, MetricSource source, Instant at) {
        try {
            Indicator indicator = slo.indicator();
            if (indicator instanceof Indicator.Threshold t && slo.budgeting() instanceof Budgeting.Timeslices ts) {
                return slicedThreshold(specId, slo, t, ts, source, at);
            }
            if (indicator instanceof Indicator.Threshold t) {
                return threshold(specId, slo, t, source, at);
            }
            if (indicator instanceof Indicator.EventsRatio r && !(slo.budgeting() instanceof Budgeting.Occurrences)) {
                return slicedRatio(specId, slo, r, source, at);
            }
            if (!(slo.budgeting() instanceof Budgeting.Occurrences)) {
                return SloResult.unknown(specId, slo, Status.ERROR, "budgeting: " + slo.budgeting().describe()
                        + " of a latency SLO is not evaluated yet (a slice's share of fast events is not asked "
                        + "per slice); count its events (occurrences), or give it good and total queries",
                        at, source.name(), "");
            }
            if (indicator instanceof Indicator.EventsRatio r) {
                return ratio(specId, slo, source, at,
                        (w, t) -> MetricQuery.events(r.metric(), r.eventsQuery(), w, t),
                        (w, t) -> MetricQuery.events(r.metric(), r.totalQuery(), w, t), r.events(), Optional.empty());
            }
            Indicator.LatencyRatio l = (Indicator.LatencyRatio) indicator;
            return ratio(specId, slo, source, at,
                    (w, t) -> MetricQuery.eventsFasterThan(l.metric(), l.query(), l.threshold(), w, t),
                    (w, t) -> MetricQuery.events(l.metric(), l.query(), w, t), Indicator.Events.GOOD,
                    Optional.empty());
        } catch (RuntimeException e) {
            return SloResult.unknown(specId, slo, Status.ERROR, "evaluation failed: " + describe(e), at,
                    source.name(), "");
        }
    }

    private SloResult threshold(String specId, Slo slo, Indicator.Threshold t, MetricSource source, Instant at) {
        MetricQuery query = MetricQuery.value(t.metric(), t.query(), at);
        Measurement m = ask(source, query);
        Objective objective = slo.objective();
        if (!(m instanceof Measurement.Value v)) {
            return unknownResult(specId, slo, m, at, source, query);
        }
        Quantity observed = v.quantity();
        Unit.Dimension wanted = objective.bound().dimension();
        String note = "";
        boolean byConvention = false;
        if (observed.unit() == Unit.NUMBER && wanted != Unit.Dimension.NUMBER) {
            // a plain number: the metric's declared unit, else the source's convention; never the objective's
            Optional<Unit> unit = t.unit().or(() -> source.unitConvention().plainNumberUnit(wanted));
            if (unit.isEmpty()) {
                return SloResult.unknown(specId, slo, Status.ERROR, source.name() + " gave the plain number "
                        + Quantity.formatNumber(observed.value()) + " for '" + query.query() + "' ("
                        + source.unitConvention().description() + ") and metric '" + t.metric()
                        + "' declares no unit; declare the unit the query returns in observability.yaml, e.g. "
                        + UnitConvention.unitExamples(wanted), at, source.name(), query.query());
            }
            byConvention = t.unit().isEmpty();
            observed = new Quantity(observed.value(), unit.get());
            if (byConvention) {
                note = "read as " + unitName(unit.get()) + " (" + source.name() + "'s base units; declare unit: "
                        + "to say otherwise)";
            }
        }
        if (!observed.isComparableWith(objective.bound())) {
            return SloResult.unknown(specId, slo, Status.ERROR, "cannot compare " + observed + " ("
                    + observed.dimension().description() + ") with the objective " + objective + " ("
                    + objective.bound().dimension().description() + "); declare the metric's unit", at,
                    source.name(), query.query());
        }
        Optional<String> impossible = impossible(observed, byConvention, t, source, query);
        if (impossible.isPresent()) {
            return SloResult.unknown(specId, slo, Status.ERROR, impossible.get(), at, source.name(), query.query());
        }
        Quantity shown = observed;
        if (observed.unit() != objective.bound().unit()) {
            // converted: 1.2 s is 1200 ms, not 1200.0000000000002
            Quantity converted = observed.to(objective.bound().unit());
            shown = new Quantity(Numbers.significant(converted.value()), converted.unit());
        }
        double o = observed.canonicalValue();
        double b = objective.bound().canonicalValue();
        double marginCanonical = objective.operator().isUpperBound() ? Numbers.difference(b, o) : Numbers.difference(o, b);
        Quantity margin = new Quantity(Numbers.significant(objective.bound().unit().fromCanonical(marginCanonical)),
                objective.bound().unit());
        Status status;
        if (!objective.isMetBy(observed)) {
            status = Status.BREACHED;
        } else if (Math.abs(marginCanonical) <= policy.thresholdMargin() * atRiskScale(objective)) {
            status = Status.AT_RISK;
            note = join(note, "within " + Quantity.formatNumber(policy.thresholdMargin() * 100) + "% of the bound");
        } else {
            status = Status.MET;
        }
        return new SloResult(specId, slo, status, Optional.of(shown), Optional.of(margin), note, Optional.empty(),
                List.of(), List.of(), at, source.name(), query.query());
    }

    /**
     * Why a value cannot be right for its dimension, if it cannot: a ratio outside 0..1, a negative
     * duration or rate. Such a value is an error, never an answer.
     */
    private static Optional<String> impossible(Quantity observed, boolean byConvention, Indicator.Threshold t,
                                               MetricSource source, MetricQuery query) {
        double c = observed.canonicalValue();
        String got = "'" + query.query() + "' returned " + Quantity.formatNumber(observed.value())
                + (observed.unit().symbol().isEmpty() ? "" : " " + observed.unit().symbol());
        return switch (observed.dimension()) {
            case RATIO -> {
                if (c >= 0 && c <= 1) {
                    yield Optional.empty();
                }
                if (byConvention && c > 1 && c <= 100) {
                    yield Optional.of(got + ", which is not a fraction 0..1 (" + source.name()
                            + " gives ratios as fractions); if the query returns a percentage, declare unit: % for "
                            + "metric '" + t.metric() + "'");
                }
                if (observed.unit() == Unit.FRACTION && c > 1 && c <= 100) {
                    yield Optional.of(got + " as a fraction, which is not a share of 0..1; if the query returns a "
                            + "percentage, declare unit: % for metric '" + t.metric() + "'");
                }
                yield Optional.of(got + (observed.unit() == Unit.FRACTION ? " as a fraction" : "")
                        + ", which is not a possible share (0..100 %); check the query");
            }
            case DURATION -> c < 0 ? Optional.of(got + "; a duration cannot be negative; check the query")
                    : Optional.empty();
            case RATE -> c < 0 ? Optional.of(got + "; a rate of events cannot be negative; check the query")
                    : Optional.empty();
            case NUMBER -> Optional.empty();
        };
    }

    private static String unitName(Unit unit) {
        return switch (unit) {
            case SECONDS -> "seconds";
            case FRACTION -> "a fraction 0..1";
            case PER_SECOND -> "per second";
            default -> unit.toString();
        };
    }

    /**
     * What the at-risk margin is a share of: the bound itself, except for a lower bound on a ratio
     * ({@code > 99.9%}), where it is the room between the bound and 100% — else 10% of 99.9% would make
     * every value at risk.
     */
    private static double atRiskScale(Objective objective) {
        double b = objective.bound().canonicalValue();
        if (objective.bound().dimension() == Unit.Dimension.RATIO && !objective.operator().isUpperBound()) {
            return Math.abs(1 - b);
        }
        return Math.abs(b);
    }

    /**
     * A threshold counted in time slices: the slices of the window whose value meets the slice objective are the
     * good "events", the slices with a value all of them; from there on it is a ratio SLO of slices.
     */
    private SloResult slicedThreshold(String specId, Slo slo, Indicator.Threshold t, Budgeting.Timeslices ts,
                                      MetricSource source, Instant at) {
        Unit.Dimension wanted = ts.sliceObjective().bound().dimension();
        Optional<Unit> plain = t.unit().or(() -> source.unitConvention().plainNumberUnit(wanted));
        MetricQuery.Slices slices = new MetricQuery.Slices(ts.slice(), ts.sliceObjective(), plain);
        return ratio(specId, slo, source, at,
                (w, end) -> MetricQuery.goodSlices(t.metric(), t.query(), slices, w, end),
                (w, end) -> MetricQuery.slices(t.metric(), t.query(), slices, w, end), Indicator.Events.GOOD,
                Optional.of(ts.slice()));
    }

    /**
     * A ratio SLO counted in time slices: each slice's value is its own ratio of good to all events (a slice without
     * events has none and counts neither way). With {@link Budgeting.Timeslices} a slice is good when its ratio
     * meets the slice objective and the SLI is the share of good slices; with {@link Budgeting.RatioTimeslices}
     * the SLI is the mean of the slices' ratios (the "good" count is their sum).
     */
    private SloResult slicedRatio(String specId, Slo slo, Indicator.EventsRatio r, MetricSource source, Instant at) {
        if (slo.grouping().isGrouped()) {
            return SloResult.unknown(specId, slo, Status.ERROR, "budgeting: " + slo.budgeting().describe()
                    + " of a per-label ratio SLO is not evaluated yet; count its events (occurrences), or drop "
                    + "group_by", at, source.name(), "");
        }
        boolean bad = r.events() == Indicator.Events.BAD;
        MetricQuery.Slices slices;
        if (slo.budgeting() instanceof Budgeting.Timeslices ts) {
            slices = MetricQuery.Slices.ofEventRatio(ts.slice(), ts.sliceObjective(),
                    new MetricQuery.EventRatio(r.eventsQuery(), r.totalQuery(), bad, false));
        } else {
            Budgeting.RatioTimeslices rt = (Budgeting.RatioTimeslices) slo.budgeting();
            slices = MetricQuery.Slices.ofEventRatio(rt.slice(), slo.objective(),
                    new MetricQuery.EventRatio(r.eventsQuery(), r.totalQuery(), bad, true));
        }
        String shown = slices.eventRatio().orElseThrow().toString();
        return ratio(specId, slo, source, at,
                (w, end) -> MetricQuery.goodSlices(r.metric(), shown, slices, w, end),
                (w, end) -> MetricQuery.slices(r.metric(), shown, slices, w, end), Indicator.Events.GOOD,
                Optional.of(slices.slice()));
    }

    private interface QueryForWindow {
        MetricQuery at(Duration window, Instant end);
    }

    private SloResult ratio(String specId, Slo slo, MetricSource source, Instant at, QueryForWindow eventsQuery,
                            QueryForWindow totalQuery, Indicator.Events events, Optional<Duration> slice) {
        double target = slo.objective().bound().canonicalValue();
        SloWindow window = slo.windowOrDefault();
        // the counted span: the rolling window, or the calendar period so far (whole seconds, as queries take it)
        Duration period = Duration.ofSeconds(window.elapsedAt(at).getSeconds());
        // what burn-rate factors are scaled to: the whole period (743h for March 2026 in Europe/Berlin)
        Duration length = window.lengthAt(at);
        String span = span(window, at, period);
        String unitWord = slice.isPresent() ? "time slices" : "events";
        if (period.isZero()) {
            SloWindow.Calendar c = (SloWindow.Calendar) window;
            return SloResult.unknown(specId, slo, Status.NO_DATA, "the " + c.describe() + " began at "
                    + c.periodAt(at).start().atZone(c.zone()).toOffsetDateTime() + "; nothing to judge yet", at,
                    source.name(), "");
        }
        double minimum = Math.max(Math.max(slo.minEvents(), policy.minimumEvents()), Double.MIN_VALUE);
        MetricQuery periodEvents = eventsQuery.at(period, at);
        List<MaintenanceWindow.Span> excluded = maintenance.spans(specId, slo.name(), at.minus(period), at);
        source.observe(maintenance); // a source with its own counts keeps them at the windows' edges
        Counts periodCounts = counts(source, period, at, eventsQuery, totalQuery, events, excluded);
        if (periodCounts.failure != null) {
            return unknownResult(specId, slo, periodCounts.failure, at, source, periodEvents);
        }
        if (periodCounts.total < minimum) {
            return SloResult.unknown(specId, slo, Status.NO_DATA, (periodCounts.total == 0
                    ? "no " + (slice.isPresent() ? "time slices with a value" : "events") + " " + span
                    : Quantity.formatNumber(periodCounts.total) + " of " + Quantity.formatNumber(minimum)
                    + " " + unitWord + " " + span + "; too few to judge (min_events)")
                    + (excluded.isEmpty() ? "" : " (" + excludedNote(excluded, period) + ")"),
                    at, source.name(), periodEvents.query());
        }
        ErrorBudget budget = ErrorBudget.of(target, periodCounts.total, periodCounts.bad);
        double sli = budget.sli();

        Map<Duration, BurnRate> burns = new LinkedHashMap<>();
        for (Duration w : policy.burnRates().windows()) {
            // a window longer than the period is never judged; one shorter than a slice holds no whole slice
            if (w.compareTo(length) > 0 || slice.isPresent() && w.compareTo(slice.get()) < 0) {
                continue;
            }
            Counts c = w.equals(period) ? periodCounts : counts(source, w, at, eventsQuery, totalQuery, events, excluded);
            // each window is judged on its own events: too few, and one bad event alone would fire it
            if (c.failure == null && c.total > 0 && c.total >= minimum) {
                burns.put(w, BurnRate.of(w, c.bad / c.total, target));
            }
        }
        List<BurnRatePolicy.Alert> firing = new ArrayList<>();
        for (BurnRatePolicy.Alert a : policy.burnRates().alerts()) {
            BurnRate longBurn = burns.get(a.longWindow());
            BurnRate shortBurn = burns.get(a.shortWindow());
            double factor = a.factor(length);
            if (longBurn != null && shortBurn != null && longBurn.rate() > factor && shortBurn.rate() > factor) {
                firing.add(a);
            }
        }
        boolean pages = firing.stream().anyMatch(a -> a.severity() == BurnRatePolicy.Severity.PAGE);
        boolean tickets = firing.stream().anyMatch(a -> a.severity() == BurnRatePolicy.Severity.TICKET);
        Status status;
        String detail;
        if (sli < target) {
            status = Status.BREACHED;
            detail = "SLI below target " + (window instanceof SloWindow.Calendar ? span
                    : "over " + Windows.format(period)) + "; error budget exhausted";
        } else if (pages) {
            status = Status.BREACHED;
            detail = "error budget burning fast: " + describe(firing, burns, length);
        } else if (budget.remaining() < policy.budgetAtRisk() || tickets) {
            status = Status.AT_RISK;
            detail = tickets ? "error budget burning: " + describe(firing, burns, length)
                    : Quantity.formatNumber(budget.remaining() * 100) + "% of the error budget left";
        } else {
            status = Status.MET;
            detail = "";
        }
        if (!excluded.isEmpty()) {
            detail = join(detail, excludedNote(excluded, period));
        }
        Quantity observed = Quantity.percent(Numbers.significant(sli * 100));
        Quantity margin = Quantity.percent(Numbers.significant(Numbers.difference(sli * 100, target * 100)));
        return new SloResult(specId, slo, status, Optional.of(observed), Optional.of(margin), detail,
                Optional.of(budget), List.copyOf(burns.values()), firing, at, source.name(), periodEvents.query());
    }

    /** {@code over 30d}, {@code since 2026-11-01 (calendar month, Europe/Berlin)}: where the SLI was counted. */
    private static String span(SloWindow window, Instant at, Duration period) {
        if (window instanceof SloWindow.Calendar c) {
            return "in the " + c.describeAt(at);
        }
        return "in the last " + Windows.format(period);
    }

    private static String describe(List<BurnRatePolicy.Alert> firing, Map<Duration, BurnRate> burns, Duration period) {
        List<String> parts = new ArrayList<>();
        for (BurnRatePolicy.Alert a : firing) {
            parts.add(a.severity().name().toLowerCase() + " " + Quantity.formatNumber(burns.get(a.longWindow()).rate())
                    + "x over " + Windows.format(a.longWindow()) + " and "
                    + Quantity.formatNumber(burns.get(a.shortWindow()).rate()) + "x over "
                    + Windows.format(a.shortWindow()) + " > " + Quantity.formatNumber(a.factor(period)) + "x");
        }
        return String.join("; ", parts);
    }

    private record Counts(double total, double bad, Measurement failure) {
    }

    /** "2h of maintenance left out of 30d (weekly upkeep)": what the SLI does not count. */
    private String excludedNote(List<MaintenanceWindow.Span> spans, Duration period) {
        Duration total = Duration.ZERO;
        for (MaintenanceWindow.Span s : spans) {
            total = total.plus(s.length());
        }
        return Windows.format(total) + " of maintenance left out of the " + Windows.format(period);
    }

    /**
     * The events over {@code window} ending at {@code at}, less those inside the maintenance spans: each
     * span's part of the window is counted on its own (a query for that past interval) and taken away.
     */
    private Counts counts(MetricSource source, Duration window, Instant at, QueryForWindow eventsQuery,
                          QueryForWindow totalQuery, Indicator.Events events, List<MaintenanceWindow.Span> excluded) {
        Counts all = counts(source, eventsQuery.at(window, at), totalQuery.at(window, at), events);
        if (all.failure != null || excluded.isEmpty()) {
            return all;
        }
        Instant start = at.minus(window);
        double total = all.total;
        double bad = all.bad;
        for (MaintenanceWindow.Span s : excluded) {
            Instant from = s.from().isAfter(start) ? s.from() : start;
            Instant to = s.to().isBefore(at) ? s.to() : at;
            Duration length = Duration.ofSeconds(Duration.between(from, to).getSeconds());
            if (length.isZero() || length.isNegative()) {
                continue;
            }
            if (to.isBefore(at) && !source.countsPastIntervals()) {
                return new Counts(0, 0, Measurement.failed("the maintenance " + from + ".." + to + " lies in the "
                        + Windows.format(window) + " window, but " + source.name() + " cannot count the events of a "
                        + "past interval to leave them out; use a provider that answers for past instants "
                        + "(prometheus)"));
            }
            Counts inside = counts(source, eventsQuery.at(length, to), totalQuery.at(length, to), events);
            if (inside.failure != null) {
                if (inside.failure instanceof Measurement.NoData) {
                    continue; // no events inside the maintenance: nothing to leave out
                }
                return inside;
            }
            total -= inside.total;
            bad -= inside.bad;
        }
        total = Math.max(0, total);
        return new Counts(total, Math.min(total, Math.max(0, bad)), null);
    }

    private Counts counts(MetricSource source, MetricQuery eventsQuery, MetricQuery totalQuery,
                          Indicator.Events events) {
        // Counters keep moving between two queries. Good events are read after the total and bad
        // events before it, so a busy service's skew can only make the SLI look better by the events
        // of that instant — never page on events that are not bad.
        Measurement e;
        Measurement t;
        if (events == Indicator.Events.GOOD) {
            t = ask(source, totalQuery);
            e = ask(source, eventsQuery);
        } else {
            e = ask(source, eventsQuery);
            t = ask(source, totalQuery);
        }
        if (e instanceof Measurement.Failed) {
            return new Counts(0, 0, e);
        }
        if (!(t instanceof Measurement.Value tv)) {
            return new Counts(0, 0, t);
        }
        double total = tv.quantity().value();
        String kind = events == Indicator.Events.GOOD ? "good" : "bad";
        if (total < 0) {
            return new Counts(0, 0, Measurement.failed("the total query '" + totalQuery.query() + "' counted "
                    + Quantity.formatNumber(total) + " events; a count cannot be negative"));
        }
        double counted;
        if (e instanceof Measurement.Value ev) {
            counted = ev.quantity().value();
        } else if (events == Indicator.Events.BAD && isEmpty(e)) {
            // No series for the bad events while there are events at all means none happened: Prometheus
            // and Micrometer have no series for a status code that never occurred.
            counted = 0;
        } else {
            // no good events at all is a claim that every event was bad: it needs a number, not an absence
            return new Counts(0, 0, Measurement.noData("the " + kind + "-events query '" + eventsQuery.query()
                    + "' has no value (" + ((Measurement.NoData) e).reason() + ") while the total counts "
                    + Quantity.formatNumber(total) + " events"));
        }
        if (counted < 0) {
            return new Counts(0, 0, Measurement.failed("the " + kind + "-events query '" + eventsQuery.query()
                    + "' counted " + Quantity.formatNumber(counted) + " events; a count cannot be negative"));
        }
        // what the skew of two live reads can explain (see above): far less than this
        if (counted > total + Math.max(1, total * SKEW)) {
            return new Counts(0, 0, Measurement.failed("the " + kind + "-events query '" + eventsQuery.query()
                    + "' counted " + Quantity.formatNumber(counted) + " events, more than the "
                    + Quantity.formatNumber(total) + " of the total query '" + totalQuery.query()
                    + "'; the " + kind + " events must be a subset of the total"));
        }
        double bad = events == Indicator.Events.GOOD ? Math.max(0, total - counted) : Math.min(counted, total);
        return new Counts(total, bad, null);
    }

    /**
     * How far the events count may exceed the total before it is an error rather than the skew of two
     * reads of live counters (events completing between the reads): 1% of the total, at least one event.
     */
    private static final double SKEW = 0.01;

    /**
     * Whether a measurement is an absence of series rather than a NaN or infinite value (which every
     * source, and {@link Measurement#of}, reports as "... not a number").
     */
    private static boolean isEmpty(Measurement m) {
        return m instanceof Measurement.NoData n && !n.reason().contains("not a number");
    }

    private static Measurement ask(MetricSource source, MetricQuery query) {
        try {
            Measurement m = source.query(query);
            if (m == null) {
                return Measurement.failed(source.name() + " returned nothing for " + query.query());
            }
            if (m instanceof Measurement.Value v && !v.quantity().isFinite()) {
                return Measurement.noData("the value is " + v.quantity().value() + ", not a number");
            }
            return m;
        } catch (RuntimeException e) {
            return Measurement.failed(source.name() + " failed: " + describe(e));
        }
    }

    private static SloResult unknownResult(String specId, Slo slo, Measurement m, Instant at, MetricSource source,
                                           MetricQuery query) {
        if (m instanceof Measurement.NoData n) {
            return SloResult.unknown(specId, slo, Status.NO_DATA, n.reason(), at, source.name(), query.query());
        }
        if (m instanceof Measurement.Failed f) {
            return SloResult.unknown(specId, slo, Status.ERROR, f.message(), at, source.name(), query.query());
        }
        throw new IllegalStateException("not unknown: " + m);
    }

    private static String join(String a, String b) {
        return a.isEmpty() ? b : a + "; " + b;
    }

    private static String describe(Throwable e) {
        String msg = e.getMessage();
        return e.getClass().getSimpleName() + (msg == null ? "" : ": " + msg);
    }
}
