package io.smartspec.slo.junit.internal;

import io.micrometer.core.instrument.MeterRegistry;
import io.smartspec.slo.MetricSource;

/** The Micrometer metric source of the spec-driven form. */
final class MicrometerSources {

    private MicrometerSources() {
    }

    static MetricSource of(MeterRegistry registry) {
        throw new UnsupportedOperationException("MicrometerSource has not landed yet");
    }
}
