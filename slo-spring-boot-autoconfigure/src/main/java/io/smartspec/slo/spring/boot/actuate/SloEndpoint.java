package io.smartspec.slo.spring.boot.actuate;

import io.smartspec.slo.monitor.SloMonitor;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;

import java.util.Objects;

/**
 * The {@code slo} actuator endpoint: {@code /actuator/slo} lists every SLO with its status, value,
 * objective, margin, error budget and burn rates as of the monitor's latest round;
 * {@code /actuator/slo/{name}} one of them (404 for an unknown name).
 *
 * @since 0.1.0
 */
@Endpoint(id = "slo")
public class SloEndpoint {

    private final SloMonitor monitor;

    public SloEndpoint(SloMonitor monitor) {
        this.monitor = Objects.requireNonNull(monitor, "monitor");
    }

    @ReadOperation
    public SlosDescriptor slos() {
        return SlosDescriptor.of(monitor);
    }

    /** One SLO by name; {@code null} (404) when the monitor has none of that name. */
    @ReadOperation
    public SlosDescriptor.SloDescriptor slo(@Selector String name) {
        return SlosDescriptor.of(monitor).slo(name).orElse(null);
    }
}
