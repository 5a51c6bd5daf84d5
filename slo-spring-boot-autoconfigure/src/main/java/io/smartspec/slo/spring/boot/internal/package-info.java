/**
 * Implementation of the Spring Boot integration: loading the spec from Spring resources, building the
 * monitor, the views served by the actuator. Not API.
 */
package io.smartspec.slo.spring.boot.internal;
