package io.smartspec.slo.remediation;

import io.smartspec.slo.Priority;
import io.smartspec.slo.Quantity;
import io.smartspec.slo.Slo;
import io.smartspec.slo.evaluation.EvaluationRound;
import io.smartspec.slo.evaluation.SloResult;
import io.smartspec.slo.evaluation.Status;
import io.smartspec.slo.incident.store.Incident;
import io.smartspec.slo.incident.store.Incidents;
import io.smartspec.slo.incident.store.TimelineEntry;
import io.smartspec.slo.monitor.SloEvent;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The SLO {@code checkout/checkout-errors} ({@code error rate < 1%}, P1) as the monitor reports it: results,
 * rounds and events at {@code T0 + minutes}, fed to a remediation as the monitor feeds it (incidents first).
 */
final class Fixtures {

    static final String SPEC = "checkout";
    static final String SLO = "checkout-errors";
    static final String KEY = SPEC + "/" + SLO;
    static final Instant T0 = Instant.parse("2026-11-29T10:00:00Z");
    static final Duration WAIT = Duration.ofSeconds(30);

    private Fixtures() {
    }

    static Slo slo(Priority priority) {
        return Slo.named(SLO).metric("checkout_error_rate", "error-rate").below(Quantity.percent(1))
                .priority(priority).build();
    }

    static Instant at(double minutes) {
        return T0.plusMillis(Math.round(minutes * 60_000));
    }

    static SloResult result(Status status, double minutes) {
        Instant at = at(minutes);
        if (status.isUnknown()) {
            return SloResult.unknown(SPEC, slo(Priority.P1), status, status == Status.NO_DATA ? "no series"
                    : "connection refused", at, "test", "error-rate");
        }
        double value = status == Status.BREACHED ? 12.5 : 0.2;
        return new SloResult(SPEC, slo(Priority.P1), status, Optional.of(Quantity.percent(value)),
                Optional.of(Quantity.percent(1 - value)), "", Optional.empty(), List.of(), List.of(), at, "test",
                "error-rate");
    }

    static EvaluationRound round(Status status, double minutes) {
        return new EvaluationRound(at(minutes), List.of(result(status, minutes)), Duration.ofMillis(5));
    }

    static SloEvent breach(double sinceMinutes, double minutes) {
        return new SloEvent(SloEvent.Kind.BREACH, result(Status.BREACHED, minutes), at(sinceMinutes), at(minutes));
    }

    static SloEvent recovery(double sinceMinutes, double minutes) {
        return new SloEvent(SloEvent.Kind.RECOVERY, result(Status.MET, minutes), at(sinceMinutes), at(minutes));
    }

    /** Feeds an event as the monitor does: the incidents hear it, then the remediation; waits for its decision. */
    static void feed(Incidents incidents, Remediation remediation, SloEvent e) {
        incidents.onEvent(e);
        remediation.onEvent(e);
        remediation.onRound(new EvaluationRound(e.occurredAt(), List.of(e.result()), Duration.ofMillis(5)));
        idle(remediation);
    }

    static void feed(Remediation remediation, EvaluationRound round) {
        remediation.onRound(round);
        idle(remediation);
    }

    static void idle(Remediation remediation) {
        if (!remediation.awaitIdle(WAIT)) {
            throw new AssertionError("remediation still busy after " + WAIT);
        }
    }

    /** The texts of the remediation's entries (remediation and escalated) in the key's latest incident. */
    static List<String> remediationTexts(Incidents incidents) {
        return entries(incidents).stream().map(e -> e.kind().id() + ": " + e.text()).toList();
    }

    static List<TimelineEntry> entries(Incidents incidents) {
        return incidents.find(KEY).map(Incident::timeline).orElse(List.of()).stream()
                .filter(e -> e.actor().equals(Remediation.ACTOR)).toList();
    }

    /** Every kind in the key's latest incident, oldest first: {@code breach, remediation, ...}. */
    static List<String> kinds(Incidents incidents) {
        return incidents.find(KEY).map(Incident::timeline).orElse(List.of()).stream()
                .filter(e -> e.kind() != TimelineEntry.Kind.DELIVERY).map(e -> e.kind().id()).toList();
    }

    /** A Java action that counts its runs. */
    static final class Counting implements RemediationAction {
        final java.util.concurrent.atomic.AtomicInteger runs = new java.util.concurrent.atomic.AtomicInteger();

        @Override
        public ActionResult run(ActionRequest request) {
            runs.incrementAndGet();
            return ActionResult.ok("healed " + request.event().dedupKey());
        }

        @Override
        public String describe() {
            return "counting action";
        }
    }
}
