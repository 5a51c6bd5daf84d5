package io.smartspec.slo.evaluation;

import io.smartspec.slo.Grouping;
import io.smartspec.slo.Indicator;
import io.smartspec.slo.Slo;
import io.smartspec.slo.source.GroupedMeasurement;
import io.smartspec.slo.source.Measurement;
import io.smartspec.slo.source.MetricQuery;
import io.smartspec.slo.source.MetricSource;
import io.smartspec.slo.UnitConvention;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Evaluates a per-label SLO ({@code group_by:}) as one instance per combination of label values. Each
 * distinct query is sent once, grouped ({@link MetricSource#queryGrouped}); every instance is then
 * evaluated by the same {@link SloEvaluator} code as an ungrouped SLO, over a view of the source that
 * answers with its own label values' measurements. The instances are those of the SLO's base query (the
 * total events of a ratio over its window, the value of a threshold), in the order of their names; beyond
 * the SLO's {@link Grouping#limit()} they are dropped, with a warning naming the SLO, the limit and how many.
 */
final class PerLabelEvaluation {

    private static final System.Logger LOG = System.getLogger(PerLabelEvaluation.class.getName());

    /** The dropped count last warned about, per SLO: the warning is repeated only when it changes. */
    private static final Map<String, Integer> WARNED = new ConcurrentHashMap<>();

    private PerLabelEvaluation() {
    }

    static List<SloResult> evaluate(SloEvaluator evaluator, String specId, Slo slo, MetricSource source, Instant at) {
        List<String> labels = slo.groupBy();
        Map<MetricQuery, GroupedMeasurement> answers = new HashMap<>();
        MetricQuery base = baseQuery(slo, at);
        GroupedMeasurement first = ask(source, base, labels);
        answers.put(base, first);
        if (first instanceof GroupedMeasurement.Whole whole) {
            return List.of(unknown(specId, slo, whole.measurement(), at, source, base));
        }
        Map<Map<String, String>, Measurement> perLabels = ((GroupedMeasurement.PerLabels) first).values();
        if (perLabels.isEmpty()) {
            return List.of(SloResult.unknown(specId, slo, Status.NO_DATA, "no series of '" + base.query()
                    + "' with the label" + (labels.size() > 1 ? "s " : " ") + String.join(", ", labels)
                    + " to evaluate per label", at, source.name(), base.query()));
        }
        List<Slo> instances = new ArrayList<>();
        for (Map<String, String> values : perLabels.keySet()) {
            if (values.keySet().containsAll(labels)) {
                instances.add(slo.instance(values));
            }
        }
        instances.sort(Comparator.comparing(Slo::instanceName));
        int limit = slo.grouping().limit();
        String who = specId + "/" + slo.name();
        if (instances.size() > limit) {
            int dropped = instances.size() - limit;
            Integer before = WARNED.put(who, dropped);
            if (before == null || before != dropped) {
                LOG.log(System.Logger.Level.WARNING, () -> "SLO '" + who + "' grouped by " + labels + " has "
                        + instances.size() + " instances, more than its group_limit of " + limit + "; evaluating the "
                        + "first " + limit + " by name and dropping " + dropped + " (from "
                        + instances.get(limit).instanceName() + "); raise group_limit or group by fewer labels");
            }
            instances.subList(limit, instances.size()).clear();
        } else {
            WARNED.remove(who);
        }
        List<SloResult> results = new ArrayList<>(instances.size());
        for (Slo instance : instances) {
            results.add(evaluator.evaluate(specId, instance, new View(source, labels, instance, answers), at));
        }
        return results;
    }

    /** The query whose series name the instances: the total over the window, or the threshold's value. */
    private static MetricQuery baseQuery(Slo slo, Instant at) {
        Indicator indicator = slo.indicator();
        if (indicator instanceof Indicator.Threshold t) {
            return MetricQuery.value(t.metric(), t.query(), at);
        }
        if (indicator instanceof Indicator.EventsRatio r) {
            return MetricQuery.events(r.metric(), r.totalQuery(), discoveryWindow(slo, at), at);
        }
        Indicator.LatencyRatio l = (Indicator.LatencyRatio) indicator;
        return MetricQuery.events(l.metric(), l.query(), discoveryWindow(slo, at), at);
    }

    /** The window the instances are found in: the rolling window, or the calendar period so far (at least 1s). */
    private static java.time.Duration discoveryWindow(Slo slo, Instant at) {
        long seconds = slo.windowOrDefault().elapsedAt(at).getSeconds();
        return java.time.Duration.ofSeconds(Math.max(1, seconds));
    }

    private static GroupedMeasurement ask(MetricSource source, MetricQuery query, List<String> labels) {
        try {
            GroupedMeasurement m = source.queryGrouped(query, labels);
            return m != null ? m : GroupedMeasurement.whole(Measurement.failed(source.name() + " returned nothing for "
                    + query.query()));
        } catch (RuntimeException e) {
            return GroupedMeasurement.whole(Measurement.failed(source.name() + " failed: " + e));
        }
    }

    private static SloResult unknown(String specId, Slo slo, Measurement m, Instant at, MetricSource source,
                                     MetricQuery query) {
        if (m instanceof Measurement.Failed f) {
            return SloResult.unknown(specId, slo, Status.ERROR, f.message(), at, source.name(), query.query());
        }
        String why = m instanceof Measurement.NoData n ? n.reason() : "no series to evaluate per label";
        return SloResult.unknown(specId, slo, Status.NO_DATA, why, at, source.name(), query.query());
    }

    /** The source as one instance sees it: each grouped answer (asked once for all instances) at its labels. */
    private static final class View implements MetricSource {
        private final MetricSource source;
        private final List<String> labels;
        private final Slo instance;
        private final Map<MetricQuery, GroupedMeasurement> answers;

        View(MetricSource source, List<String> labels, Slo instance, Map<MetricQuery, GroupedMeasurement> answers) {
            this.source = source;
            this.labels = labels;
            this.instance = instance;
            this.answers = answers;
        }

        @Override
        public String name() {
            return source.name();
        }

        @Override
        public Measurement query(MetricQuery query) {
            GroupedMeasurement answer = answers.computeIfAbsent(query, q -> ask(source, q, labels));
            if (answer instanceof GroupedMeasurement.Whole whole) {
                return whole.measurement();
            }
            Measurement m = ((GroupedMeasurement.PerLabels) answer).values().get(instance.grouping().values());
            return m != null ? m : Measurement.noData("no series for " + instance.grouping().render());
        }

        @Override
        public UnitConvention unitConvention() {
            return source.unitConvention();
        }

        @Override
        public boolean supportsPastInstants() {
            return source.supportsPastInstants();
        }

        @Override
        public boolean countsPastIntervals() {
            return source.countsPastIntervals();
        }

        @Override
        public void observe(io.smartspec.slo.MaintenanceCalendar maintenance) {
            source.observe(maintenance);
        }
    }
}
