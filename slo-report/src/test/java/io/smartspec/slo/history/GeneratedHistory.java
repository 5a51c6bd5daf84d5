package io.smartspec.slo.history;

import io.smartspec.slo.evaluation.ErrorBudget;
import io.smartspec.slo.evaluation.EvaluationRound;
import io.smartspec.slo.Priority;
import io.smartspec.slo.Quantity;
import io.smartspec.slo.Slo;
import io.smartspec.slo.evaluation.SloResult;
import io.smartspec.slo.evaluation.Status;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static io.smartspec.slo.Slo.good;
import static io.smartspec.slo.Slo.total;

/**
 * A day of one-minute rounds with known breaches, whose figures are computed by hand in the tests:
 * <ul>
 *   <li>{@code p99} ({@code < 200 ms}, P1): 150 ms, except 10:00-10:29 (30 rounds, 250 ms, 400 ms at
 *       10:15) and 22:00-22:09 (10 rounds, 300 ms) — 40 of 1440 rounds breached;</li>
 *   <li>{@code availability} ({@code >= 99.9 %} over 30d, P0): always met; bad events grow from 200 to
 *       600 of 1,000,000, so the budget left falls from 80% to 40%;</li>
 *   <li>{@code queue-depth} ({@code < 100}, P3): never any data.</li>
 * </ul>
 */
public final class GeneratedHistory {

    public static final String SPEC = "checkout";

    public static final Slo P99 = Slo.named("p99").metric("api_latency_p99").below(Duration.ofMillis(200))
            .priority(Priority.P1).build();
    public static final Slo AVAILABILITY = Slo.named("availability")
            .ratio(good("good{{window}}"), total("total{{window}}")).target(Quantity.percent(99.9))
            .over(Duration.ofDays(30)).priority(Priority.P0).build();
    public static final Slo QUEUE = Slo.named("queue-depth").metric("queue_depth").below(Quantity.number(100))
            .priority(Priority.P3).build();

    private GeneratedHistory() {
    }

    /** The day with breaches, starting at {@code dayStart}. */
    public static void breachDay(SloHistory history, Instant dayStart) {
        for (int i = 0; i < 1440; i++) {
            Instant at = dayStart.plus(Duration.ofMinutes(i));
            double p99 = 150;
            if (i >= 600 && i < 630) {
                p99 = i == 615 ? 400 : 250;
            } else if (i >= 1320 && i < 1330) {
                p99 = 300;
            }
            double bad = 200 + 400.0 * i / 1439;
            history.append(round(at, p99, bad));
        }
    }

    /** A quiet day: p99 always 150 ms, availability budget at 90%. */
    public static void quietDay(SloHistory history, Instant dayStart) {
        for (int i = 0; i < 1440; i++) {
            history.append(round(dayStart.plus(Duration.ofMinutes(i)), 150, 100));
        }
    }

    public static EvaluationRound round(Instant at, double p99Millis, double badEvents) {
        List<SloResult> results = new ArrayList<>();
        Status p99Status = p99Millis < 200 ? Status.MET : Status.BREACHED;
        results.add(new SloResult(SPEC, P99, p99Status, Optional.of(Quantity.millis(p99Millis)),
                Optional.of(Quantity.millis(200 - p99Millis)), "", Optional.empty(), List.of(), List.of(), at, "test",
                "api_latency_p99"));
        ErrorBudget budget = ErrorBudget.of(0.999, 1_000_000, badEvents);
        results.add(new SloResult(SPEC, AVAILABILITY, Status.MET, Optional.of(Quantity.percent(budget.sli() * 100)),
                Optional.of(Quantity.percent((budget.sli() - 0.999) * 100)), "", Optional.of(budget), List.of(),
                List.of(), at, "test", "good30d"));
        results.add(SloResult.unknown(SPEC, QUEUE, Status.NO_DATA, "no series", at, "test", "queue_depth"));
        return new EvaluationRound(at, results, Duration.ofMillis(3));
    }
}
