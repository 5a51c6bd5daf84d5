/**
 * SmartSpec SLO: datadog.
 */
package io.smartspec.slo.datadog;
