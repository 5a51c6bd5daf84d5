/** The checkout service as a Spring Boot application, monitored by the SmartSpec SLO starter. */
package io.smartspec.slo.examples.springboot;
