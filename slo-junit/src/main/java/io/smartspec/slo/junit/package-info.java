/**
 * SmartSpec SLO: junit.
 */
package io.smartspec.slo.junit;
