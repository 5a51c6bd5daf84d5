/**
 * SmartSpec SLO: cli.
 */
package io.smartspec.slo.cli;
