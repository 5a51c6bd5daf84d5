package io.smartspec.slo.spring.boot.actuate;

import io.smartspec.slo.Priority;
import io.smartspec.slo.monitor.SloMonitor;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;

import java.util.Objects;
import java.util.Set;

/**
 * The {@code slo} health indicator: {@link SloHealth} in actuator terms. UP when every SLO of the
 * counted priorities is met, the configured status (DOWN by default) when one is breached, UNKNOWN
 * before the first round or without data. Not part of the liveness or readiness groups unless added:
 * restarting a pod does not fix a breached SLO.
 *
 * @since 0.1.0
 */
public class SloHealthIndicator implements HealthIndicator {

    private final SloMonitor monitor;
    private final Set<Priority> counted;
    private final Status breached;

    public SloHealthIndicator(SloMonitor monitor, Set<Priority> counted, String breachedStatus) {
        this.monitor = Objects.requireNonNull(monitor, "monitor");
        this.counted = Set.copyOf(counted);
        this.breached = new Status(breachedStatus);
    }

    @Override
    public Health health() {
        SloHealth health = SloHealth.of(monitor, counted);
        Status status = switch (health.state()) {
            case UP -> Status.UP;
            case BREACHED -> breached;
            case UNKNOWN -> Status.UNKNOWN;
        };
        return Health.status(status).withDetails(health.details()).build();
    }
}
