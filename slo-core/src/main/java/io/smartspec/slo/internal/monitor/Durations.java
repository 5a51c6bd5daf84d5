package io.smartspec.slo.internal.monitor;

import java.time.Duration;

/** Formats durations for messages: {@code 5s}, {@code 250ms}, {@code 2m}, {@code 3d}. */
public final class Durations {

    private Durations() {
    }

    public static String format(Duration d) {
        long millis = d.toMillis();
        if (millis % 1000 == 0) {
            return io.smartspec.slo.Windows.format(d);
        }
        return millis + "ms";
    }
}
