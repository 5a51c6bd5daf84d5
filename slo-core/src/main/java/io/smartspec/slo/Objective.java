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

    /** {@code < 200 ms}. */
    @Override
    public String toString() {
        return operator.symbol() + " " + bound;
    }
}
