/** Implementation of history storage, report computation and rendering. Not public API. */
package io.smartspec.slo.internal.report;
