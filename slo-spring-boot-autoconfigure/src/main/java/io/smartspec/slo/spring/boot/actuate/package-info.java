/**
 * The actuator side of the Spring Boot integration: the {@code slo} endpoint and health indicator. The
 * data they show ({@link io.smartspec.slo.spring.boot.actuate.SlosDescriptor},
 * {@link io.smartspec.slo.spring.boot.actuate.SloHealth}) is free of actuator types.
 *
 * @since 0.1.0
 */
package io.smartspec.slo.spring.boot.actuate;
