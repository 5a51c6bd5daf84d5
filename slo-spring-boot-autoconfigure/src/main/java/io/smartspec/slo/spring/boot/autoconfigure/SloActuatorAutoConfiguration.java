package io.smartspec.slo.spring.boot.autoconfigure;

import io.smartspec.slo.monitor.SloMonitor;
import io.smartspec.slo.spring.boot.actuate.SloEndpoint;
import io.smartspec.slo.spring.boot.actuate.SloHealthIndicator;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.autoconfigure.health.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The {@code slo} actuator endpoint and health indicator, over the application's {@link SloMonitor}
 * (the auto-configured one or the application's own). The health indicator is in no health group
 * unless the application adds it ({@code management.endpoint.health.group.readiness.include=readinessState,slo}).
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = SloAutoConfiguration.class)
@ConditionalOnClass(name = "org.springframework.boot.actuate.endpoint.annotation.Endpoint")
@ConditionalOnBean(SloMonitor.class)
@EnableConfigurationProperties(SloProperties.class)
public class SloActuatorAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnAvailableEndpoint
    SloEndpoint sloEndpoint(SloMonitor monitor) {
        return new SloEndpoint(monitor);
    }

    /** Kept apart: Spring Boot 4 moved the health API, so this is the part that changes with it. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.boot.actuate.health.HealthIndicator")
    @ConditionalOnEnabledHealthIndicator("slo")
    static class Health {

        @Bean
        @ConditionalOnMissingBean(name = "sloHealthIndicator")
        SloHealthIndicator sloHealthIndicator(SloMonitor monitor, SloProperties properties) {
            return new SloHealthIndicator(monitor, properties.getHealth().getPriorities(),
                    properties.getHealth().getBreachedStatus());
        }
    }
}
