package io.smartspec.slo.evaluation;

import io.smartspec.slo.Objective;
import io.smartspec.slo.Quantity;
import io.smartspec.slo.Slo;
import io.smartspec.slo.SloWindow;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of evaluating one SLO once.
 *
 * @param specId      the spec (SLO set) the SLO belongs to
 * @param slo         the SLO
 * @param status      MET, AT_RISK, BREACHED, NO_DATA or ERROR
 * @param observed    the observed value in its unit (the SLI as a percentage for ratio SLOs)
 * @param margin      how far inside the objective the observed value is: positive is headroom,
 *                    negative is by how much it misses, in the objective's unit
 * @param detail      why, in words: the provider's error, the reason for no data, what fired
 * @param errorBudget the error budget over the SLO's window (ratio SLOs)
 * @param burnRates   the burn rate over each window of the policy (ratio SLOs)
 * @param firing      the burn-rate alerts that fire (ratio SLOs)
 * @param evaluatedAt the instant evaluated
 * @param source      the metric source's name
 * @param query       the query that was sent (the events query over the SLO window, for ratios)
 * @since 0.1.0
 */
public record SloResult(String specId, Slo slo, Status status, Optional<Quantity> observed, Optional<Quantity> margin,
                        String detail, Optional<ErrorBudget> errorBudget, List<BurnRate> burnRates,
                        List<BurnRatePolicy.Alert> firing, Instant evaluatedAt, String source, String query) {

    public SloResult {
        Objects.requireNonNull(specId, "specId");
        Objects.requireNonNull(slo, "slo");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(observed, "observed");
        Objects.requireNonNull(margin, "margin");
        Objects.requireNonNull(detail, "detail");
        Objects.requireNonNull(errorBudget, "errorBudget");
        burnRates = List.copyOf(burnRates);
        firing = List.copyOf(firing);
        Objects.requireNonNull(evaluatedAt, "evaluatedAt");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(query, "query");
    }

    /** A result without a value: NO_DATA or ERROR. */
    public static SloResult unknown(String specId, Slo slo, Status status, String detail, Instant at, String source,
                                    String query) {
        return new SloResult(specId, slo, status, Optional.empty(), Optional.empty(), detail, Optional.empty(),
                List.of(), List.of(), at, source, query);
    }

    public String name() {
        return slo.name();
    }

    public Objective objective() {
        return slo.objective();
    }

    /**
     * The window the SLI and budget were counted over, for SLOs with an error budget: {@code 30d}, or
     * {@code calendar month (Europe/Berlin), since 2026-11-01} (the period of {@link #evaluatedAt()}).
     *
     * @since 0.1.0
     */
    public Optional<String> window() {
        if (!slo.hasErrorBudget()) {
            return Optional.empty();
        }
        SloWindow w = slo.windowOrDefault();
        return Optional.of(w instanceof SloWindow.Calendar c ? c.describeAt(evaluatedAt) : w.describe());
    }

    /**
     * The objective in full where it needs more than {@link #objective()}: {@code >= 99 % of 1m slices with
     * api_latency_p99 < 200 ms over calendar month (Europe/Berlin), since 2026-11-01}; for other SLOs the objective.
     *
     * @since 0.1.0
     */
    public String objectiveInFull() {
        StringBuilder s = new StringBuilder(slo.objective().toString());
        slo.timeslices().ifPresent(t -> s.append(" of ").append(t.describe(slo.metric())));
        if (slo.budgeting() instanceof io.smartspec.slo.Budgeting.RatioTimeslices r) {
            s.append(" (mean of ").append(io.smartspec.slo.Windows.format(r.slice())).append(" slices)");
        }
        if (slo.window().orElse(null) instanceof SloWindow.Calendar) {
            window().ifPresent(w -> s.append(" over ").append(w));
        }
        return s.toString();
    }

    /** The fastest burn rate over the policy's windows, if any was measured. */
    public Optional<BurnRate> fastestBurn() {
        return burnRates.stream().max(java.util.Comparator.comparingDouble(BurnRate::rate));
    }

    /**
     * The margin in words: {@code over by 13.4 ms} (above an upper bound), {@code short by 0.05 %} (below
     * a lower bound), {@code at the bound} (missed by equality), or {@code headroom 50 ms}.
     *
     * @since 0.1.0
     */
    public Optional<String> marginInWords() {
        return margin.map(m -> {
            if (m.value() < 0) {
                return (slo.objective().operator().isUpperBound() ? "over by " : "short by ") + m.abs();
            }
            if (m.value() == 0 && !slo.objective().isMetBy(slo.objective().bound())) {
                return "at the bound";
            }
            return "headroom " + m;
        });
    }

    /**
     * {@code checkout-p99: BREACHED — api_latency_p99 = 213.4 ms, objective < 200 ms (over by 13.4 ms)}.
     */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder(slo.name()).append(": ").append(status);
        if (observed.isPresent()) {
            s.append(" — ").append(slo.metric()).append(" = ").append(observed.get())
                    .append(", objective ").append(slo.objective());
            marginInWords().ifPresent(m -> s.append(" (").append(m).append(")"));
        }
        if (!detail.isEmpty()) {
            s.append(observed.isPresent() ? "; " : " — ").append(detail);
        }
        return s.toString();
    }
}
