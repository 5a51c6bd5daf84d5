/**
 * The {@code slo} command line: {@code validate}, {@code monitor}, {@code rules}, {@code report},
 * {@code dashboard}, {@code alertmanager}, {@code doctor}.
 */
package io.smartspec.slo.cli;
