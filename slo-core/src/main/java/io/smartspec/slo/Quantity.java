package io.smartspec.slo;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A number with a {@link Unit}: {@code 200 ms}, {@code 99.9 %}, {@code 1000 /s}. Immutable.
 * Comparisons use {@link #canonicalValue()}: seconds for durations, a fraction 0..1 for ratios.
 *
 * @param value the number as written
 * @param unit  its unit
 * @since 0.1.0
 */
public record Quantity(double value, Unit unit) implements Comparable<Quantity> {

    private static final Pattern QUANTITY =
            Pattern.compile("^([+-]?(?:\\d+(?:[.,]\\d*)?|[.,]\\d+)(?:[eE][+-]?\\d+)?)\\s*([^\\d\\s].*)?$");

    public Quantity {
        Objects.requireNonNull(unit, "unit");
    }

    public static Quantity of(double value, Unit unit) {
        return new Quantity(value, unit);
    }

    /** {@code percent(99.9)} is 99.9 %, i.e. the fraction 0.999. */
    public static Quantity percent(double value) {
        return new Quantity(value, Unit.PERCENT);
    }

    public static Quantity millis(double value) {
        return new Quantity(value, Unit.MILLISECONDS);
    }

    public static Quantity seconds(double value) {
        return new Quantity(value, Unit.SECONDS);
    }

    public static Quantity number(double value) {
        return new Quantity(value, Unit.NUMBER);
    }

    public static Quantity perSecond(double value) {
        return new Quantity(value, Unit.PER_SECOND);
    }

    public static Quantity fraction(double value) {
        return new Quantity(value, Unit.FRACTION);
    }

    /** A duration as a quantity in milliseconds (or seconds when it is a whole number of seconds). */
    public static Quantity of(Duration duration) {
        long nanos = duration.toNanos();
        if (nanos % 1_000_000_000L == 0) {
            return seconds(nanos / 1e9);
        }
        return millis(nanos / 1e6);
    }

    /**
     * Parses {@code 200ms}, {@code 0.2 s}, {@code 99.9 %}, {@code 1000 rps}, {@code 42}.
     *
     * @throws IllegalArgumentException with a message that says what would be accepted
     */
    public static Quantity parse(String text) {
        String s = text == null ? "" : text.trim();
        Matcher m = QUANTITY.matcher(s);
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + s + "' is not a number with a unit (e.g. 200ms, 99.9%, 1000 rps)");
        }
        String number = m.group(1).replace(',', '.');
        String unitText = m.group(2) == null ? "" : m.group(2).trim();
        Unit unit = Unit.parse(unitText).orElseThrow(() -> new IllegalArgumentException(
                "unit '" + unitText + "' in '" + s + "' is unknown; accepted: " + Unit.ACCEPTED));
        return new Quantity(Double.parseDouble(number), unit);
    }

    /** The value in the canonical unit of its dimension (seconds, fraction, number, per second). */
    public double canonicalValue() {
        return unit.toCanonical(value);
    }

    public Unit.Dimension dimension() {
        return unit.dimension();
    }

    /** This quantity expressed in another unit of the same dimension. */
    public Quantity to(Unit target) {
        requireSameDimension(target);
        if (target == unit) {
            return this;
        }
        return new Quantity(target.fromCanonical(canonicalValue()), target);
    }

    /** Whether the two quantities can be compared (same dimension, or a plain number and a ratio). */
    public boolean isComparableWith(Quantity other) {
        return dimension() == other.dimension();
    }

    @Override
    public int compareTo(Quantity other) {
        if (!isComparableWith(other)) {
            throw new IllegalArgumentException("cannot compare " + this + " (" + dimension().description()
                    + ") with " + other + " (" + other.dimension().description() + ")");
        }
        return Double.compare(canonicalValue(), other.canonicalValue());
    }

    /** {@code this - other}, in this quantity's unit. */
    public Quantity minus(Quantity other) {
        if (!isComparableWith(other)) {
            throw new IllegalArgumentException("cannot subtract " + other + " from " + this);
        }
        return new Quantity(unit.fromCanonical(canonicalValue() - other.canonicalValue()), unit);
    }

    public Quantity abs() {
        return value < 0 ? new Quantity(-value, unit) : this;
    }

    public boolean isFinite() {
        return Double.isFinite(value);
    }

    private void requireSameDimension(Unit target) {
        if (target.dimension() != unit.dimension()) {
            throw new IllegalArgumentException("cannot convert " + this + " to " + target);
        }
    }

    /** {@code 200 ms}, {@code 99.9 %}, {@code 0.25} — at most four significant decimals, no trailing zeros. */
    @Override
    public String toString() {
        String number = formatNumber(value);
        if (unit == Unit.NUMBER || unit == Unit.FRACTION) {
            return number;
        }
        return number + " " + unit.symbol();
    }

    /** Formats a number for humans: up to four decimals, no trailing zeros, no exponent. */
    public static String formatNumber(double value) {
        if (!Double.isFinite(value)) {
            return Double.toString(value);
        }
        double rounded = Math.abs(value) >= 1 ? Math.round(value * 10_000d) / 10_000d : value;
        BigDecimal bd = new BigDecimal(Double.toString(rounded));
        if (Math.abs(value) < 1 && value != 0) {
            bd = bd.round(new java.math.MathContext(4));
        }
        String s = bd.stripTrailingZeros().toPlainString();
        return s.equals("-0") ? "0" : s;
    }
}
