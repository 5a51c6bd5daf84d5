/**
 * The README's Java snippets, compiled and run by the examples' tests so the README cannot drift.
 */
package io.smartspec.slo.examples.readme;
