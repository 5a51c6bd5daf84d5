package io.smartspec.slo.report;

import io.smartspec.slo.history.SloInfo;
import io.smartspec.slo.history.HistoryReading;
import io.smartspec.slo.history.HistorySample;
import io.smartspec.slo.history.SloHistory;
import io.smartspec.slo.evaluation.EvaluationRound;
import io.smartspec.slo.source.MetricSource;
import io.smartspec.slo.Slo;
import io.smartspec.slo.evaluation.SloEvaluator;
import io.smartspec.slo.evaluation.SloResult;
import io.smartspec.slo.SloSet;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * History computed from the provider instead of the monitor's rounds: the SLOs are evaluated at every
 * {@code step} of the span, as of that past instant, by a {@link MetricSource} that can answer for past
 * instants (Prometheus, Datadog). A report built from it is right even for periods when no monitor ran.
 * Costly: one evaluation per SLO per step (a ratio SLO asks one query per burn-rate window), so choose
 * a step such as 1 hour for a monthly report.
 *
 * <pre>{@code
 * SloReport report = SloReport.forSpec("checkout").over(march)
 *     .from(ProviderHistory.read(slos, prometheus, march, Duration.ofHours(1)),
 *           ProviderHistory.read(slos, prometheus, march.previous(), Duration.ofHours(1)))
 *     .build();
 * }</pre>
 *
 * @since 0.1.0
 */
public final class ProviderHistory {

    private ProviderHistory() {
    }

    /** Evaluates with {@link SloEvaluator#withDefaults()}. */
    public static HistoryReading read(SloSet slos, MetricSource source, ReportPeriod period, Duration step) {
        return read(slos, source, SloEvaluator.withDefaults(), period.from(), period.to(), step);
    }

    /**
     * Evaluates every SLO at {@code from, from + step, ...} before {@code to}.
     *
     * @throws IllegalArgumentException when the source cannot answer for past instants, or the step is not positive
     */
    public static HistoryReading read(SloSet slos, MetricSource source, SloEvaluator evaluator, Instant from,
                                      Instant to, Duration step) {
        Objects.requireNonNull(slos, "slos");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(evaluator, "evaluator");
        if (!source.supportsPastInstants()) {
            throw new IllegalArgumentException("metric source '" + source.name() + "' cannot answer for past instants; "
                    + "a report from the provider needs one that can (Prometheus, Datadog); use the monitor's "
                    + "SloHistory instead");
        }
        if (step.isNegative() || step.isZero()) {
            throw new IllegalArgumentException("step must be positive, but was " + step);
        }
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("from (" + from + ") must be before to (" + to + ")");
        }
        Map<String, SloInfo> infos = new LinkedHashMap<>();
        Map<String, List<HistorySample>> samples = new LinkedHashMap<>();
        for (Slo slo : slos) {
            if (!slo.grouping().isGrouped()) {
                infos.put(slo.name(), SloInfo.of(slo));
                samples.put(slo.name(), new ArrayList<>());
            }
        }
        List<String> warnings = new ArrayList<>();
        for (Instant t = from; t.isBefore(to); t = t.plus(step)) {
            EvaluationRound round = evaluator.evaluate(slos, source, t);
            for (SloResult r : round.results()) {
                // the instances of a per-label SLO appear as the provider answers them
                infos.putIfAbsent(r.name(), SloInfo.of(r.slo()));
                samples.computeIfAbsent(r.name(), n -> new ArrayList<>()).add(HistorySample.of(r));
            }
        }
        return new HistoryReading(slos.name(), infos, samples, warnings);
    }
}
