package io.smartspec.slo.datadog;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * How the points of a query's window become one value, set per metric with {@code aggregation:} in
 * {@code observability.yaml}. Without it the value is the last non-null point, and a query that
 * returns several series is an error; with it the points of all series are pooled.
 *
 * @since 0.1.0
 */
public enum Aggregation {
    /** The most recent non-null point. */
    LAST,
    /** The mean of the non-null points. */
    AVG,
    /** The largest non-null point. */
    MAX,
    /** The smallest non-null point. */
    MIN,
    /** The sum of the non-null points (counts, e.g. {@code sum:requests{*}.as_count()}). */
    SUM;

    /** The values accepted in {@code aggregation:}, for error messages. */
    public static String accepted() {
        return Arrays.stream(values()).map(Aggregation::key).collect(Collectors.joining(", "));
    }

    /** How it is written in {@code observability.yaml}: {@code last}, {@code avg}, ... */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code last, avg, max, min, sum} (also {@code mean}, {@code average}), case-insensitively. */
    public static Optional<Aggregation> parse(String text) {
        String s = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        return Optional.ofNullable(switch (s) {
            case "last" -> LAST;
            case "avg", "mean", "average" -> AVG;
            case "max" -> MAX;
            case "min" -> MIN;
            case "sum" -> SUM;
            default -> null;
        });
    }

    /** Reduces values (at least one) in time order. */
    public double reduce(double[] values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("no values to aggregate");
        }
        return switch (this) {
            case LAST -> values[values.length - 1];
            case AVG -> Arrays.stream(values).average().orElseThrow();
            case MAX -> Arrays.stream(values).max().orElseThrow();
            case MIN -> Arrays.stream(values).min().orElseThrow();
            case SUM -> Arrays.stream(values).sum();
        };
    }
}
