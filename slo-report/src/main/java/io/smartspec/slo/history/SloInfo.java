package io.smartspec.slo.history;

import io.smartspec.slo.Objective;
import io.smartspec.slo.Priority;
import io.smartspec.slo.Slo;

import io.smartspec.slo.SloWindow;
import java.util.Objects;
import java.util.Optional;

/**
 * What a report needs to know about an SLO, as recorded in the history next to its rounds.
 *
 * @param name      the SLO's name
 * @param objective what the observed value must satisfy ({@code < 200 ms}, {@code >= 99.9 %})
 * @param priority  how urgent a breach is
 * @param window    the window (rolling or calendar) of an SLO with an error budget; empty for thresholds
 * @param ratio     whether the SLO has an error budget over its window: a ratio (events or latency), or counted
 *                  in time slices
 * @since 0.1.0
 */
public record SloInfo(String name, Objective objective, Priority priority, Optional<SloWindow> window,
                      boolean ratio) {

    public SloInfo {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(objective, "objective");
        Objects.requireNonNull(priority, "priority");
        Objects.requireNonNull(window, "window");
    }

    public static SloInfo of(Slo slo) {
        boolean ratio = slo.hasErrorBudget();
        return new SloInfo(slo.name(), slo.objective(), slo.priority(),
                ratio ? Optional.of(slo.windowOrDefault()) : Optional.empty(), ratio);
    }

    /** Whether smaller observed values are better ({@code <}, {@code <=}). */
    public boolean lowerIsBetter() {
        return objective.operator().isUpperBound();
    }
}
