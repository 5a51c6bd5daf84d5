package io.smartspec.slo;

import java.util.Objects;

/**
 * What the observed value must satisfy: {@code < 200 ms}, {@code >= 99.9 %}. For ratio
 * indicators the objective is the target share of good events ({@code >= 99.9 %}).
 *
 * @since 0.1.0
 */
public record Objective(Operator operator, Quantity bound) {

    public Objective {
        Objects.requireNonNull(operator, "operator");
        Objects.requireNonNull(bound, "bound");
    }

    public static Objective of(Operator operator, Quantity bound) {
        return new Objective(operator, bound);
    }

    /** {@code >= percent}: the objective of ratio SLOs. */
    public static Objective atLeast(Quantity target) {
        return new Objective(Operator.GREATER_THAN_OR_EQUAL, target);
    }

    /**
     * Parses {@code < 200ms}, {@code <=0.2 s}, {@code ≥ 99.9%}, {@code > 1000 rps}.
     *
     * @throws IllegalArgumentException saying what would be accepted
     */
    public static Objective parse(String text) {
        String s = text == null ? "" : text.trim();
        int i = 0;
        while (i < s.length() && "<>=≤≥".indexOf(s.charAt(i)) >= 0) {
            i++;
        }
        String op = s.substring(0, i);
        if (op.isEmpty()) {
            throw new IllegalArgumentException("'" + s + "' has no comparison; expected one of "
                    + Operator.ACCEPTED + " followed by a number with a unit (e.g. < 200ms, > 99.9%)");
        }
        Operator operator = Operator.parse(op).orElseThrow(() -> new IllegalArgumentException(
                "comparison '" + op + "' in '" + s + "' is unknown; expected one of " + Operator.ACCEPTED));
        String rest = s.substring(i).trim();
        if (rest.isEmpty()) {
            throw new IllegalArgumentException("'" + s + "' has no value after '" + op
                    + "'; expected a number with a unit (e.g. 200ms, 99.9%, 1000 rps)");
        }
        return new Objective(operator, Quantity.parse(rest));
    }

    /** Whether an observed value meets this objective (same dimension required). */
    public boolean isMetBy(Quantity observed) {
        if (!observed.isComparableWith(bound)) {
            throw new IllegalArgumentException("cannot compare " + observed + " (" + observed.dimension().description()
                    + ") with the objective " + this + " (" + bound.dimension().description() + ")");
        }
        return operator.test(observed.canonicalValue(), bound.canonicalValue());
    }

    /**
     * Why this objective can never be met or never be missed, if so: {@code > 100 %}, {@code < 0 s},
     * {@code >= 0 %}, {@code <= 100 %}. Durations, ratios (0..100 %) and rates cannot be negative and
     * ratios cannot exceed 100 %; plain numbers (a gauge) may be anything.
     *
     * @since 0.1.0
     */
    public java.util.Optional<String> impossibility() {
        Unit.Dimension d = bound.dimension();
        if (d == Unit.Dimension.NUMBER || !bound.isFinite()) {
            return java.util.Optional.empty();
        }
        double b = bound.canonicalValue();
        boolean ratio = d == Unit.Dimension.RATIO;
        String range = ratio ? "a share is between 0 % and 100 %" : d == Unit.Dimension.DURATION
                ? "a duration is never negative" : "a rate is never negative";
        String never = null;
        switch (operator) {
            case LESS_THAN -> never = b <= 0 ? "can never be met" : ratio && b > 1 ? "can never be missed" : null;
            case LESS_THAN_OR_EQUAL -> never = b < 0 ? "can never be met" : ratio && b >= 1 ? "can never be missed"
                    : null;
            case GREATER_THAN -> never = b < 0 ? "can never be missed" : ratio && b >= 1 ? "can never be met" : null;
            case GREATER_THAN_OR_EQUAL -> never = b <= 0 ? "can never be missed" : ratio && b > 1
                    ? "can never be met" : null;
        }
        return java.util.Optional.ofNullable(never).map(n -> this + " " + n + " (" + range + ")");
    }

    /** {@code < 200 ms}. */
    @Override
    public String toString() {
        return operator.symbol() + " " + bound;
    }
}
