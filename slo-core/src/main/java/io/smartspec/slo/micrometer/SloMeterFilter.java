package io.smartspec.slo.micrometer;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.smartspec.slo.Indicator;
import io.smartspec.slo.Problem;
import io.smartspec.slo.Quantity;
import io.smartspec.slo.Slo;
import io.smartspec.slo.SloSet;
import io.smartspec.slo.SloValidationException;
import io.smartspec.slo.Unit;
import io.smartspec.slo.internal.micrometer.MeterQuery;
import io.smartspec.slo.internal.micrometer.MeterQueryParser;
import io.smartspec.slo.internal.micrometer.MeterSelector;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * A {@link MeterFilter} that configures the meters the SLOs of an {@link SloSet} read, so that
 * {@link MicrometerSource} measures them exactly:
 * <ul>
 *   <li>a percentile threshold ({@code ... p99 < 200ms}) gets that percentile published with
 *       {@value #PERCENTILE_PRECISION} significant digits (Micrometer's default of 1 reads a p99 of
 *       1..1000 ms as 1006 ms);</li>
 *   <li>a latency-ratio SLO ({@code 99% faster than 200ms}) gets an SLO boundary
 *       ({@code serviceLevelObjectives}) at its threshold, and a histogram that never rolls over (like
 *       Micrometer's Prometheus registry), so requests under the threshold are counted exactly from the
 *       bucket and can be subtracted across windows like the meter's cumulative count;</li>
 *   <li>both get a percentile histogram ({@code publishPercentileHistogram}) with an SLO boundary at
 *       each threshold of the SLOs that read them ({@code p99 < 250ms} adds 250 ms), so a registry that
 *       publishes buckets (Prometheus: {@code _bucket} series) lets the server compute the same
 *       percentile with {@code histogram_quantile()} — aggregated across instances, and NaN (no data)
 *       over an idle window where a client-side percentile reads 0 — and the same "faster than"
 *       ratio from the threshold's bucket. The meters of the same name that no SLO reads (other tags)
 *       get the histogram too, nothing else: Prometheus gives all series of a name one type, and a
 *       histogram beside a summary fails the whole scrape.</li>
 * </ul>
 * Add it before the meters are first registered — Micrometer keeps the settings a meter was first
 * registered with:
 * <pre>{@code
 * registry.config().meterFilter(SloMeterFilter.of(slos));
 * }</pre>
 * A meter read by both a percentile threshold and a latency ratio keeps cumulative buckets, so its
 * percentiles cover its lifetime; {@link #problems()} warns about it.
 *
 * @since 0.1.0
 */
public final class SloMeterFilter implements MeterFilter {

    /** The significant digits given to the percentiles of SLO meters. */
    public static final int PERCENTILE_PRECISION = 3;

    /** How long the buckets of a latency-ratio meter last: "never" (as Micrometer's Prometheus registry). */
    static final Duration CUMULATIVE_EXPIRY = Duration.ofDays(1825);

    /**
     * What one SLO asks of the meters it reads: percentiles, SLO boundaries (its thresholds), and
     * whether the buckets must stay cumulative for in-process "faster than" counts.
     */
    private record Rule(MeterSelector selector, Set<Double> percentiles, List<Quantity> boundaries,
                        boolean cumulative) {
    }

    private final List<Rule> rules;
    private final List<Problem> problems;

    private SloMeterFilter(List<Rule> rules, List<Problem> problems) {
        this.rules = List.copyOf(rules);
        this.problems = List.copyOf(problems);
    }

    /**
     * A filter for every Micrometer query of the given sets.
     *
     * @throws SloValidationException listing every query that is not valid Micrometer syntax
     */
    public static SloMeterFilter of(SloSet... sets) {
        return of(Arrays.asList(sets));
    }

    /** @see #of(SloSet...) */
    public static SloMeterFilter of(List<SloSet> sets) {
        List<Rule> rules = new ArrayList<>();
        List<Problem> errors = new ArrayList<>();
        for (SloSet set : sets) {
            for (Slo slo : set) {
                try {
                    rule(slo).ifPresent(rules::add);
                } catch (IllegalArgumentException e) {
                    errors.add(Problem.error("slo '" + slo.name() + "' of '" + set.name() + "': query: "
                            + e.getMessage()));
                }
            }
        }
        if (!errors.isEmpty()) {
            throw new SloValidationException(errors);
        }
        List<Problem> warnings = new ArrayList<>();
        for (Rule a : rules) {
            for (Rule b : rules) {
                if (!a.percentiles.isEmpty() && b.cumulative && a.selector.name().equals(b.selector.name())) {
                    warnings.add(Problem.warning("", 0, "meter '" + a.selector + "' is read by a percentile "
                            + "threshold and a latency ratio; its buckets are kept cumulative for exact counts, so "
                            + "its percentiles cover the meter's lifetime"));
                }
            }
        }
        return new SloMeterFilter(rules, warnings.stream().distinct().toList());
    }

    private static java.util.Optional<Rule> rule(Slo slo) {
        Indicator indicator = slo.indicator();
        if (indicator instanceof Indicator.Threshold t) {
            MeterQuery q = MeterQueryParser.parse(t.query());
            if (q.statistic().isPresent() && q.statistic().get().kind() == MeterQuery.Kind.PERCENTILE) {
                Quantity bound = slo.objective().bound();
                return java.util.Optional.of(new Rule(q.numerator(), Set.of(q.statistic().get().percentile()),
                        bound.dimension() == Unit.Dimension.DURATION ? List.of(bound) : List.of(), false));
            }
            return java.util.Optional.empty();
        }
        if (indicator instanceof Indicator.LatencyRatio l) {
            MeterQuery q = MeterQueryParser.parse(l.query());
            return java.util.Optional.of(new Rule(q.numerator(), Set.of(), List.of(l.threshold()), true));
        }
        Indicator.EventsRatio r = (Indicator.EventsRatio) indicator;
        MeterQueryParser.parse(r.eventsQuery());
        MeterQueryParser.parse(r.totalQuery());
        return java.util.Optional.empty();
    }

    /** Warnings about meters whose needs conflict. */
    public List<Problem> problems() {
        return problems;
    }

    @Override
    public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
        Meter.Type type = id.getType();
        if (type != Meter.Type.TIMER && type != Meter.Type.DISTRIBUTION_SUMMARY && type != Meter.Type.LONG_TASK_TIMER) {
            return config;
        }
        TreeSet<Double> percentiles = new TreeSet<>();
        TreeSet<Double> boundaries = new TreeSet<>();
        boolean matched = false;
        boolean sameName = false;
        boolean cumulative = false;
        for (Rule rule : rules) {
            sameName |= rule.selector.name().equals(id.getName());
            if (!rule.selector.matches(id)) {
                continue;
            }
            matched = true;
            cumulative |= rule.cumulative;
            percentiles.addAll(rule.percentiles);
            for (Quantity b : rule.boundaries) {
                boundaries.add(type == Meter.Type.DISTRIBUTION_SUMMARY ? b.to(durationUnit(id)).value()
                        : b.canonicalValue() * 1e9);
            }
        }
        if (!matched) {
            // Prometheus gives every series of a name one type: when an SLO's meters of this name publish
            // histogram buckets, its other meters (other tags) must too, or the whole scrape fails
            return sameName ? DistributionStatisticConfig.builder().percentilesHistogram(true).build().merge(config)
                    : config;
        }
        // histogram buckets for a registry that publishes them (Prometheus: _bucket series), so that a
        // server can compute the same percentile (histogram_quantile) and "faster than" ratio
        DistributionStatisticConfig.Builder ours = DistributionStatisticConfig.builder().percentilesHistogram(true);
        if (!percentiles.isEmpty()) {
            if (config.getPercentiles() != null) {
                for (double p : config.getPercentiles()) {
                    percentiles.add(p);
                }
            }
            ours.percentiles(percentiles.stream().mapToDouble(Double::doubleValue).toArray());
            Integer precision = config.getPercentilePrecision();
            ours.percentilePrecision(Math.max(precision == null ? 1 : precision, PERCENTILE_PRECISION));
        }
        if (!boundaries.isEmpty()) {
            if (config.getServiceLevelObjectiveBoundaries() != null) {
                for (double b : config.getServiceLevelObjectiveBoundaries()) {
                    boundaries.add(b);
                }
            }
            ours.serviceLevelObjectives(boundaries.stream().mapToDouble(Double::doubleValue).toArray());
        }
        if (cumulative) {
            ours.expiry(CUMULATIVE_EXPIRY).bufferLength(1);
        }
        return ours.build().merge(config);
    }

    private static Unit durationUnit(Meter.Id id) {
        Unit u = id.getBaseUnit() == null ? Unit.SECONDS : Unit.parse(id.getBaseUnit()).orElse(Unit.SECONDS);
        return u.dimension() == Unit.Dimension.DURATION ? u : Unit.SECONDS;
    }

    @Override
    public String toString() {
        return "SloMeterFilter" + rules.stream().map(r -> r.selector.toString()).toList();
    }
}
