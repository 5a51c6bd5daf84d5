package io.smartspec.slo;

import java.util.Locale;
import java.util.Optional;

/**
 * The unit of a {@link Quantity}. Every unit belongs to a {@link Dimension}; quantities are compared
 * in the canonical unit of their dimension (seconds for durations, a fraction 0..1 for ratios).
 *
 * @since 0.1.0
 */
public enum Unit {
    NANOSECONDS("ns", Dimension.DURATION, 1, 1e9),
    MICROSECONDS("us", Dimension.DURATION, 1, 1e6),
    MILLISECONDS("ms", Dimension.DURATION, 1, 1e3),
    SECONDS("s", Dimension.DURATION, 1, 1),
    MINUTES("min", Dimension.DURATION, 60, 1),
    HOURS("h", Dimension.DURATION, 3600, 1),
    /** A percentage: 99.9 % is the fraction 0.999. */
    PERCENT("%", Dimension.RATIO, 1, 100),
    /** A plain fraction 0..1 — the canonical ratio unit. */
    FRACTION("", Dimension.RATIO, 1, 1),
    /** A plain number without unit (a count, a gauge). */
    NUMBER("", Dimension.NUMBER, 1, 1),
    /** Events per second ({@code rps}, {@code /s}). */
    PER_SECOND("/s", Dimension.RATE, 1, 1),
    PER_MINUTE("/min", Dimension.RATE, 1, 60);

    /** What a unit measures. Quantities of different dimensions can never be compared. */
    public enum Dimension {
        DURATION("a duration (ns, us, ms, s, min, h)"),
        RATIO("a percentage (99.9%) or a fraction"),
        NUMBER("a plain number"),
        RATE("a rate (rps, /s, /min)");

        private final String description;

        Dimension(String description) {
            this.description = description;
        }

        /** How this dimension is written, for error messages. */
        public String description() {
            return description;
        }
    }

    private final String symbol;
    private final Dimension dimension;
    private final double multiplier;
    private final double divisor;

    // canonical = value * multiplier / divisor; dividing by 100 or 1000 keeps 99.9 % == 0.999 exactly
    Unit(String symbol, Dimension dimension, double multiplier, double divisor) {
        this.symbol = symbol;
        this.dimension = dimension;
        this.multiplier = multiplier;
        this.divisor = divisor;
    }

    public String symbol() {
        return symbol;
    }

    public Dimension dimension() {
        return dimension;
    }

    /** {@code value} in this unit, expressed in the canonical unit of its dimension. */
    public double toCanonical(double value) {
        if (divisor == 1 || !isPowerOfTen(divisor)) {
            return value * multiplier / divisor;
        }
        // decimal-exact: 99.9 % is exactly the double nearest 0.999, as 99.9 / 100 is not
        return Double.isFinite(value)
                ? java.math.BigDecimal.valueOf(value).movePointLeft(exponent(divisor)).doubleValue() * multiplier
                : value / divisor;
    }

    /** A canonical {@code value}, expressed in this unit. */
    public double fromCanonical(double value) {
        if (divisor == 1 || !isPowerOfTen(divisor)) {
            return value * divisor / multiplier;
        }
        return Double.isFinite(value)
                ? java.math.BigDecimal.valueOf(value / multiplier).movePointRight(exponent(divisor)).doubleValue()
                : value * divisor;
    }

    private static boolean isPowerOfTen(double d) {
        return d == 10 || d == 100 || d == 1e3 || d == 1e6 || d == 1e9;
    }

    private static int exponent(double powerOfTen) {
        return (int) Math.round(Math.log10(powerOfTen));
    }

    /** The canonical unit of this unit's dimension. */
    public Unit canonical() {
        return switch (dimension) {
            case DURATION -> SECONDS;
            case RATIO -> FRACTION;
            case NUMBER -> NUMBER;
            case RATE -> PER_SECOND;
        };
    }

    /** The units accepted in specs and configuration, for error messages. */
    public static final String ACCEPTED =
            "ns, us, µs, ms, s, m, min, h, %, ratio (a fraction 0..1), rps, /s, /min, or no unit";

    /**
     * Parses a unit symbol as written in a spec or a configuration file: {@code ns, us, µs, ms, s,
     * sec, seconds, m, min, minutes, h, hours, %, percent, rps, /s, req/s, /min, ""} and the
     * Micrometer base-unit names ({@code seconds, milliseconds, nanoseconds, percent, ratio}).
     */
    public static Optional<Unit> parse(String text) {
        String s = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        return Optional.ofNullable(switch (s) {
            case "ns", "nanos", "nanosecond", "nanoseconds" -> NANOSECONDS;
            case "us", "µs", "μs", "micros", "microsecond", "microseconds" -> MICROSECONDS;
            case "ms", "millis", "millisecond", "milliseconds" -> MILLISECONDS;
            case "s", "sec", "secs", "second", "seconds" -> SECONDS;
            case "m", "min", "mins", "minute", "minutes" -> MINUTES;
            case "h", "hr", "hrs", "hour", "hours" -> HOURS;
            case "%", "pct", "percent" -> PERCENT;
            case "ratio", "fraction" -> FRACTION;
            case "", "number", "count", "none" -> NUMBER;
            case "rps", "/s", "req/s", "r/s", "qps", "ops/s", "per_second", "persecond" -> PER_SECOND;
            case "/min", "rpm", "req/min", "per_minute" -> PER_MINUTE;
            default -> null;
        });
    }

    @Override
    public String toString() {
        return symbol.isEmpty() ? name().toLowerCase(Locale.ROOT) : symbol;
    }
}
