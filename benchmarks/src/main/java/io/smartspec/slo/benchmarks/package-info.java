/**
 * SmartSpec SLO: benchmarks.
 */
package io.smartspec.slo.benchmarks;
