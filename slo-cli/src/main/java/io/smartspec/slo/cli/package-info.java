/**
 * The {@code slo} command line: {@code validate}, {@code monitor}, {@code rules}, {@code report}.
 */
package io.smartspec.slo.cli;
