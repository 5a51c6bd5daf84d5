package io.smartspec.slo.internal.monitor;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smartspec.slo.evaluation.EvaluationRound;
import io.smartspec.slo.Slo;
import io.smartspec.slo.evaluation.SloResult;
import io.smartspec.slo.SloSet;
import io.smartspec.slo.evaluation.Status;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The monitor's own meters in the application's registry (none without a registry):
 * {@code slo.status} and {@code slo.error.budget.remaining} per SLO (tags {@code spec}, {@code slo},
 * {@code priority}), {@code slo.round.duration}, {@code slo.round.failures} (SLOs that ended in ERROR)
 * and {@code slo.round.skipped}. Removed from the registry on {@link #close()}.
 */
public final class MonitorMeters implements AutoCloseable {

    private static final class Holder {
        volatile double status = Double.NaN;
        volatile double budget = Double.NaN;
    }

    private final MeterRegistry registry;
    private final Map<String, Holder> holders = new HashMap<>();
    private final List<Meter> meters = new ArrayList<>();
    private final Timer roundDuration;
    private final Map<String, Counter> failures = new HashMap<>();
    private final Counter skipped;

    public MonitorMeters(MeterRegistry registry, List<SloSet> sets) {
        this.registry = registry;
        if (registry == null) {
            roundDuration = null;
            skipped = null;
            return;
        }
        for (SloSet set : sets) {
            for (Slo slo : set) {
                Holder h = new Holder();
                holders.put(set.name() + "/" + slo.name(), h);
                meters.add(Gauge.builder("slo.status", h, x -> x.status)
                        .tags("spec", set.name(), "slo", slo.name(), "priority", slo.priority().name())
                        .description("SLO status: 0 met, 1 at risk, 2 breached, -1 no data, -2 error; "
                                + "NaN before the first round")
                        .register(registry));
                if (slo.hasErrorBudget()) {
                    meters.add(Gauge.builder("slo.error.budget.remaining", h, x -> x.budget)
                            .tags("spec", set.name(), "slo", slo.name(), "priority", slo.priority().name())
                            .description("share of the error budget left over the SLO window (1 = untouched, "
                                    + "negative = overspent); NaN when unknown")
                            .baseUnit("ratio")
                            .register(registry));
                }
            }
            Counter c = Counter.builder("slo.round.failures").tag("spec", set.name())
                    .description("SLO evaluations that ended in ERROR (query failed or timed out)")
                    .register(registry);
            failures.put(set.name(), c);
            meters.add(c);
        }
        roundDuration = Timer.builder("slo.round.duration").description("how long a round of evaluations took")
                .register(registry);
        skipped = Counter.builder("slo.round.skipped")
                .description("rounds not started because the previous one was still running").register(registry);
        meters.add(roundDuration);
        meters.add(skipped);
    }

    /** The {@code slo.status} value of a status. */
    public static double encode(Status status) {
        return switch (status) {
            case MET -> 0;
            case AT_RISK -> 1;
            case BREACHED -> 2;
            case NO_DATA -> -1;
            case ERROR -> -2;
        };
    }

    public void record(EvaluationRound round) {
        if (registry == null) {
            return;
        }
        roundDuration.record(round.duration());
        for (SloResult r : round.results()) {
            Holder h = holders.get(r.specId() + "/" + r.name());
            if (h != null) {
                h.status = encode(r.status());
                h.budget = r.errorBudget().map(b -> b.remaining()).orElse(Double.NaN);
            }
            if (r.status() == Status.ERROR) {
                Counter c = failures.get(r.specId());
                if (c != null) {
                    c.increment();
                }
            }
        }
    }

    public void skipped() {
        if (skipped != null) {
            skipped.increment();
        }
    }

    @Override
    public void close() {
        if (registry != null) {
            meters.forEach(registry::remove);
        }
    }
}
