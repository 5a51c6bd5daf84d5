package io.smartspec.slo.spring.boot.autoconfigure;

import io.smartspec.slo.incident.store.Incidents;
import io.smartspec.slo.spring.boot.actuate.IncidentsEndpoint;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * The {@code incidents} actuator endpoint, over the {@link Incidents} of {@link SloIncidentsAutoConfiguration}
 * (or the application's own).
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = SloIncidentsAutoConfiguration.class)
@ConditionalOnClass(name = {"org.springframework.boot.actuate.endpoint.annotation.Endpoint",
        "io.smartspec.slo.incident.store.Incidents"})
@ConditionalOnBean(Incidents.class)
public class SloIncidentsEndpointAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnAvailableEndpoint
    IncidentsEndpoint incidentsEndpoint(Incidents incidents) {
        return new IncidentsEndpoint(incidents);
    }
}
