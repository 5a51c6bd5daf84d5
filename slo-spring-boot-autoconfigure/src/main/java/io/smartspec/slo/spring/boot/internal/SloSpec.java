package io.smartspec.slo.spring.boot.internal;

import io.smartspec.slo.SloSet;
import io.smartspec.slo.config.ObservabilityConfig;

import java.util.Objects;

/**
 * The spec an application monitors, loaded from its Spring resources and checked: the SLOs (named by
 * the spec id), the observability configuration and the resolved monitor settings.
 *
 * @param location the spec as configured ({@code classpath:spec.md}), for messages
 * @param slos     the SLOs, as a set named by the spec id
 * @param config   the observability.yaml
 * @param settings the monitor settings
 */
public record SloSpec(String location, SloSet slos, ObservabilityConfig config, MonitorSettings settings) {

    public SloSpec {
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(slos, "slos");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(settings, "settings");
    }

    public String specId() {
        return slos.name();
    }

    /** Whether the SLOs are read from the application's own meters ({@code provider: micrometer}). */
    public boolean readsOwnMeters() {
        return "micrometer".equalsIgnoreCase(config.provider());
    }
}
