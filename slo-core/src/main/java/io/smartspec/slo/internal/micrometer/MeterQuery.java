package io.smartspec.slo.internal.micrometer;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A parsed Micrometer query: one meter selector with a statistic, or a ratio of two selectors.
 * See {@link MeterQueryParser} for the syntax.
 *
 * @param numerator   the selector (or the numerator of a ratio)
 * @param denominator the denominator of a ratio
 * @param statistic   the statistic read from the numerator (absent: the meter type's default)
 * @param window      the {@code [5m]} suffix of a rate or a ratio
 * @param text        the query as written
 */
public record MeterQuery(MeterSelector numerator, Optional<MeterSelector> denominator,
                         Optional<Statistic> statistic, Optional<Duration> window, String text) {

    /** The default window of {@code rate}. */
    public static final Duration DEFAULT_RATE_WINDOW = Duration.ofMinutes(1);
    /** The default window of a ratio {@code a / b} read as a value. */
    public static final Duration DEFAULT_RATIO_WINDOW = Duration.ofMinutes(5);

    public MeterQuery {
        Objects.requireNonNull(numerator, "numerator");
        Objects.requireNonNull(denominator, "denominator");
        Objects.requireNonNull(statistic, "statistic");
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(text, "text");
    }

    public boolean isRatio() {
        return denominator.isPresent();
    }

    /** What is read from a meter. */
    public enum Kind { COUNT, TOTAL, MEAN, MAX, VALUE, RATE, PERCENTILE }

    /** A statistic: {@code count}, {@code mean}, {@code p99}, ... */
    public record Statistic(Kind kind, double percentile) {
        public static Statistic of(Kind kind) {
            return new Statistic(kind, Double.NaN);
        }

        public static Statistic percentile(double percentile) {
            return new Statistic(Kind.PERCENTILE, percentile);
        }

        /** {@code p99}, {@code p99.9}, {@code mean}. */
        @Override
        public String toString() {
            if (kind == Kind.PERCENTILE) {
                return "p" + io.smartspec.slo.Quantity.formatNumber(percentile * 100);
            }
            return kind.name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** The statistics accepted, for error messages. */
    public static final String STATISTICS = "p50..p99.9 (any pNN or pNN.N), mean, max, count, total, rate, value";

    /** The syntax, for error messages. */
    public static final String SYNTAX = "<meter>{tag=value,tag!=value} [statistic] [window], or "
            + "<meter>{...} / <meter>{...} [window]; e.g. 'http.server.requests{uri=/checkout} p99', "
            + "'checkout.errors / checkout.requests [5m]'";

    /** The selectors of this query. */
    public List<MeterSelector> selectors() {
        return denominator.map(d -> List.of(numerator, d)).orElse(List.of(numerator));
    }
}
