package io.smartspec.slo.junit.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.smartspec.slo.evaluation.EvaluationPolicy;
import io.smartspec.slo.evaluation.EvaluationRound;
import io.smartspec.slo.source.Measurement;
import io.smartspec.slo.source.MetricQuery;
import io.smartspec.slo.source.MetricSource;
import io.smartspec.slo.Objective;
import io.smartspec.slo.Operator;
import io.smartspec.slo.Quantity;
import io.smartspec.slo.Slo;
import io.smartspec.slo.evaluation.SloEvaluator;
import io.smartspec.slo.SloSet;
import io.smartspec.slo.Unit;

/**
 * The objectives of the measured form of {@code @SloCheck} as {@link Slo}s over the statistics of a
 * {@link MeasuredRun}, so that measured and spec-driven checks are evaluated, reported and asserted
 * the same way.
 */
public final class MeasuredSlos {

    /** The name of the source of measured results. */
    public static final String SOURCE = "measured";

    /** One latency statistic of a run: the attribute that bounds it and how it reads. */
    public enum Statistic {
        P50("p50", "p50", 50.0),
        P90("p90", "p90", 90.0),
        P95("p95", "p95", 95.0),
        P99("p99", "p99", 99.0),
        P999("p999", "p99.9", 99.9),
        MAX("max", "max", 100.0);

        private final String attribute;
        private final String label;
        private final double percentile;

        Statistic(String attribute, String label, double percentile) {
            this.attribute = attribute;
            this.label = label;
            this.percentile = percentile;
        }

        /** The {@code @SloCheck} attribute: {@code p999}. */
        public String attribute() {
            return attribute;
        }

        /** How the statistic reads: {@code p99.9}. */
        public String label() {
            return label;
        }

        public double percentile() {
            return percentile;
        }

        long nanos(MeasuredRun run) {
            return this == MAX ? run.maxNanos() : run.percentileNanos(percentile);
        }
    }

    /** The query of the error rate. */
    static final String ERROR_RATE = "error-rate";

    private final String name;
    private final Map<Statistic, Objective> latencies;
    private final Objective errorRate;

    private MeasuredSlos(String name, Map<Statistic, Objective> latencies, Objective errorRate) {
        this.name = Objects.requireNonNull(name, "name");
        this.latencies = Map.copyOf(latencies);
        this.errorRate = errorRate;
    }

    /**
     * @param name       what is measured (the SLO set's name)
     * @param latencies  the bounded latency statistics, in declaration order
     * @param errorRate  the error-rate objective, or null when none was declared (then no error is allowed)
     */
    public static MeasuredSlos of(String name, Map<Statistic, Objective> latencies, Objective errorRate) {
        return new MeasuredSlos(name, new LinkedHashMap<>(latencies), errorRate);
    }

    /** Parses a latency attribute: {@code "200ms"} reads as {@code < 200 ms}; an explicit operator is kept. */
    public static Objective parseLatency(String text) {
        Objective o = parse(text, Operator.LESS_THAN);
        if (o.bound().dimension() != Unit.Dimension.DURATION) {
            throw new IllegalArgumentException("'" + text.trim() + "' is not a duration; expected e.g. 200ms, 1.5s, 800us");
        }
        if (!(o.bound().value() >= 0)) {
            throw new IllegalArgumentException("'" + text.trim() + "' must not be negative");
        }
        return o;
    }

    /** Parses an error-rate attribute: {@code "0.1%"} reads as {@code <= 0.1 %}; an explicit operator is kept. */
    public static Objective parseErrorRate(String text) {
        Objective o = parse(text, Operator.LESS_THAN_OR_EQUAL);
        Quantity b = o.bound();
        boolean ratio = b.dimension() == Unit.Dimension.RATIO
                || (b.unit() == Unit.NUMBER && b.value() >= 0 && b.value() <= 1);
        if (!ratio) {
            throw new IllegalArgumentException("'" + text.trim() + "' is not a share of invocations; expected a "
                    + "percentage like 0.1% or a fraction like 0.001");
        }
        Quantity share = b.unit() == Unit.NUMBER ? Quantity.fraction(b.value()) : b;
        if (!(share.canonicalValue() >= 0 && share.canonicalValue() <= 1)) {
            throw new IllegalArgumentException("'" + text.trim() + "' must be between 0% and 100%");
        }
        return Objective.of(o.operator(), share);
    }

    private static Objective parse(String text, Operator defaultOperator) {
        String s = text.trim();
        if (!s.isEmpty() && "<>=≤≥".indexOf(s.charAt(0)) >= 0) {
            return Objective.parse(s);
        }
        return Objective.of(defaultOperator, Quantity.parse(s));
    }

    /** The SLOs checked for a run: the declared latency bounds, and the error rate when declared or when something threw. */
    public SloSet slos(MeasuredRun run) {
        List<Slo> slos = new ArrayList<>();
        for (Statistic s : Statistic.values()) {
            Objective o = latencies.get(s);
            if (o != null) {
                slos.add(Slo.named(s.label()).description(s.label() + " latency").metric(s.label() + " latency", s.attribute())
                        .objective(o).label("source", SOURCE).build());
            }
        }
        if (errorRate != null || run.errors() > 0) {
            Objective o = errorRate != null ? errorRate : Objective.of(Operator.LESS_THAN_OR_EQUAL, Quantity.percent(0));
            slos.add(Slo.named(ERROR_RATE).description("error rate").metric("error rate", ERROR_RATE).objective(o)
                    .label("source", SOURCE).build());
        }
        return SloSet.of(name, slos);
    }

    /** Evaluates the run against the declared objectives. */
    public EvaluationRound evaluate(MeasuredRun run, Instant at) {
        return SloEvaluator.with(EvaluationPolicy.defaults()).evaluate(slos(run), source(run), at);
    }

    /** The run's statistics as a metric source: latency statistics in nanoseconds, the error rate in percent. */
    public static MetricSource source(MeasuredRun run) {
        return new MetricSource() {
            @Override
            public String name() {
                return SOURCE;
            }

            @Override
            public Measurement query(MetricQuery query) {
                if (run.invocations() == 0) {
                    return Measurement.noData("nothing was measured");
                }
                if (query.query().equals(ERROR_RATE)) {
                    return new Measurement.Value(Quantity.percent(run.errorRate() * 100));
                }
                for (Statistic s : Statistic.values()) {
                    if (s.attribute().equals(query.query())) {
                        return new Measurement.Value(Quantity.of(s.nanos(run), Unit.NANOSECONDS));
                    }
                }
                return Measurement.failed("unknown statistic '" + query.query() + "'");
            }
        };
    }
}
