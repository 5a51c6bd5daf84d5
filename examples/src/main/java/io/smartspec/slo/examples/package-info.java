/**
 * SmartSpec SLO: examples.
 */
package io.smartspec.slo.examples;
