package io.smartspec.slo;

import io.smartspec.slo.source.Measurement;
import io.smartspec.slo.source.MetricQuery;
import io.smartspec.slo.source.MetricSource;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A {@link MetricSource} for tests: answers each query by its name, the part before {@code [} (so
 * {@code good[{{window}}]} is asked as {@code good[1h]}, {@code good[30d]}, ... and answered by
 * {@code "good"}). Unknown queries have no data. Remembers what was asked.
 */
public final class FakeMetricSource implements MetricSource {

    private final Map<String, Function<MetricQuery, Measurement>> answers = new HashMap<>();
    public final List<MetricQuery> asked = new CopyOnWriteArrayList<>();
    private UnitConvention convention = UnitConvention.DECLARED;

    /** What this source's plain numbers mean (default: nothing, as a source that does not say). */
    public FakeMetricSource convention(UnitConvention convention) {
        this.convention = convention;
        return this;
    }

    @Override
    public UnitConvention unitConvention() {
        return convention;
    }

    public FakeMetricSource answer(String name, Measurement measurement) {
        answers.put(name, q -> measurement);
        return this;
    }

    public FakeMetricSource answer(String name, Function<MetricQuery, Measurement> answer) {
        answers.put(name, answer);
        return this;
    }

    @Override
    public String name() {
        return "fake";
    }

    @Override
    public Measurement query(MetricQuery query) {
        asked.add(query);
        String q = query.query();
        String name = q.contains("[") ? q.substring(0, q.indexOf('[')) : q;
        Function<MetricQuery, Measurement> answer = answers.get(name);
        return answer == null ? Measurement.noData("no series for " + q) : answer.apply(query);
    }
}
