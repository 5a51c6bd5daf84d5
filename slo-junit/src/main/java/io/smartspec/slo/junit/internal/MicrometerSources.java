package io.smartspec.slo.junit.internal;

import io.micrometer.core.instrument.MeterRegistry;
import io.smartspec.slo.MetricSource;

/** The Micrometer metric source of the spec-driven form. */
public final class MicrometerSources {

    private MicrometerSources() {
    }

    public static MetricSource of(MeterRegistry registry) {
        throw new UnsupportedOperationException("MicrometerSource has not landed yet");
    }
}
