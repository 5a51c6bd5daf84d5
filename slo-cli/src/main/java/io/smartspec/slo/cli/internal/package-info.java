/**
 * Implementation of the {@code slo} command: argument parsing, spec selection and output. Not API.
 */
package io.smartspec.slo.cli.internal;
