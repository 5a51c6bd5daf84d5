/**
 * Implementation of the Micrometer source: the query parser, meter reading and the bounded count
 * history. Not API.
 */
package io.smartspec.slo.internal.micrometer;
