package io.smartspec.slo.evaluation;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Computed numbers without floating-point noise, so results print and serialise as the numbers they
 * are ({@code 0.1}, not {@code 0.10000000000000009}; {@code 0}, not {@code -0.0000000000000222}).
 */
final class Numbers {

    private Numbers() {
    }

    /** {@code a - b} without the noise of the subtraction: digits under the 12th significant one of the operands go. */
    static double difference(double a, double b) {
        double d = a - b;
        double scale = Math.max(Math.abs(a), Math.abs(b));
        if (!Double.isFinite(d) || scale == 0) {
            return d;
        }
        int decimals = 11 - (int) Math.floor(Math.log10(scale));
        double rounded = BigDecimal.valueOf(d).setScale(decimals, RoundingMode.HALF_EVEN)
                .doubleValue();
        return rounded == 0 ? 0 : rounded; // no -0
    }

    /** A computed value to 12 significant digits: 99.95 rather than 99.94999999999999. */
    static double significant(double value) {
        if (!Double.isFinite(value) || value == 0) {
            return value;
        }
        return new BigDecimal(value).round(new MathContext(12)).doubleValue();
    }

}
