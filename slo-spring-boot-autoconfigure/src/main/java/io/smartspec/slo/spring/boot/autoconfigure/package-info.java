/**
 * Spring Boot auto-configuration of SmartSpec SLO: {@code smartspec.slo.spec=classpath:spec.md} and the
 * application's SLOs are monitored from its own meters, served at {@code /actuator/slo} and reported by
 * the {@code slo} health indicator.
 *
 * @since 0.1.0
 */
package io.smartspec.slo.spring.boot.autoconfigure;
