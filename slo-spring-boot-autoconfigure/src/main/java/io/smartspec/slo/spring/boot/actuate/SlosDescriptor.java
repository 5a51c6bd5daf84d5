package io.smartspec.slo.spring.boot.actuate;

import io.smartspec.slo.Quantity;
import io.smartspec.slo.Slo;
import io.smartspec.slo.SloSet;
import io.smartspec.slo.Windows;
import io.smartspec.slo.evaluation.BurnRate;
import io.smartspec.slo.evaluation.ErrorBudget;
import io.smartspec.slo.evaluation.EvaluationRound;
import io.smartspec.slo.evaluation.SloResult;
import io.smartspec.slo.monitor.SloMonitor;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What {@code /actuator/slo} answers: every SLO the monitor watches, as of its latest round. Absent
 * values are {@code null} in the JSON (a value before the first round or on NO_DATA, an error budget
 * for a threshold SLO).
 *
 * @param evaluatedAt the instant of the latest round (ISO-8601), null before the first
 * @param roundsRun   rounds run so far
 * @param interval    the time between rounds ({@code 30s})
 * @param slos        every SLO, in spec order
 * @since 0.1.0
 */
public record SlosDescriptor(String evaluatedAt, long roundsRun, String interval, List<SloDescriptor> slos) {

    /** The status of an SLO that no round has evaluated yet. */
    public static final String NOT_EVALUATED = "NOT_EVALUATED";

    public SlosDescriptor {
        slos = List.copyOf(slos);
    }

    /** The monitor's SLOs as of its latest round. */
    public static SlosDescriptor of(SloMonitor monitor) {
        Optional<EvaluationRound> round = monitor.lastRound();
        List<SloDescriptor> slos = new ArrayList<>();
        for (SloSet set : monitor.sloSets()) {
            for (Slo slo : set) {
                Optional<SloResult> result = round.flatMap(r -> r.results().stream()
                        .filter(x -> x.specId().equals(set.name()) && x.name().equals(slo.name())).findFirst());
                slos.add(result.map(SloDescriptor::of).orElseGet(() -> SloDescriptor.notEvaluated(set.name(), slo)));
            }
        }
        return new SlosDescriptor(round.map(r -> r.evaluatedAt().toString()).orElse(null), monitor.roundsRun(),
                Windows.format(monitor.interval()), slos);
    }

    /** The SLO of this name, if the monitor has one. */
    public Optional<SloDescriptor> slo(String name) {
        return slos.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    /**
     * One SLO.
     *
     * @param spec        the spec (SLO set) it belongs to
     * @param name        its name (the NFR row's metric)
     * @param priority    P0..P3
     * @param status      MET, AT_RISK, BREACHED, NO_DATA, ERROR, or NOT_EVALUATED before the first round
     * @param objective   {@code < 250 ms}, {@code >= 99.9 %}
     * @param value       the observed value (the SLI as a percentage for ratio SLOs)
     * @param margin      how far inside the objective the value is: positive is headroom, negative is by how much it misses
     * @param detail      why, in words (the provider's error, the reason for no data, the alert that fired)
     * @param errorBudget the error budget over the SLO's window (ratio SLOs)
     * @param burnRates   the burn rate over each window of the policy (ratio SLOs)
     * @param evaluatedAt the instant evaluated (ISO-8601)
     */
    public record SloDescriptor(String spec, String name, String priority, String status, String objective,
                                QuantityDescriptor value, QuantityDescriptor margin, String detail,
                                ErrorBudgetDescriptor errorBudget, List<BurnRateDescriptor> burnRates,
                                String evaluatedAt) {

        public SloDescriptor {
            burnRates = List.copyOf(burnRates);
        }

        static SloDescriptor of(SloResult r) {
            return new SloDescriptor(r.specId(), r.name(), r.slo().priority().name(), r.status().name(),
                    r.objective().toString(), r.observed().map(QuantityDescriptor::of).orElse(null),
                    r.margin().map(QuantityDescriptor::of).orElse(null), r.detail(),
                    r.errorBudget().map(ErrorBudgetDescriptor::of).orElse(null),
                    r.burnRates().stream().map(BurnRateDescriptor::of).toList(), r.evaluatedAt().toString());
        }

        static SloDescriptor notEvaluated(String spec, Slo slo) {
            return new SloDescriptor(spec, slo.name(), slo.priority().name(), NOT_EVALUATED,
                    slo.objective().toString(), null, null, "the monitor has not evaluated this SLO yet", null,
                    List.of(), null);
        }
    }

    /**
     * A value with its unit.
     *
     * @param value the number, in {@code unit}
     * @param unit  the unit's symbol ({@code ms}, {@code %}, {@code /s}); empty for plain numbers
     * @param text  both, for people: {@code 41.3 ms}
     */
    public record QuantityDescriptor(double value, String unit, String text) {
        static QuantityDescriptor of(Quantity q) {
            return new QuantityDescriptor(q.value(), q.unit().symbol(), q.toString());
        }
    }

    /**
     * An error budget; shares are fractions (0.25 is a quarter).
     *
     * @param target           the target as a fraction (0.999)
     * @param totalEvents      all events in the window
     * @param badEvents        bad events in the window
     * @param allowedBadEvents bad events the budget allows
     * @param consumed         the share of the budget spent (above 1 when overspent)
     * @param remaining        the share left (negative when overspent)
     */
    public record ErrorBudgetDescriptor(double target, double totalEvents, double badEvents, double allowedBadEvents,
                                        double consumed, double remaining) {
        static ErrorBudgetDescriptor of(ErrorBudget b) {
            return new ErrorBudgetDescriptor(b.target(), b.totalEvents(), b.badEvents(), b.allowedBadEvents(),
                    b.consumed(), b.remaining());
        }
    }

    /**
     * The burn rate over one window.
     *
     * @param window     {@code 5m}, {@code 1h}
     * @param errorRatio the share of bad events in the window
     * @param rate       how fast the budget burns: 1 spends it exactly over the SLO's window
     */
    public record BurnRateDescriptor(String window, double errorRatio, double rate) {
        static BurnRateDescriptor of(BurnRate b) {
            return new BurnRateDescriptor(Windows.format(b.window()), b.errorRatio(), b.rate());
        }
    }
}
