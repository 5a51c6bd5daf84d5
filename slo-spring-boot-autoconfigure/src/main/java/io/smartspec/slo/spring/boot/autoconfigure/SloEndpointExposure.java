package io.smartspec.slo.spring.boot.autoconfigure;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

import java.util.Map;

/**
 * Exposes {@code /actuator/slo} over HTTP beside {@code /actuator/health} when the application
 * configures a spec and says nothing about web exposure: a default at the lowest precedence, so any
 * {@code management.endpoints.web.exposure.include} the application sets replaces it.
 *
 * @since 0.1.0
 */
public class SloEndpointExposure implements EnvironmentPostProcessor, Ordered {

    static final String SOURCE = "smartspec-slo-defaults";
    static final String INCLUDE = "management.endpoints.web.exposure.include";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (!environment.containsProperty(SloProperties.PREFIX + ".spec")
                || "false".equalsIgnoreCase(environment.getProperty(SloProperties.PREFIX + ".enabled"))
                || environment.containsProperty(INCLUDE)
                || environment.getPropertySources().contains(SOURCE)) {
            return;
        }
        environment.getPropertySources().addLast(new MapPropertySource(SOURCE, Map.of(INCLUDE, "health,slo")));
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
