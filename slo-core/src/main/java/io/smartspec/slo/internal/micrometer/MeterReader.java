package io.smartspec.slo.internal.micrometer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.LongTaskTimer;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Statistic;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import io.micrometer.core.instrument.distribution.HistogramSupport;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import io.smartspec.slo.source.GroupedMeasurement;
import io.smartspec.slo.source.Measurement;
import io.smartspec.slo.source.MetricQuery;
import io.smartspec.slo.Quantity;
import io.smartspec.slo.Unit;
import io.smartspec.slo.Windows;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Answers {@link MetricQuery}s from a {@link MeterRegistry}. Parsed queries and the meters each
 * selector matches are cached; the meter cache is invalidated whenever a meter is added to or removed
 * from the registry. Counts over windows come from a {@link CountHistory} per queried series.
 */
public final class MeterReader {

    private static final double RELATIVE_TOLERANCE = 1e-9;

    private final MeterRegistry registry;
    private final Instant countingSince;
    private final AtomicLong registryVersion = new AtomicLong();
    private final Map<String, Object> parsed = new ConcurrentHashMap<>();
    private final Map<MeterSelector, Matched> matched = new ConcurrentHashMap<>();
    private final Map<String, CountHistory> histories = new ConcurrentHashMap<>();
    private final Map<String, SliceHistory> sliceHistories = new ConcurrentHashMap<>();
    private final List<io.smartspec.slo.MaintenanceCalendar> maintenance =
            new java.util.concurrent.CopyOnWriteArrayList<>();

    /**
     * How far apart samples around a maintenance window's edge may lie for the events of the window to be
     * counted from them (when events were counted between them), unless they are the pinned rounds just
     * before and after the edge: the events of that gap count as maintenance.
     */
    public static final Duration MAX_EDGE_GAP = Duration.ofMinutes(5);

    private record Matched(long version, List<Meter> meters) {
    }

    public MeterReader(MeterRegistry registry, Instant countingSince) {
        this.registry = registry;
        this.countingSince = countingSince;
        registry.config().onMeterAdded(m -> registryVersion.incrementAndGet());
        registry.config().onMeterRemoved(m -> registryVersion.incrementAndGet());
    }

    /** Keeps the samples at and around the edges of the calendar's windows (repeatable). */
    public void observe(io.smartspec.slo.MaintenanceCalendar calendar) {
        if (maintenance.stream().noneMatch(c -> c == calendar)) {
            maintenance.add(calendar);
        }
    }

    /** The number of series whose counts are kept (each holds at most {@link CountHistory#SLOTS} samples). */
    public int trackedSeries() {
        return histories.size();
    }

    /** Parses (with a cache) or throws {@link IllegalArgumentException}. */
    public MeterQuery parse(String query) {
        Object p = parsed.computeIfAbsent(query, q -> {
            try {
                return MeterQueryParser.parse(q);
            } catch (IllegalArgumentException e) {
                return e.getMessage();
            }
        });
        if (p instanceof String message) {
            throw new IllegalArgumentException(message);
        }
        return (MeterQuery) p;
    }

    public Measurement query(MetricQuery q) {
        if (q.slices().flatMap(MetricQuery.Slices::eventRatio).isPresent()) {
            return ratioSlices(q);
        }
        MeterQuery query;
        try {
            query = parse(q.query());
        } catch (IllegalArgumentException e) {
            return Measurement.failed(e.getMessage());
        }
        return query(query, q);
    }

    /**
     * The query once per combination of the values of the tags {@code labels}: the combinations are those
     * of the meters of its total (the denominator of a ratio, else the meter read); each is answered as the
     * query with {@code label=value} added to every selector, so each keeps its own count history.
     */
    public GroupedMeasurement queryGrouped(MetricQuery q, List<String> labels) {
        MeterQuery query;
        try {
            query = parse(q.query());
        } catch (IllegalArgumentException e) {
            return GroupedMeasurement.whole(Measurement.failed(e.getMessage()));
        }
        MeterSelector universe = query.denominator().orElse(query.numerator());
        List<Meter> meters = meters(universe);
        if (meters.isEmpty()) {
            return GroupedMeasurement.whole(noMeter(universe));
        }
        java.util.Set<Map<String, String>> combinations = new java.util.LinkedHashSet<>();
        for (Meter m : meters) {
            Map<String, String> values = new java.util.LinkedHashMap<>();
            for (String label : labels) {
                String v = m.getId().getTag(label);
                if (v != null) {
                    values.put(label, v);
                }
            }
            if (values.size() == labels.size()) {
                combinations.add(values);
            }
        }
        if (combinations.isEmpty()) {
            return GroupedMeasurement.whole(Measurement.noData("no meter of '" + universe + "' has the tag"
                    + (labels.size() > 1 ? "s " : " ") + String.join(", ", labels) + "; meters named so: "
                    + describeAll(meters)));
        }
        Map<Map<String, String>, Measurement> answers = new java.util.LinkedHashMap<>();
        for (Map<String, String> values : combinations) {
            List<MeterSelector.TagCondition> extra = values.entrySet().stream()
                    .map(e -> new MeterSelector.TagCondition(e.getKey(), e.getValue(), false)).toList();
            MeterQuery one = new MeterQuery(with(query.numerator(), extra), query.denominator().map(d -> with(d, extra)),
                    query.statistic(), query.window(), query.text() + " " + extra);
            answers.put(values, query(one, q));
        }
        return GroupedMeasurement.perLabels(answers);
    }

    private static MeterSelector with(MeterSelector selector, List<MeterSelector.TagCondition> extra) {
        List<MeterSelector.TagCondition> tags = new java.util.ArrayList<>(selector.tags());
        tags.addAll(extra);
        return new MeterSelector(selector.name(), tags);
    }

    private Measurement query(MeterQuery query, MetricQuery q) {
        return switch (q.kind()) {
            case VALUE -> value(query, q.at());
            case EVENTS -> events(query, q);
            case EVENTS_FASTER_THAN -> eventsFasterThan(query, q);
            case SLICES, GOOD_SLICES -> slices(query, q);
        };
    }

    // ---------------------------------------------------------------- time slices

    /**
     * The slices of a ratio SLO: each read, the share of good events over the last slice's length (the increase of
     * both counts since the sample at or before its start) is kept as the current slice's value — at a read on the
     * slice's end (a monitor whose rounds fall on them), exactly the slice's own share. A read with no events keeps
     * nothing: such a slice counts neither way. With {@code mean}, good slices are the sum of the shares.
     */
    private Measurement ratioSlices(MetricQuery q) {
        MetricQuery.Slices s = q.slices().orElseThrow();
        MetricQuery.EventRatio r = s.eventRatio().orElseThrow();
        Duration window = q.window().orElseThrow();
        SliceHistory history = sliceHistories.computeIfAbsent("ratio|" + r + "\u0000" + s.slice(),
                k -> new SliceHistory(s.slice()));
        if (history.slicesIn(window) > SliceHistory.MAX_SLICES) {
            return Measurement.failed("a window of " + io.smartspec.slo.Windows.format(window) + " holds "
                    + history.slicesIn(window) + " time slices of " + io.smartspec.slo.Windows.format(s.slice())
                    + "; the in-process source keeps at most " + SliceHistory.MAX_SLICES + " per query; use longer "
                    + "slices");
        }
        Measurement total = query(MetricQuery.events(q.metric(), r.totalTemplate(), s.slice(), q.at()));
        Measurement events = query(MetricQuery.events(q.metric(), r.eventsTemplate(), s.slice(), q.at()));
        if (total instanceof Measurement.Failed) {
            return total;
        }
        if (events instanceof Measurement.Failed) {
            return events;
        }
        if (total instanceof Measurement.Value t && events instanceof Measurement.Value e && t.quantity().value() > 0) {
            double share = e.quantity().value() / t.quantity().value();
            history.record(q.at(), r.bad() ? 1 - share : share, window);
        }
        if (r.mean() && q.kind() == MetricQuery.Kind.GOOD_SLICES) {
            return Measurement.of(history.sum(q.at(), window), Unit.NUMBER);
        }
        double bound = s.objective().bound().canonicalValue();
        long[] counted = history.count(q.at(), window, v -> s.objective().operator().test(v, bound));
        return Measurement.of(q.kind() == MetricQuery.Kind.SLICES ? counted[0] : counted[1], Unit.NUMBER);
    }

    /**
     * Reads the query's value now, keeps it as the value of the current slice, and counts the slices of the
     * window from what was kept: exact for the slices in which the query was read (each round of a monitor whose
     * interval is at most the slice), blind to the others and to the time before this reader existed.
     */
    private Measurement slices(MeterQuery query, MetricQuery q) {
        MetricQuery.Slices s = q.slices().orElseThrow();
        Duration window = q.window().orElseThrow();
        // per instance: a per-label query's text names its label values, so each value keeps its own slices
        // (keyed by the SLO's query text alone, every value's read overwrote the others' in one history)
        SliceHistory history = sliceHistories.computeIfAbsent(query.text() + "\u0000" + s.slice(),
                k -> new SliceHistory(s.slice()));
        if (history.slicesIn(window) > SliceHistory.MAX_SLICES) {
            return Measurement.failed("a window of " + io.smartspec.slo.Windows.format(window) + " holds "
                    + history.slicesIn(window) + " time slices of " + io.smartspec.slo.Windows.format(s.slice())
                    + "; the in-process source keeps at most " + SliceHistory.MAX_SLICES + " per query; use longer "
                    + "slices");
        }
        Measurement now = value(query, q.at());
        if (now instanceof Measurement.Failed) {
            return now;
        }
        if (now instanceof Measurement.Value v && v.quantity().isFinite()) {
            io.smartspec.slo.Quantity value = v.quantity();
            if (value.unit() == Unit.NUMBER && s.plainNumberUnit().isPresent()) {
                value = new io.smartspec.slo.Quantity(value.value(), s.plainNumberUnit().get());
            }
            if (!value.isComparableWith(s.objective().bound())) {
                return Measurement.failed("cannot compare " + value + " (" + value.dimension().description()
                        + ") of '" + query.text() + "' with the slice objective " + s.objective());
            }
            history.record(q.at(), value.canonicalValue(), window);
        }
        double bound = s.objective().bound().canonicalValue();
        long[] counted = history.count(q.at(), window, v -> s.objective().operator().test(v, bound));
        return Measurement.of(q.kind() == MetricQuery.Kind.SLICES ? counted[0] : counted[1], Unit.NUMBER);
    }

    // ---------------------------------------------------------------- values

    private Measurement value(MeterQuery query, Instant at) {
        if (query.isRatio()) {
            return ratio(query, at);
        }
        List<Meter> meters = meters(query.numerator());
        if (meters.isEmpty()) {
            return noMeter(query.numerator());
        }
        MeterQuery.Statistic statistic = query.statistic().orElse(null);
        if (statistic == null) {
            statistic = defaultStatistic(meters.get(0));
            if (statistic == null) {
                return Measurement.failed(kindOf(meters.get(0)) + " '" + MeterSelector.describe(meters.get(0).getId())
                        + "' needs a statistic in query '" + query.text() + "'; expected " + MeterQuery.STATISTICS);
            }
        }
        return switch (statistic.kind()) {
            case PERCENTILE -> percentile(query, meters, statistic);
            case MEAN -> mean(query, meters);
            case MAX -> max(query, meters);
            case COUNT -> count(query, meters).map(c -> Measurement.of(c, Unit.NUMBER));
            case TOTAL -> total(query, meters);
            case VALUE -> gaugeValue(query, meters);
            case RATE -> rate(query, meters, at);
        };
    }

    private static MeterQuery.Statistic defaultStatistic(Meter meter) {
        if (meter instanceof Gauge || meter instanceof TimeGauge) {
            return MeterQuery.Statistic.of(MeterQuery.Kind.VALUE);
        }
        if (meter instanceof Counter || meter instanceof FunctionCounter) {
            return MeterQuery.Statistic.of(MeterQuery.Kind.COUNT);
        }
        return null;
    }

    private Measurement percentile(MeterQuery query, List<Meter> meters, MeterQuery.Statistic statistic) {
        if (meters.size() > 1) {
            return Measurement.failed("query '" + query.text() + "' matches " + meters.size() + " meters ("
                    + describeAll(meters) + "); percentiles cannot be combined across meters, so narrow the "
                    + "tags to one meter");
        }
        Meter meter = meters.get(0);
        if (!(meter instanceof HistogramSupport h)) {
            return Measurement.failed(kindOf(meter) + " '" + MeterSelector.describe(meter.getId())
                    + "' has no percentiles; percentiles come from timers and distribution summaries");
        }
        HistogramSnapshot snapshot = h.takeSnapshot();
        ValueAtPercentile found = null;
        List<String> published = new ArrayList<>();
        for (ValueAtPercentile v : snapshot.percentileValues()) {
            published.add(MeterQuery.Statistic.percentile(v.percentile()).toString());
            if (Math.abs(v.percentile() - statistic.percentile()) < 1e-9) {
                found = v;
            }
        }
        if (found == null) {
            return Measurement.failed(kindOf(meter) + " '" + MeterSelector.describe(meter.getId())
                    + "' does not publish " + statistic + " (it publishes " + (published.isEmpty() ? "no percentiles"
                    : String.join(", ", published)) + "). Micrometer keeps the histogram settings a meter had when "
                    + "it was first registered, so add SloMeterFilter to the registry before the meter is first "
                    + "used, or register it with publishPercentiles(" + Quantity.formatNumber(statistic.percentile())
                    + ")");
        }
        // A timer's percentile of exactly 0 is an empty percentile window (no request takes 0 ns), even when
        // the max, which rotates on its own, still holds a sample: never "0 ms", which would read as MET.
        boolean timer = meter instanceof Timer || meter instanceof LongTaskTimer;
        if (snapshot.count() == 0 || (found.value() == 0 && (timer || snapshot.max() == 0))) {
            return Measurement.noData(kindOf(meter) + " '" + MeterSelector.describe(meter.getId())
                    + "' recorded nothing within its percentile window (client-side percentiles decay over "
                    + "distributionStatisticExpiry)");
        }
        if (timer) {
            return Measurement.of(found.value(TimeUnit.NANOSECONDS) / 1e9, Unit.SECONDS);
        }
        return Measurement.of(found.value(), baseUnit(meter));
    }

    private Measurement mean(MeterQuery query, List<Meter> meters) {
        double count = 0;
        double total = 0;
        for (Meter m : meters) {
            if (m instanceof Timer t) {
                count += t.count();
                total += t.totalTime(TimeUnit.NANOSECONDS) / 1e9;
            } else if (m instanceof FunctionTimer t) {
                count += t.count();
                total += t.totalTime(TimeUnit.NANOSECONDS) / 1e9;
            } else if (m instanceof DistributionSummary s) {
                count += s.count();
                total += s.totalAmount();
            } else {
                return notFor(m, "mean", "timers and distribution summaries");
            }
        }
        if (count == 0) {
            return Measurement.noData("no samples recorded yet by '" + query.numerator() + "'");
        }
        return Measurement.of(total / count, unitOf(meters.get(0)));
    }

    private Measurement max(MeterQuery query, List<Meter> meters) {
        double max = 0;
        boolean any = false;
        for (Meter m : meters) {
            if (m instanceof Timer t) {
                max = Math.max(max, t.max(TimeUnit.NANOSECONDS) / 1e9);
                any |= t.count() > 0;
            } else if (m instanceof DistributionSummary s) {
                max = Math.max(max, s.max());
                any |= s.count() > 0;
            } else if (m instanceof LongTaskTimer l) {
                max = Math.max(max, l.max(TimeUnit.NANOSECONDS) / 1e9);
                any |= l.activeTasks() > 0;
            } else {
                return notFor(m, "max", "timers and distribution summaries");
            }
        }
        if (!any || max == 0) {
            return Measurement.noData("'" + query.numerator() + "' recorded nothing within its max window "
                    + "(Micrometer's max decays over distributionStatisticExpiry)");
        }
        return Measurement.of(max, unitOf(meters.get(0)));
    }

    private Measurement total(MeterQuery query, List<Meter> meters) {
        double total = 0;
        for (Meter m : meters) {
            if (m instanceof Timer t) {
                total += t.totalTime(TimeUnit.NANOSECONDS) / 1e9;
            } else if (m instanceof FunctionTimer t) {
                total += t.totalTime(TimeUnit.NANOSECONDS) / 1e9;
            } else if (m instanceof DistributionSummary s) {
                total += s.totalAmount();
            } else {
                return notFor(m, "total", "timers and distribution summaries");
            }
        }
        return Measurement.of(total, unitOf(meters.get(0)));
    }

    private Measurement gaugeValue(MeterQuery query, List<Meter> meters) {
        double sum = 0;
        for (Meter m : meters) {
            if (m instanceof TimeGauge g) {
                sum += g.value(TimeUnit.NANOSECONDS) / 1e9;
            } else if (m instanceof Gauge g) {
                sum += g.value();
            } else {
                Double v = measure(m, Statistic.VALUE);
                if (v == null) {
                    return notFor(m, "value", "gauges");
                }
                sum += v;
            }
        }
        if (!Double.isFinite(sum)) {
            return Measurement.noData("gauge '" + query.numerator() + "' is " + sum
                    + " (its object may have been garbage collected)");
        }
        return Measurement.of(sum, unitOf(meters.get(0)));
    }

    private Measurement rate(MeterQuery query, List<Meter> meters, Instant at) {
        Counted c = count(query, meters);
        if (c.failure != null) {
            return c.failure;
        }
        Duration window = query.window().orElse(MeterQuery.DEFAULT_RATE_WINDOW);
        Increase inc = increase("rate|" + query.numerator(), c.count, at, window);
        if (inc.failure != null) {
            return inc.failure;
        }
        if (inc.seconds <= 0) {
            return Measurement.noData("a rate of '" + query.numerator() + "' needs two samples; the next query "
                    + "will have one");
        }
        return Measurement.of(inc.events / inc.seconds, Unit.PER_SECOND);
    }

    private Measurement ratio(MeterQuery query, Instant at) {
        Duration window = query.window().orElse(MeterQuery.DEFAULT_RATIO_WINDOW);
        double[] increases = new double[2];
        int i = 0;
        for (MeterSelector s : query.selectors()) {
            List<Meter> meters = meters(s);
            if (meters.isEmpty() && i == 0 && !registry.find(s.name()).meters().isEmpty()) {
                // the meter exists, but no series has these tags yet: a healthy service has no
                // outcome=SERVER_ERROR series, and its error ratio is 0, not unknown. The zero is
                // recorded, so the series' first errors are counted exactly when it appears.
                increase("events|" + s, 0, at, window);
                increases[i++] = 0;
                continue;
            }
            if (meters.isEmpty()) {
                return noMeter(s);
            }
            Counted c = count(query, meters);
            if (c.failure != null) {
                return c.failure;
            }
            Increase inc = increase("events|" + s, c.count, at, window);
            if (inc.failure != null) {
                return inc.failure;
            }
            increases[i++] = inc.events;
        }
        if (increases[1] <= 0) {
            return Measurement.noData("no events of '" + query.denominator().orElseThrow() + "' in the last "
                    + Windows.format(window));
        }
        return Measurement.of(increases[0] / increases[1], Unit.FRACTION);
    }

    // ---------------------------------------------------------------- events over windows

    private Measurement events(MeterQuery query, MetricQuery q) {
        if (query.isRatio()) {
            return Measurement.failed("query '" + query.text() + "' is a ratio; an events query counts one "
                    + "meter (use good_query/bad_query and total_query for the two sides)");
        }
        if (query.statistic().isPresent() && query.statistic().get().kind() != MeterQuery.Kind.COUNT) {
            return Measurement.failed("query '" + query.text() + "' reads " + query.statistic().get()
                    + "; an events query counts events, so leave the statistic out or write 'count'");
        }
        List<Meter> meters = meters(query.numerator());
        if (meters.isEmpty()) {
            return noMeter(query.numerator());
        }
        Counted c = count(query, meters);
        if (c.failure != null) {
            return c.failure;
        }
        Increase inc = increase("events|" + query.numerator(), c.count, q.at(), q.window().orElseThrow());
        return inc.failure != null ? inc.failure : Measurement.of(inc.events, Unit.NUMBER);
    }

    private Measurement eventsFasterThan(MeterQuery query, MetricQuery q) {
        if (query.isRatio() || query.statistic().isPresent()) {
            return Measurement.failed("query '" + query.text() + "' of a latency SLO must name a timer or "
                    + "distribution summary only, e.g. 'http.server.requests{uri=/checkout}'");
        }
        List<Meter> meters = meters(query.numerator());
        if (meters.isEmpty()) {
            return noMeter(query.numerator());
        }
        Quantity threshold = q.latencyThreshold().orElseThrow();
        double faster = 0;
        double total = 0;
        for (Meter m : meters) {
            if (!(m instanceof Timer) && !(m instanceof DistributionSummary)) {
                return notFor(m, "a latency threshold", "timers and distribution summaries");
            }
            HistogramSnapshot snapshot = ((HistogramSupport) m).takeSnapshot();
            double boundary = m instanceof Timer ? threshold.canonicalValue() * 1e9
                    : threshold.to(durationUnit(m)).value();
            CountAtBucket bucket = null;
            for (CountAtBucket b : snapshot.histogramCounts()) {
                if (Math.abs(b.bucket() - boundary) <= RELATIVE_TOLERANCE * Math.max(1, Math.abs(boundary))) {
                    bucket = b;
                    break;
                }
            }
            if (bucket == null) {
                return Measurement.failed(kindOf(m) + " '" + MeterSelector.describe(m.getId()) + "' has no "
                        + "SLO boundary at " + threshold + ", so requests under it cannot be counted exactly. "
                        + "Micrometer keeps the histogram settings a meter had when it was first registered: add "
                        + "SloMeterFilter to the registry before the meter is first used, or register it with "
                        + "serviceLevelObjectives(" + threshold + ")");
            }
            faster += bucket.count();
            total += snapshot.count();
        }
        String key = "faster|" + query.numerator() + "|" + threshold.canonicalValue();
        CountHistory history = histories.computeIfAbsent(key, k -> new CountHistory());
        CountHistory.Sample latest = history.latest();
        double previousTotal = history.swapAux(total);
        if (latest != null && faster < latest.count() && !(total < previousTotal)) {
            return Measurement.failed("the histogram of '" + query.numerator() + "' rolls over: its count under "
                    + threshold + " fell from " + Quantity.formatNumber(latest.count()) + " to "
                    + Quantity.formatNumber(faster) + " while its total count did not. Windowed bucket counts "
                    + "cannot be mixed with the cumulative count; add SloMeterFilter before the meter is first used "
                    + "(it keeps SLO buckets cumulative)");
        }
        Increase inc = increase(key, faster, q.at(), q.window().orElseThrow());
        return inc.failure != null ? inc.failure : Measurement.of(inc.events, Unit.NUMBER);
    }

    private record Increase(double events, double seconds, Measurement failure) {
    }

    /**
     * The increase of a cumulative count over the window ending at {@code at}, from the sample at or
     * just before the window's start; records the current count.
     */
    private Increase increase(String key, double countNow, Instant at, Duration window) {
        CountHistory history = histories.computeIfAbsent(key, k -> new CountHistory());
        long now = at.toEpochMilli();
        long start = now - window.toMillis();
        CountHistory.Sample latest = history.latest();
        if (latest != null && now < latest.epochMillis()) {
            return past(key, history, start, now);
        }
        CountHistory.Sample base = history.atOrBefore(start);
        CountHistory.Sample oldest = history.oldest();
        if (latest != null && edgeBetween(latest.epochMillis(), now)) {
            // a maintenance window starts or ends in (latest, now]: keep both samples for later
            history.pin(latest.epochMillis(), latest.count());
            history.pin(now, countNow);
        }
        history.record(now, countNow);
        double baseline;
        long baselineTime;
        if (base != null) {
            baseline = base.count();
            baselineTime = base.epochMillis();
        } else if (!countingSince.isAfter(Instant.ofEpochMilli(start)) && oldest != null && oldest.epochMillis() < now) {
            // the window reaches before our first sample: count what we have seen (partial coverage)
            baseline = oldest.count();
            baselineTime = oldest.epochMillis();
        } else if (!countingSince.isAfter(Instant.ofEpochMilli(start))) {
            return new Increase(0, 0, Measurement.noData("'" + key.substring(key.indexOf('|') + 1)
                    + "' has been watched for less than " + Windows.format(window) + " and counts from before "
                    + "the window began (counting since " + countingSince + "); the next rounds will have history"));
        } else {
            // every count of the meter was made after the window began
            baseline = 0;
            baselineTime = countingSince.toEpochMilli();
        }
        if (countNow < baseline) {
            baseline = 0; // the meter was reset (removed and registered again)
        }
        return new Increase(countNow - baseline, (now - baselineTime) / 1000.0, null);
    }

    private boolean edgeBetween(long after, long upTo) {
        if (maintenance.isEmpty() || upTo <= after) {
            return false;
        }
        Instant from = Instant.ofEpochMilli(after);
        Instant to = Instant.ofEpochMilli(upTo);
        return maintenance.stream().anyMatch(c -> c.hasEdgeIn(from, to));
    }

    /**
     * The events of the past interval {@code [start, end)} (a closed maintenance window), from the samples
     * kept: {@code count(end) - count(start)}. Exact when a sample lies on each edge, or when no event was
     * counted between the samples around it; else the events of the gap around an edge (one round, or at
     * most {@link #MAX_EDGE_GAP}) count as inside. Counts made before {@code countingSince} lie before any window.
     * A failure says why when the history holds no samples near an edge.
     */
    private Increase past(String key, CountHistory history, long start, long end) {
        String series = key.substring(key.indexOf('|') + 1);
        long since = countingSince.toEpochMilli();
        if (end <= since) {
            return new Increase(0, (end - start) / 1000.0, null); // the meters did not count yet
        }
        double atStart;
        if (start <= since) {
            atStart = 0; // every count was made after the window began
        } else if (!maintenance.isEmpty() && !edgeBetween(start - 1, start)) {
            // the start of the evaluated window, not of a maintenance: the same sample as the window's own
            // count starts from (increase), so that what is left out is consistent with what was counted
            CountHistory.Sample base = history.atOrBefore(start);
            Edge e = base != null ? new Edge(base.count(), null) : edge(history, since, start, true);
            if (e.failure != null) {
                return new Increase(0, 0, Measurement.failed(failure(series, "start", start, end, e.failure)));
            }
            atStart = e.count;
        } else {
            Edge e = edge(history, since, start, true);
            if (e.failure != null) {
                return new Increase(0, 0, Measurement.failed(failure(series, "start", start, end, e.failure)));
            }
            atStart = e.count;
        }
        Edge e = edge(history, since, end, false);
        if (e.failure != null) {
            return new Increase(0, 0, Measurement.failed(failure(series, "end", start, end, e.failure)));
        }
        if (e.count < atStart) {
            return new Increase(0, 0, Measurement.failed("the count of '" + series + "' fell from "
                    + Quantity.formatNumber(atStart) + " to " + Quantity.formatNumber(e.count) + " over the maintenance "
                    + Instant.ofEpochMilli(start) + ".." + Instant.ofEpochMilli(end)
                    + " (its meter was registered again), so the events inside it are unknown"));
        }
        return new Increase(e.count - atStart, (end - start) / 1000.0, null);
    }

    private record Edge(double count, String failure) {
    }

    /**
     * The count at an edge: the sample on it, or the samples around it when they agree, are the pinned
     * rounds around it or lie at most {@link #MAX_EDGE_GAP} apart (then the one outside the window: before
     * a start, after an end).
     */
    private static Edge edge(CountHistory history, long since, long edge, boolean isStart) {
        CountHistory.Sample before = history.atOrBefore(edge);
        if (before == null) {
            before = new CountHistory.Sample(since, 0); // the meters counted nothing before countingSince
        }
        CountHistory.Sample after = history.atOrAfter(edge);
        if (before != null && before.epochMillis() == edge) {
            return new Edge(before.count(), null);
        }
        if (after == null) {
            return new Edge(0, "no count was kept after it");
        }
        if (before.count() == after.count()) {
            return new Edge(before.count(), null); // no event between them: exact
        }
        long gap = after.epochMillis() - before.epochMillis();
        // two pinned samples around an edge are the rounds before and after it, however far apart
        boolean rounds = history.isPinned(before.epochMillis()) && history.isPinned(after.epochMillis());
        if (gap > MAX_EDGE_GAP.toMillis() && !rounds) {
            return new Edge(0, "the counts kept around it are of " + Instant.ofEpochMilli(before.epochMillis())
                    + " and " + Instant.ofEpochMilli(after.epochMillis()) + ", " + Windows.format(Duration.ofMillis(gap))
                    + " apart with " + Quantity.formatNumber(after.count() - before.count()) + " events between them "
                    + "(at most " + Windows.format(MAX_EDGE_GAP) + " are taken as the edge; the edges of windows "
                    + "that a monitor honours are kept)");
        }
        return new Edge(isStart ? before.count() : after.count(), null);
    }

    private static String failure(String series, String which, long start, long end, String why) {
        return "the events of '" + series + "' inside the maintenance " + Instant.ofEpochMilli(start) + ".."
                + Instant.ofEpochMilli(end) + " are unknown: at its " + which + ", " + why;
    }

    // ---------------------------------------------------------------- meters

    private record Counted(double count, Measurement failure) {
        Measurement map(java.util.function.DoubleFunction<Measurement> f) {
            return failure != null ? failure : f.apply(count);
        }
    }

    private Counted count(MeterQuery query, List<Meter> meters) {
        double sum = 0;
        for (Meter m : meters) {
            if (m instanceof Counter c) {
                sum += c.count();
            } else if (m instanceof FunctionCounter c) {
                sum += c.count();
            } else if (m instanceof Timer t) {
                sum += t.count();
            } else if (m instanceof FunctionTimer t) {
                sum += t.count();
            } else if (m instanceof DistributionSummary s) {
                sum += s.count();
            } else {
                Double v = measure(m, Statistic.COUNT);
                if (v == null) {
                    return new Counted(0, notFor(m, "a count", "counters, timers and distribution summaries"));
                }
                sum += v;
            }
        }
        return new Counted(sum, null);
    }

    private List<Meter> meters(MeterSelector selector) {
        long version = registryVersion.get();
        Matched m = matched.get(selector);
        if (m != null && m.version == version) {
            return m.meters;
        }
        List<Meter> named = byName(version).getOrDefault(selector.name(), List.of());
        List<Meter> found = named.stream().filter(meter -> selector.matches(meter.getId())).toList();
        matched.put(selector, new Matched(version, found));
        return found;
    }

    private record NameIndex(long version, Map<String, List<Meter>> meters) {
    }

    private volatile NameIndex index;

    /** The registry's meters by name, rebuilt once per change of the registry (not once per query). */
    private Map<String, List<Meter>> byName(long version) {
        NameIndex i = index;
        if (i != null && i.version == version) {
            return i.meters;
        }
        Map<String, List<Meter>> meters = new java.util.HashMap<>();
        for (Meter meter : registry.getMeters()) {
            meters.computeIfAbsent(meter.getId().getName(), k -> new ArrayList<>()).add(meter);
        }
        index = new NameIndex(version, meters);
        return meters;
    }

    private Measurement noMeter(MeterSelector selector) {
        boolean nameExists = !registry.find(selector.name()).meters().isEmpty();
        if (nameExists) {
            return Measurement.noData("no meter '" + selector.name() + "' has tags " + selector.tags()
                    + " (yet); meters named so: " + describeAll(List.copyOf(registry.find(selector.name()).meters())));
        }
        return Measurement.noData("no meter named '" + selector.name() + "' is registered (yet)");
    }

    private static Double measure(Meter m, Statistic statistic) {
        for (io.micrometer.core.instrument.Measurement measurement : m.measure()) {
            if (measurement.getStatistic() == statistic) {
                return measurement.getValue();
            }
        }
        return null;
    }

    private static Measurement notFor(Meter m, String what, String forWhom) {
        return Measurement.failed(kindOf(m) + " '" + MeterSelector.describe(m.getId()) + "' has no " + what
                + "; " + what + " is read from " + forWhom);
    }

    private static String describeAll(List<Meter> meters) {
        List<String> names = new ArrayList<>();
        for (Meter m : meters) {
            if (names.size() == 5) {
                names.add("...");
                break;
            }
            names.add(MeterSelector.describe(m.getId()));
        }
        return String.join(", ", names);
    }

    private static String kindOf(Meter m) {
        return switch (m.getId().getType()) {
            case TIMER -> "timer";
            case DISTRIBUTION_SUMMARY -> "distribution summary";
            case COUNTER -> "counter";
            case GAUGE -> "gauge";
            case LONG_TASK_TIMER -> "long task timer";
            default -> "meter";
        };
    }

    private static Unit unitOf(Meter m) {
        if (m instanceof Timer || m instanceof FunctionTimer || m instanceof LongTaskTimer || m instanceof TimeGauge) {
            return Unit.SECONDS;
        }
        return baseUnit(m);
    }

    private static Unit baseUnit(Meter m) {
        String base = m.getId().getBaseUnit();
        return base == null ? Unit.NUMBER : Unit.parse(base).orElse(Unit.NUMBER);
    }

    private static Unit durationUnit(Meter m) {
        Unit u = baseUnit(m);
        return u.dimension() == Unit.Dimension.DURATION ? u : Unit.SECONDS;
    }
}
