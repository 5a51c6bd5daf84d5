package io.smartspec.slo;

import java.util.Optional;

/**
 * How an observed value is compared with its objective.
 *
 * @since 0.1.0
 */
public enum Operator {
    LESS_THAN("<"),
    LESS_THAN_OR_EQUAL("<="),
    GREATER_THAN(">"),
    GREATER_THAN_OR_EQUAL(">=");

    /** The operators accepted in a spec, for error messages. */
    public static final String ACCEPTED = "<, <=, ≤, >, >=, ≥";

    private final String symbol;

    Operator(String symbol) {
        this.symbol = symbol;
    }

    public String symbol() {
        return symbol;
    }

    /** Parses {@code <, <=, ≤, >, >=, ≥} (also {@code lt, le, lte, gt, ge, gte}). */
    public static Optional<Operator> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(switch (text.trim()) {
            case "<", "lt" -> LESS_THAN;
            case "<=", "≤", "=<", "le", "lte" -> LESS_THAN_OR_EQUAL;
            case ">", "gt" -> GREATER_THAN;
            case ">=", "≥", "=>", "ge", "gte" -> GREATER_THAN_OR_EQUAL;
            default -> null;
        });
    }

    /** Whether {@code observed OP bound} holds, in canonical units. */
    public boolean test(double observed, double bound) {
        return switch (this) {
            case LESS_THAN -> observed < bound;
            case LESS_THAN_OR_EQUAL -> observed <= bound;
            case GREATER_THAN -> observed > bound;
            case GREATER_THAN_OR_EQUAL -> observed >= bound;
        };
    }

    /** True for {@code <} and {@code <=}: smaller observed values are better. */
    public boolean isUpperBound() {
        return this == LESS_THAN || this == LESS_THAN_OR_EQUAL;
    }

    @Override
    public String toString() {
        return symbol;
    }
}
