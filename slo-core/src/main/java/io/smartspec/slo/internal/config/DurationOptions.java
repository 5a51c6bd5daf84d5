package io.smartspec.slo.internal.config;

import io.smartspec.slo.Quantity;
import io.smartspec.slo.Unit;
import io.smartspec.slo.Windows;

import java.time.Duration;

/**
 * Durations kept as text in {@link io.smartspec.slo.config.ObservabilityConfig#options()}: the reader writes
 * them in a form every provider parses ({@code 2m}, {@code 30s}, {@code 250ms}), and the monitor reads
 * them back, also when a config made in code wrote {@code 1.5s} or {@code 2min}.
 */
public final class DurationOptions {

    private DurationOptions() {
    }

    /**
     * {@code 2m}, {@code 90s}, {@code 1h} for whole seconds ({@link Windows#format}); else milliseconds
     * ({@code 250ms}, at least {@code 1ms} for a positive duration); {@code 0s} for zero.
     */
    public static String format(Duration d) {
        if (d.isZero()) {
            return "0s";
        }
        if (d.getNano() == 0) {
            return Windows.format(d);
        }
        return Math.max(1, d.toMillis()) + "ms";
    }

    /**
     * Parses {@code 250ms}, a window ({@code 5m}, {@code 1d}) or any duration quantity ({@code 1.5s},
     * {@code 2min}); zero is accepted, negative values are not.
     *
     * @throws IllegalArgumentException when the text is none of these
     */
    public static Duration parse(String text) {
        String s = text.trim();
        try {
            return Windows.parse(s);
        } catch (IllegalArgumentException notAWindow) {
            Quantity q = Quantity.parse(s);
            if (q.dimension() != Unit.Dimension.DURATION || q.value() < 0) {
                throw new IllegalArgumentException("'" + s + "' is not a duration");
            }
            return Duration.ofNanos(Math.round(q.canonicalValue() * 1e9));
        }
    }
}
