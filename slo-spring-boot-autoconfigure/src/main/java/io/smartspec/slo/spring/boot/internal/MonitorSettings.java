package io.smartspec.slo.spring.boot.internal;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * The monitor-wide settings (the state directory: where the monitor keeps what listeners were told, for
 * this spec) of a Spring application, each from its {@code smartspec.slo.*} property,
 * else from the spec's observability.yaml; empty where neither sets it (the library's default applies).
 */
public record MonitorSettings(Optional<Duration> interval, Optional<Duration> breachFor,
                              Optional<Duration> reminderEvery, Optional<Duration> queryTimeout,
                              Optional<Integer> queryConcurrency, Optional<Boolean> alertWhenNoData,
                              Optional<Long> minEvents, Optional<Path> stateDirectory) {
}
