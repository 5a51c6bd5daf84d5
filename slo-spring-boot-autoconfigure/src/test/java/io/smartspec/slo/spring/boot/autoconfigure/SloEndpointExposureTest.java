package io.smartspec.slo.spring.boot.autoconfigure;

import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.test.context.support.TestPropertySourceUtils;

import static org.assertj.core.api.Assertions.assertThat;

class SloEndpointExposureTest {

    private static final String INCLUDE = "management.endpoints.web.exposure.include";

    private static StandardEnvironment environment(String... properties) {
        StandardEnvironment environment = new StandardEnvironment();
        TestPropertySourceUtils.addInlinedPropertiesToEnvironment(environment, properties);
        new SloEndpointExposure().postProcessEnvironment(environment, new SpringApplication());
        return environment;
    }

    @Test
    void aConfiguredSpecExposesTheSloEndpointBesideHealth() {
        assertThat(environment("smartspec.slo.spec=classpath:spec.md").getProperty(INCLUDE)).isEqualTo("health,slo");
    }

    @Test
    void theApplicationsOwnExposureWins() {
        assertThat(environment("smartspec.slo.spec=classpath:spec.md", INCLUDE + "=health").getProperty(INCLUDE))
                .isEqualTo("health");
    }

    @Test
    void withoutASpecOrWhenDisabledNothingIsExposed() {
        assertThat(environment().getProperty(INCLUDE)).isNull();
        assertThat(environment("smartspec.slo.spec=classpath:spec.md", "smartspec.slo.enabled=false")
                .getProperty(INCLUDE)).isNull();
    }
}
