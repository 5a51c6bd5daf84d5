package io.smartspec.slo;

import java.util.Optional;

/**
 * What the plain numbers of a {@link io.smartspec.slo.source.MetricSource} mean — a number that
 * arrives without a unit. Each source states its convention; the objective's unit is never adopted
 * silently. A metric's declared {@code unit:} always wins over a convention.
 *
 * <ul>
 *   <li>{@link #BASE_UNITS} (Prometheus): seconds, ratios as fractions 0..1, rates per second;</li>
 *   <li>{@link #SERIES_METADATA} (Datadog): the unit the provider keeps for the series, when there
 *       is one; else the metric's {@code unit:};</li>
 *   <li>{@link #EXACT} (Micrometer): values carry their unit (timers in seconds, a meter's base
 *       unit); a meter without one needs the metric's {@code unit:};</li>
 *   <li>{@link #DECLARED} (any other source): a plain number needs the metric's {@code unit:}.</li>
 * </ul>
 *
 * @since 0.1.0
 */
public enum UnitConvention {
    /** Prometheus's convention: plain numbers are in base units (seconds, fractions 0..1, per second). */
    BASE_UNITS("plain numbers are base units: seconds, ratios as fractions 0..1, rates per second"),
    /** Datadog: the series' unit metadata when present, else the metric's declared {@code unit:}. */
    SERIES_METADATA("the series' unit metadata when present, else the metric's unit:"),
    /** Micrometer: every value carries its unit; one without a unit needs the metric's {@code unit:}. */
    EXACT("values carry their unit (timers in seconds, a meter's base unit)"),
    /** Nothing assumed: a plain number needs the metric's declared {@code unit:}. */
    DECLARED("a plain number needs the metric's unit:");

    private final String description;

    UnitConvention(String description) {
        this.description = description;
    }

    /** The convention in words, for messages. */
    public String description() {
        return description;
    }

    /** The unit a plain number has when compared with a quantity of {@code dimension}, if the convention says. */
    public Optional<Unit> plainNumberUnit(Unit.Dimension dimension) {
        if (this != BASE_UNITS) {
            return Optional.empty();
        }
        return Optional.ofNullable(switch (dimension) {
            case DURATION -> Unit.SECONDS;
            case RATIO -> Unit.FRACTION;
            case RATE -> Unit.PER_SECOND;
            case NUMBER -> null;
        });
    }

    /**
     * Whether a metric that declares no {@code unit:} has its unit decided by this convention rather than
     * by the values themselves (worth a warning: declare the unit).
     */
    public boolean isConvention() {
        return this == BASE_UNITS || this == SERIES_METADATA;
    }

    /** Examples of {@code unit:} for a dimension, for messages: {@code unit: ms or unit: s}. */
    public static String unitExamples(Unit.Dimension dimension) {
        return switch (dimension) {
            case DURATION -> "unit: s or unit: ms";
            case RATIO -> "unit: ratio (a fraction 0..1) or unit: % (0..100)";
            case RATE -> "unit: /s or unit: /min";
            case NUMBER -> "unit: number";
        };
    }
}
